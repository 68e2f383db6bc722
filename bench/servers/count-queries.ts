import { Client } from 'pg';

/**
 * Counts SQL round trips made through node-postgres in this process (every
 * TypeORM and raw pg query goes through Client.prototype.query) and prints
 * the total on SIGTERM as "queries <n>", for the bench to divide by requests.
 * With BENCH_PROFILE set, also prints the statements that took longest.
 */
export function countQueries(): () => number {
  let count = 0;
  const time = new Map<string, { ms: number; n: number }>();
  const original = Client.prototype.query;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    count++;
    const result = (original as (...a: unknown[]) => unknown).apply(this, args);
    if (process.env.BENCH_PROFILE && result instanceof Promise) {
      const sql = String(typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text ?? '').replace(/\s+/g, ' ').slice(0, 90);
      const t0 = process.hrtime.bigint();
      void result.then(() => {
        const t = time.get(sql) ?? { ms: 0, n: 0 };
        t.ms += Number(process.hrtime.bigint() - t0) / 1e6;
        t.n++;
        time.set(sql, t);
      }, () => undefined);
    }
    return result;
  } as typeof Client.prototype.query;
  if (process.env.BENCH_PROFILE) {
    process.once('SIGTERM', () => {
      const top = [...time].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15);
      for (const [sql, t] of top) process.stderr.write(`${t.ms.toFixed(1).padStart(9)} ms ${String(t.n).padStart(6)}x  ${sql}\n`);
    });
  }
  return () => count;
}
