import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { OutboxRelay, RedisUnavailable } from '@app/notifications';

/** How often every relay checks for queued rows whose job Redis lost, and how old such a row must be. */
const SWEEP_EVERY_MS = 30_000;
const SWEEP_OLDER_THAN_SECONDS = 60;

/**
 * Polls the outbox every half second (sooner while there is a backlog) and
 * relays what it finds. Each turn it also asks whether Redis lost its data
 * (it keeps nothing on disk): if so, every queued row whose job is gone goes
 * back to pending at once; otherwise a slower sweep catches any stragglers.
 */
@Injectable()
export class OutboxRelayLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayLoop.name);
  private running = false;
  private loop?: Promise<void>;
  private lastSweep = Date.now();

  constructor(private readonly relay: OutboxRelay) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
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
        if (!away) this.logger.warn({ err: (err as Error).message }, 'Outbox relay failed; will retry');
        away = true;
        await sleep(err instanceof RedisUnavailable ? 500 : 1_000);
      }
      if (relayed === 0) await sleep(500);
    }
  }
}
