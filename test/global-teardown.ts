import { Redis } from 'ioredis';
import { dropDatabase } from '@app/database';

/** Drops the run's database and deletes its queue keys. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.DATABASE_URL) await dropDatabase(process.env.DATABASE_URL);
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
