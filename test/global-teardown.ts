import { Redis } from 'ioredis';
import { databasesNamed, dropTestDatabase } from './support/suite-database';

/** Drops the run's template and any suite database left behind, and deletes the run's queue keys. */
export default async function globalTeardown(): Promise<void> {
  const run = process.env.TEST_RUN_DATABASE_PREFIX;
  if (run) for (const name of await databasesNamed(run)) await dropTestDatabase(name);
  const prefix = process.env.QUEUE_PREFIX;
  if (prefix) {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  }
}
