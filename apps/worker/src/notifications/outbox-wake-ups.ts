import { Logger } from '@nestjs/common';
import { Client } from 'pg';

/** How long to wait before listening again after the connection drops. */
const RECONNECT_MS = 2_000;

/**
 * Wakes the outbox relay when PostgreSQL says new rows were committed
 * (LISTEN outbox_pending; the outbox's trigger notifies at commit). The
 * relay still polls, so a dropped connection or a missed notification only
 * costs latency: this connection reconnects on its own and never throws.
 */
export class OutboxWakeUps {
  private readonly logger = new Logger(OutboxWakeUps.name);
  private client?: Client;
  private stopped = false;
  private pending = false;
  private wake?: () => void;

  constructor(private readonly databaseUrl: string) {}

  start(): void {
    void this.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.client?.end().catch(() => undefined);
  }

  /** Resolves after `ms`, or sooner when rows arrive (at once if some arrived since the last wait). */
  wait(ms: number): Promise<void> {
    if (this.pending || this.stopped) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private notified = () => {
    this.pending = true;
    this.wake?.();
  };

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.databaseUrl, connectionTimeoutMillis: 5_000 });
    this.client = client;
    let retrying = false;
    // The connection's end, or its failure to start: listen again shortly, once, unless stopping.
    const retry = () => {
      if (retrying || this.stopped) return;
      retrying = true;
      setTimeout(() => void this.listen(), RECONNECT_MS).unref();
    };
    client.on('notification', this.notified);
    client.on('error', (err) => this.logger.warn({ err: err.message }, 'Outbox wake-up connection failed; polling until it is back'));
    client.on('end', retry);
    try {
      await client.connect();
      await client.query('LISTEN outbox_pending');
      // Rows committed while nobody listened are found by the next relay turn.
      this.notified();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'Could not listen for outbox rows; polling until it is back');
      await client.end().catch(() => undefined);
      retry();
    }
  }
}
