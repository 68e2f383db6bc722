import { Redis } from 'ioredis';
import { DependencyUnavailableError, redactUrl } from '@app/config';

export const START_REDIS_HINT =
  'start it with: redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no (or point REDIS_URL at a running server)';

/** Checks Redis answers PING at `url`; throws a one-line DependencyUnavailableError when it does not. */
export async function checkRedis(url: string): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    const e = err as { code?: string; message?: string };
    throw new DependencyUnavailableError(`Cannot reach Redis at ${redactUrl(url)} (${e.code ?? e.message}); ${START_REDIS_HINT}`);
  } finally {
    client.disconnect();
  }
}

/**
 * A shared client for quick Redis work outside BullMQ (health checks, later
 * rate limits). Commands fail at once while Redis is down rather than queueing,
 * so a readiness probe reports the outage instead of hanging.
 */
export function createRedisClient(url: string, name: string): Redis {
  const client = new Redis(url, {
    connectionName: name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 3_000,
  });
  client.on('error', () => undefined);
  return client;
}
