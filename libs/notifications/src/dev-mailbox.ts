import type { AddressInfo } from 'node:net';

export interface MailboxMessage {
  id: number;
  receivedAt: string;
  messageId?: string;
  from?: string;
  to: string[];
  subject?: string;
  text?: string;
  html?: string;
}

/**
 * A real SMTP server inside the process, for development without SMTP_URL:
 * mail goes out over SMTP exactly as in production and lands here, to be read
 * at /dev/mailbox. It keeps the newest 500 messages in memory. It uses
 * development dependencies (smtp-server, mailparser) and never runs in production.
 */
export class DevMailbox {
  private static instance?: Promise<DevMailbox>;
  private readonly messages: MailboxMessage[] = [];
  private nextId = 1;
  port = 0;
  private server?: { close(cb: () => void): void };

  /** The process's one mailbox, started on first use. */
  static shared(): Promise<DevMailbox> {
    DevMailbox.instance ??= new DevMailbox().start();
    return DevMailbox.instance;
  }

  /** The mailbox if one has been started in this process. */
  static async current(): Promise<DevMailbox | undefined> {
    return DevMailbox.instance;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Every message kept, newest first. */
  list(): MailboxMessage[] {
    return [...this.messages].reverse();
  }

  /** One message by its number in this mailbox. */
  get(id: number): MailboxMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }

  async start(): Promise<this> {
    // Loaded here, not at the top: development dependencies are absent from a production install.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { SMTPServer } = require('smtp-server') as typeof import('smtp-server');
    const { simpleParser } = require('mailparser') as typeof import('mailparser');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.messages.push({
              id: this.nextId++,
              receivedAt: new Date().toISOString(),
              messageId: mail.messageId,
              from: mail.from?.text,
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: mail.subject,
              text: mail.text,
              html: typeof mail.html === 'string' ? mail.html : undefined,
            });
            if (this.messages.length > 500) this.messages.shift();
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.server.address() as AddressInfo).port;
    // It serves this process only and must not keep it alive once everything else has stopped.
    server.server.unref();
    this.server = server;
    return this;
  }
}
