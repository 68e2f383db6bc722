import { Client } from 'pg';
import { DependencyUnavailableError, redactUrl } from '@app/config';

export const START_POSTGRES_HINT =
  'start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (or point DATABASE_URL at a running server)';

function reason(err: unknown): string {
  const e = err as { code?: string; message?: string; errors?: { message: string }[] };
  return e.code ?? e.errors?.[0]?.message ?? e.message ?? String(err);
}

/**
 * Checks PostgreSQL answers at `url`; when the database itself is missing and
 * `createIfMissing` is set (development), creates it.
 */
export async function ensureDatabase(url: string, createIfMissing: boolean): Promise<{ created: boolean }> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.end();
    return { created: false };
  } catch (err) {
    await client.end().catch(() => undefined);
    const code = (err as { code?: string }).code;
    if (code === '3D000' && createIfMissing) {
      await createDatabase(url);
      return { created: true };
    }
    if (code === '3D000') {
      throw new DependencyUnavailableError(
        `PostgreSQL at ${redactUrl(url)} has no such database; create it (createdb) or set DATABASE_CREATE_IF_MISSING=true`,
      );
    }
    throw new DependencyUnavailableError(`Cannot reach PostgreSQL at ${redactUrl(url)} (${reason(err)}); ${START_POSTGRES_HINT}`);
  }
}

export async function createDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    // Identifiers cannot be bound as parameters; quote it the way PostgreSQL does.
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (err) {
    // Another process created it between our check and now: that is fine. PostgreSQL says so as 42P04
    // (duplicate_database) or, when the two CREATE DATABASE statements race in the catalogue itself, as
    // 23505 on pg_database's unique index on the name.
    const { code, constraint } = err as { code?: string; constraint?: string };
    if (code !== '42P04' && !(code === '23505' && constraint === 'pg_database_datname_index')) throw err;
  } finally {
    await client.end();
  }
}

/** Drops a database (tests and benches use scratch databases). */
export async function dropDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
