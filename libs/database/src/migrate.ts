import type { DataSource } from 'typeorm';
import { migrations } from '../../../migrations';
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

/** Names of the migrations the code knows about that the database has not run. One query. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  return pendingMigrationsVia((sql) => dataSource.query(sql));
}

/**
 * The same, reading the migrations table through `read`, on whatever
 * connection the caller has (readiness keeps one of its own, apart from the
 * request pool). A connection error is thrown; a database nothing has
 * migrated has every migration pending.
 */
export async function pendingMigrationsVia(read: (sql: string) => Promise<{ name: string }[]>): Promise<string[]> {
  const known = migrations.map((m) => m.name);
  let rows: { name: string }[];
  try {
    rows = await read(`SELECT name FROM ${MIGRATIONS_TABLE}`);
  } catch (err) {
    // 42P01 undefined_table (as TypeORM wraps it, or as pg raises it): a database nothing has migrated yet.
    const e = err as { code?: string; driverError?: { code?: string } };
    if ((e.driverError?.code ?? e.code) === '42P01') return known;
    throw err;
  }
  const ran = new Set(rows.map((r) => r.name));
  return known.filter((name) => !ran.has(name));
}
