import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SunkEmail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId?: string;
}

/**
 * A real SMTP server in the test process: the system sends to it over SMTP
 * exactly as it would to a real one. `reject` makes it refuse recipients
 * (a permanent 550) to exercise failure handling.
 */
export class SmtpSink {
  readonly messages: SunkEmail[] = [];
  private server?: SMTPServer;
  port = 0;
  rejectRecipients: (address: string) => boolean = () => false;
  /** How long each message waits before the server accepts it (a slow mail server, to catch sends in flight). */
  delayMs = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (this.rejectRecipients(address.address)) {
          const err = new Error('Mailbox unavailable') as Error & { responseCode: number };
          err.responseCode = 550;
          return callback(err);
        }
        callback();
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then(async (mail) => {
            if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
            this.messages.push({
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              messageId: mail.messageId,
            });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Waits for the newest message to `to` whose subject matches. */
  async waitFor(to: string, subject: RegExp, timeoutMs = 15_000): Promise<SunkEmail> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = [...this.messages].reverse().find((m) => m.to.includes(to.toLowerCase()) && subject.test(m.subject));
      if (found) return found;
      if (Date.now() > until) throw new Error(`no email to ${to} matching ${subject}; got: ${this.messages.map((m) => `${m.to} ${m.subject}`).join(' | ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The token in a message's link (…?token=…). */
export function tokenIn(email: SunkEmail): string {
  const match = /[?&]token=([A-Za-z0-9_-]+)/.exec(email.text);
  if (!match) throw new Error(`no link token in: ${email.text}`);
  return match[1];
}
