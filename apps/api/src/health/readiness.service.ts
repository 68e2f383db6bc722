import { Inject, Injectable } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { HealthCheckResult } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { pendingMigrations } from '@app/database';
import { REDIS } from '@app/queue';

const CHECK_TIMEOUT_MS = 1_500;

/** Whether this process can serve: PostgreSQL answers, Redis answers, and the schema is up to date. */
@Injectable()
export class ReadinessService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly typeorm: TypeOrmHealthIndicator,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Runs every check; never throws for a failed check, it reports it. */
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.typeorm.pingCheck('postgres').withTimeout(CHECK_TIMEOUT_MS),
        () =>
          this.indicators
            .check('redis')
            .attempt(async () => {
              const answer = await this.redis.ping();
              if (answer !== 'PONG') throw new Error(`unexpected answer ${answer}`);
            })
            .withTimeout(CHECK_TIMEOUT_MS),
        async () => {
          const session = this.indicators.check('migrations');
          try {
            const pending = await pendingMigrations(this.dataSource);
            return pending.length === 0 ? session.up() : session.down({ pending });
          } catch (err) {
            return session.down({ message: (err as Error).message });
          }
        },
      ]);
    } catch (err) {
      // Terminus throws a 503 carrying the result; we want the result itself.
      const response = (err as { getResponse?: () => unknown }).getResponse?.();
      if (response && typeof response === 'object' && 'details' in response) return response as HealthCheckResult;
      throw err;
    }
  }
}
