import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Pool } from 'pg';
import { Gauge } from 'prom-client';
import { AppConfig } from '@app/config';
import { pendingMigrationsVia } from '@app/database';
import { REDIS } from '@app/queue';
import { Metrics } from '../metrics/metrics';

const CHECK_TIMEOUT_MS = 1_500;

export type Check = { status: 'up' } | { status: 'down'; message?: string; pending?: string[] };

export interface Readiness {
  /** Ready: this process can serve requests. */
  ready: boolean;
  /** Every dependency's state, including those readiness does not depend on (Redis). */
  details: { postgres: Check; migrations: Check; redis: Check };
}

/**
 * Whether this process can serve requests: PostgreSQL answers on a
 * connection of the check's own (a busy request pool is not a database
 * that is down) and every migration has run. Redis is reported but does
 * not decide: while it is away every request still works (email waits in
 * the outbox, rate limits fall back to each process's memory), and taking
 * every API out of the load balancer for a Redis blip would be an outage of
 * our own making. Redis's state is also the `pmdp_dependency_up` gauge in
 * /metrics, for alerting. (The worker's health does depend on Redis:
 * `npm run cli -- queue:probe`.)
 */
@Injectable()
export class ReadinessService implements OnApplicationShutdown {
  private readonly pool: Pool;

  constructor(
    config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    metrics: Metrics,
  ) {
    this.pool = new Pool({
      connectionString: config.database.url,
      max: 1,
      connectionTimeoutMillis: CHECK_TIMEOUT_MS,
      idleTimeoutMillis: 60_000,
      application_name: `pmdp-${config.nodeEnv}-readiness`,
      statement_timeout: CHECK_TIMEOUT_MS,
    });
    // An idle connection the server dropped is replaced at the next check; it must not crash the process.
    this.pool.on('error', () => undefined);
    const check = () => this.check();
    new Gauge({
      name: 'pmdp_dependency_up',
      help: 'Whether a dependency answered this scrape (1) or not (0): postgres, redis, migrations',
      labelNames: ['dependency'] as const,
      registers: [metrics.registry],
      async collect() {
        const { details } = await check();
        for (const [dependency, c] of Object.entries(details)) this.set({ dependency }, c.status === 'up' ? 1 : 0);
      },
    });
  }

  /** The check under way: probes and scrapes arriving while it runs share it. */
  private running?: Promise<Readiness>;

  /**
   * Every check at once; never throws for a failed check, it reports it.
   * The endpoint is public and unmetered, and the check has one connection:
   * callers arriving while a check runs share it (one check at a time, and
   * each caller's answer still comes from a check that started no earlier
   * than the one before it finished), so a flood of probes cannot queue the
   * load balancer's own probe past its timeout.
   */
  async check(): Promise<Readiness> {
    if (this.running) return this.running;
    const running = this.checkNow().finally(() => {
      if (this.running === running) this.running = undefined;
    });
    this.running = running;
    return running;
  }

  private async checkNow(): Promise<Readiness> {
    const [postgres, redis] = await Promise.all([this.postgres(), this.ping()]);
    const details = { postgres: postgres.postgres, migrations: postgres.migrations, redis };
    return { ready: details.postgres.status === 'up' && details.migrations.status === 'up', details };
  }

  private async postgres(): Promise<{ postgres: Check; migrations: Check }> {
    let pending: string[];
    try {
      pending = await pendingMigrationsVia(async (sql) => (await withTimeout(this.pool.query<{ name: string }>(sql))).rows);
    } catch (err) {
      return { postgres: { status: 'down', message: (err as Error).message }, migrations: { status: 'down', message: 'PostgreSQL is down' } };
    }
    return { postgres: { status: 'up' }, migrations: pending.length ? { status: 'down', pending } : { status: 'up' } };
  }

  private async ping(): Promise<Check> {
    try {
      const answer = await withTimeout(this.redis.ping());
      return answer === 'PONG' ? { status: 'up' } : { status: 'down', message: `unexpected answer ${answer}` };
    } catch (err) {
      return { status: 'down', message: (err as Error).message };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
