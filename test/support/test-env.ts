import { randomBytes } from 'node:crypto';

/**
 * Names shared by the global setup and the specs: the global setup writes them
 * to process.env, which jest passes on to the specs.
 */
export const TEST_ENV_KEYS = ['DATABASE_URL', 'QUEUE_PREFIX', 'NODE_ENV', 'LOG_LEVEL'] as const;

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** The server part of DATABASE_URL (the test database goes on the developer's local server). */
export function serverUrl(): string {
  return process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
}

export function databaseUrl(name: string): string {
  return `${serverUrl()}/${name}`;
}
