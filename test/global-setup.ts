import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { prepareDatabase } from '@app/database';
import { databaseUrl, uniqueName } from './support/test-env';

/**
 * One uniquely named database for the whole run, migrated with the real
 * migrations (synchronize is never used), and a unique queue prefix so runs
 * on the same Redis never see each other's jobs.
 */
export default async function globalSetup(): Promise<void> {
  const name = uniqueName('pmdp_test');
  process.env.NODE_ENV = 'test';
  process.env.DATABASE_URL = databaseUrl(name);
  process.env.QUEUE_PREFIX = uniqueName('test').toLowerCase();
  process.env.LOG_LEVEL ??= 'silent';
  process.env.DATABASE_CREATE_IF_MISSING = 'true';
  // The general API limit has its own test; the rest of the suite should never meet it.
  process.env.RATE_LIMIT_API_PER_MINUTE ??= '1000000';
  await prepareDatabase(loadConfig());
}
