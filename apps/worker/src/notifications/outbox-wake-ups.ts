import { Logger } from '@nestjs/common';
import { Client } from 'pg';

/** How long to wait before listening again after the connection drops. */
const RECONNECT_MS = 2_000;
/** How long stopping waits for the connection to close before dropping it. */
const STOP_WAIT_MS = 2_000;

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
  /** Whether the last attempt failed, so a database that stays away is logged once, not every two seconds. */
  private away = false;

  constructor(private readonly databaseUrl: string) {}

  start(): void {
    void this.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const client = this.client;
    if (!client) return;
    // A half-open socket may never say it closed: shutting down does not wait for it.
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      client.end().then(() => true, () => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), STOP_WAIT_MS))),
    ]);
    clearTimeout(timer);
    if (!ended) (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
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
    // TCP keepalive: a connection a firewall or failover dropped in silence is noticed (and replaced) instead of waiting forever.
    const client = new Client({ connectionString: this.databaseUrl, connectionTimeoutMillis: 5_000, keepAlive: true, keepAliveInitialDelayMillis: 10_000, application_name: 'pmdp-outbox-wake-ups' });
    this.client = client;
    let retrying = false;
    // The connection's end, or its failure to start: listen again shortly, once, unless stopping.
    const retry = () => {
      if (retrying || this.stopped) return;
      retrying = true;
      setTimeout(() => void this.listen(), RECONNECT_MS).unref();
    };
    client.on('notification', this.notified);
    client.on('error', (err) => this.warnOnce(err.message));
    client.on('end', retry);
    try {
      await client.connect();
      await client.query('LISTEN outbox_pending');
      if (this.away) this.logger.log('Listening for outbox rows again');
      this.away = false;
      // Rows committed while nobody listened are found by the next relay turn.
      this.notified();
    } catch (err) {
      this.warnOnce((err as Error).message);
      await client.end().catch(() => undefined);
      retry();
    }
  }

  private warnOnce(message: string): void {
    if (!this.away) this.logger.warn({ err: message }, 'Not listening for outbox rows; the relay polls until this is back');
    this.away = true;
  }
}
