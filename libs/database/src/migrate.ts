import type { DataSource } from 'typeorm';
import { MIGRATIONS_TABLE } from './data-source-options';

/** An arbitrary constant: every process that migrates takes this advisory lock first. */
const MIGRATION_LOCK_KEY = 7_261_402_026;

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so N API and M
 * worker processes starting together migrate once and the rest wait.
 * Returns the names of the migrations this call applied. Needs two pooled
 * connections: one holds the lock while TypeORM migrates on another.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/** Names of the migrations the code knows about that the database has not run. One query: readiness calls it often. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const known = dataSource.migrations.map((m) => m.name ?? m.constructor.name);
  let rows: { name: string }[];
  try {
    rows = await dataSource.query(`SELECT name FROM ${MIGRATIONS_TABLE}`);
  } catch (err) {
    // 42P01 undefined_table: a database nothing has migrated yet.
    if ((err as { driverError?: { code?: string } }).driverError?.code === '42P01') return known;
    throw err;
  }
  const ran = new Set(rows.map((r) => r.name));
  return known.filter((name) => !ran.has(name));
}
