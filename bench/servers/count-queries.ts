import { writeFileSync } from 'node:fs';
import { Client } from 'pg';

/** A statement as the app sent it, for a bench to replay with a bare client (BENCH_CAPTURE=<file>). */
export interface CapturedStatement {
  at: number;
  text: string;
  values?: unknown[];
}

/**
 * Counts SQL round trips made through node-postgres in this process (every
 * TypeORM and raw pg query goes through Client.prototype.query) and prints
 * the total on SIGTERM as "queries <n>", for the bench to divide by requests.
 * With BENCH_PROFILE set, also prints the statements that took longest; with
 * BENCH_CAPTURE=<file>, writes every statement and its parameters to that
 * file on SIGTERM, so a bench can replay the app's own SQL without the app.
 */
export function countQueries(): () => number {
  let count = 0;
  const time = new Map<string, { ms: number; n: number }>();
  const captured: CapturedStatement[] = [];
  const original = Client.prototype.query;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    count++;
    if (process.env.BENCH_CAPTURE) {
      const config = typeof args[0] === 'string' ? { text: args[0], values: args[1] } : (args[0] as { text: string; values?: unknown });
      captured.push({ at: Date.now(), text: config.text, values: Array.isArray(config.values) ? config.values : undefined });
    }
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
  if (process.env.BENCH_CAPTURE) process.once('SIGTERM', () => writeFileSync(process.env.BENCH_CAPTURE!, JSON.stringify(captured)));
  if (process.env.BENCH_PROFILE) {
    process.once('SIGTERM', () => {
      const top = [...time].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15);
      for (const [sql, t] of top) process.stderr.write(`${t.ms.toFixed(1).padStart(9)} ms ${String(t.n).padStart(6)}x  ${sql}\n`);
    });
  }
  return () => count;
}
