import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { databaseUrl, serverUrl } from './test-env';

/**
 * Each e2e suite file runs against its own database, cloned from the
 * template the global setup migrated (`CREATE DATABASE ... TEMPLATE`, a file
 * copy of a few megabytes), so a suite sees only its own rows and can assert
 * exact totals. Registered as jest's setupFilesAfterEnv for the e2e project:
 * DATABASE_URL is set before the spec file loads, so testConfig() and every
 * process a test spawns (they inherit process.env) use the suite's database.
 */

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function onServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: `${serverUrl()}/postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The name of a suite's database in this run: the run's prefix (so the teardown finds leftovers), then its own part. */
export function suiteDatabaseName(runPrefix: string): string {
  return `${runPrefix}_${randomBytes(4).toString('hex')}`;
}

/**
 * Clones `template` as `name`. The default WAL_LOG strategy: measured on this
 * 9 MB template at about 0.2-0.3 s, where FILE_COPY's checkpoints took 0.8-1.4 s.
 */
export function cloneDatabase(template: string, name: string): Promise<void> {
  return onServer(async (c) => {
    await c.query(`CREATE DATABASE ${quote(name)} TEMPLATE ${quote(template)}`);
  });
}

/** Drops a database and, when it was marked a template, unmarks it first. */
export function dropTestDatabase(name: string): Promise<void> {
  return onServer(async (c) => {
    await c.query(`UPDATE pg_database SET datistemplate = false WHERE datname = $1`, [name]).catch(() => undefined);
    await c.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`);
  });
}

/** Marks `name` a template nobody connects to (cloning needs it idle). */
export function freezeTemplate(name: string): Promise<void> {
  return onServer(async (c) => {
    await c.query(`ALTER DATABASE ${quote(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  });
}

/** Every database whose name starts with `prefix_`. */
export function databasesNamed(prefix: string): Promise<string[]> {
  return onServer(async (c) => (await c.query(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [`${prefix}_`])).rows.map((r) => r.datname));
}

// As jest's setupFilesAfterEnv: this file's database, for this spec file only.
const template = process.env.TEST_TEMPLATE_DATABASE;
const runPrefix = process.env.TEST_SUITE_DATABASE_PREFIX;
if (template && runPrefix && typeof beforeAll === 'function') {
  const name = suiteDatabaseName(runPrefix);
  process.env.DATABASE_URL = databaseUrl(name);
  // Its own queue and rate-limit prefix on Redis too, so suites running side by side never take each other's jobs.
  if (process.env.QUEUE_PREFIX) process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX.slice(0, 30)}_${name.slice(-8)}`;
  beforeAll(() => cloneDatabase(template, name));
  afterAll(() => dropTestDatabase(name));
}
