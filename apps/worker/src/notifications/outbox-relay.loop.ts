import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { OutboxRelay } from '@app/notifications';

/** Polls the outbox every half second (sooner while there is a backlog) and relays what it finds. */
@Injectable()
export class OutboxRelayLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayLoop.name);
  private running = false;
  private loop?: Promise<void>;

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
    while (this.running) {
      let relayed = 0;
      try {
        relayed = await this.relay.relayBatch();
      } catch (err) {
        // Redis or PostgreSQL is away: the rows stay pending and go when it is back.
        this.logger.warn({ err: (err as Error).message }, 'Outbox relay failed; will retry');
        await sleep(2_000);
      }
      if (relayed === 0) await sleep(500);
    }
  }
}
