import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '@app/config';
import { OutboxRelay, RedisUnavailable } from '@app/notifications';
import { OutboxWakeUps } from './outbox-wake-ups';

/** How often every relay checks for queued rows whose job Redis lost, and how old such a row must be. */
const SWEEP_EVERY_MS = 30_000;
const SWEEP_OLDER_THAN_SECONDS = 60;

/**
 * Relays the outbox as soon as PostgreSQL says rows were committed (LISTEN),
 * and polls it every half second anyway (at once while there is a backlog)
 * in case a notification is missed. Each turn it also asks whether Redis lost its data
 * (it keeps nothing on disk): if so, every queued row whose job is gone goes
 * back to pending at once; otherwise a slower sweep catches any stragglers.
 */
@Injectable()
export class OutboxRelayLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayLoop.name);
  private running = false;
  private loop?: Promise<void>;
  private lastSweep = Date.now();

  private readonly wakeUps: OutboxWakeUps;

  constructor(
    private readonly relay: OutboxRelay,
    config: AppConfig,
  ) {
    this.wakeUps = new OutboxWakeUps(config.database.url);
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.wakeUps.start();
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.wakeUps.stop();
    await this.loop;
  }

  private async run(): Promise<void> {
    let away = false;
    while (this.running) {
      let relayed = 0;
      try {
        if (await this.relay.redisWasReset()) {
          this.logger.log('Redis has no record of earlier jobs (first start, or it restarted empty): checking queued messages');
          await this.relay.sweep(0);
          this.lastSweep = Date.now();
        } else if (Date.now() - this.lastSweep > SWEEP_EVERY_MS) {
          await this.relay.sweep(SWEEP_OLDER_THAN_SECONDS);
          await this.relay.forgetExpiredLinks();
          this.lastSweep = Date.now();
        }
        relayed = await this.relay.relayBatch();
        if (away) this.logger.log('Outbox relay is moving messages again');
        away = false;
      } catch (err) {
        // Redis or PostgreSQL is away: the rows stay pending and go when it is back.
        if (!away) this.logger.warn({ err }, 'Outbox relay failed; will retry');
        away = true;
        await sleep(err instanceof RedisUnavailable ? 500 : 1_000);
      }
      if (relayed === 0) await this.wakeUps.wait(500);
    }
  }
}
