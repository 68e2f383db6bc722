import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig, redactUrl } from '@app/config';
import { DevMailbox } from './dev-mailbox';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

/** The one pooled SMTP transport's settings (the bench's raw baseline uses the same). */
export function smtpTransportOptions(url: string) {
  return { url, pool: true, maxConnections: 5, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
}

/** SMTP errors that no retry will fix: the address or the message is refused. */
export function isPermanentFailure(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * Sends email through one pooled nodemailer transport: SMTP_URL, or in
 * development (no SMTP_URL) the in-process mailbox at /dev/mailbox.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly logger = new Logger(Mailer.name);
  private transport?: Promise<Transporter>;

  constructor(private readonly config: AppConfig) {}

  private async open(): Promise<Transporter> {
    let url = this.config.mail.smtpUrl;
    if (!url) {
      const mailbox = await DevMailbox.shared();
      url = mailbox.url;
      this.logger.log(`No SMTP_URL: email goes to the development mailbox (${url}), readable at /dev/mailbox`);
    } else {
      this.logger.log(`Sending email through ${redactUrl(url)}`);
    }
    return createTransport(smtpTransportOptions(url) as never);
  }

  /** Sends one message; rejects with the SMTP error (see isPermanentFailure). */
  async send(email: OutgoingEmail): Promise<void> {
    this.transport ??= this.open();
    const transport = await this.transport;
    await transport.sendMail({ from: this.config.mail.from, ...email });
  }

  /**
   * Closes the pool. The worker calls this only once its queues have drained
   * (WorkerDrain): closing it while jobs are still sending fails each of them
   * ("Connection pool was closed") and costs it an attempt and a backoff.
   */
  async close(): Promise<void> {
    const transport = this.transport;
    this.transport = undefined;
    if (transport) (await transport).close();
  }

  /** A process without a worker that drains first still lets the pool go at the very end. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
