import { Client } from 'pg';

/**
 * Counts SQL round trips made through node-postgres in this process (every
 * TypeORM and raw pg query goes through Client.prototype.query) and prints
 * the total on SIGTERM as "queries <n>", for the bench to divide by requests.
 */
export function countQueries(): () => number {
  let count = 0;
  const original = Client.prototype.query;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    count++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof Client.prototype.query;
  return () => count;
}
