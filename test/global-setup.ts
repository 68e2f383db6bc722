import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { prepareDatabase } from '@app/database';
import { freezeTemplate } from './support/suite-database';
import { databaseUrl, uniqueName } from './support/test-env';

/**
 * One template database for the whole run, migrated once with the real
 * migrations (synchronize is never used); each suite file then runs on its
 * own clone of it (test/support/suite-database.ts). A unique queue prefix
 * keeps runs on the same Redis from seeing each other's jobs.
 */
export default async function globalSetup(): Promise<void> {
  const run = uniqueName('pmdp_test');
  const template = `${run}_template`;
  process.env.NODE_ENV = 'test';
  process.env.DATABASE_URL = databaseUrl(template);
  process.env.TEST_TEMPLATE_DATABASE = template;
  process.env.TEST_SUITE_DATABASE_PREFIX = `${run}_suite`;
  process.env.TEST_RUN_DATABASE_PREFIX = run;
  process.env.QUEUE_PREFIX = uniqueName('test').toLowerCase();
  process.env.LOG_LEVEL ??= 'silent';
  process.env.DATABASE_CREATE_IF_MISSING = 'true';
  // The general API limit has its own test; the rest of the suite should never meet it.
  process.env.RATE_LIMIT_API_PER_MINUTE ??= '1000000';
  await prepareDatabase(loadConfig());
  await freezeTemplate(template);
}
