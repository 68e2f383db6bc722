import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { isPermanentFailure, Mailer } from './mailer';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxService } from './outbox.service';
import { renderEmail } from './templates/render';
import { RecipientDirectory, type Topic } from './topics';

/** Where each topic's link points, when it carries a token. */
const LINK_PATHS: Partial<Record<Topic, string>> = {
  'account.verify_email': '/verify-email',
  'account.password_reset': '/reset-password',
  'account.invitation': '/accept-invitation',
};

export type SendOutcome = 'sent' | 'already_sent' | 'no_recipient';

/** Raised for a failure that retrying cannot fix; the job stops at once. */
export class PermanentSendFailure extends Error {}

/**
 * Sends one outbox message: loads it and its recipient, renders it, sends it
 * with a Message-ID derived from the outbox id (so a resend after a crash is
 * recognisable as the same message), and records the outcome.
 */
@Injectable()
export class NotificationSender {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly recipients: RecipientDirectory,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
  ) {}

  /** Sends the message; throws to ask for a retry, PermanentSendFailure to stop. */
  async send(outboxId: string): Promise<SendOutcome> {
    const repo = this.dataSource.getRepository(OutboxMessage);
    const message = await repo.findOneBy({ id: outboxId });
    if (!message || message.status === 'sent') return 'already_sent';
    const recipient = message.recipientUserId ? await this.recipients.find(message.recipientUserId) : null;
    if (!recipient) {
      await repo.update(outboxId, { status: 'failed', lastError: 'recipient not found', secretSealed: null });
      return 'no_recipient';
    }
    const path = LINK_PATHS[message.topic as Topic];
    const link =
      path && message.secretSealed
        ? `${this.config.http.publicBaseUrl}${path}?token=${encodeURIComponent(this.outbox.openSecret(message.secretSealed))}`
        : undefined;
    const email = renderEmail(message.topic as Topic, {
      recipient,
      programmeName: this.config.programme.name,
      baseUrl: this.config.http.publicBaseUrl,
      data: message.data,
      link,
    });
    await repo.increment({ id: outboxId }, 'attempts', 1);
    try {
      await this.mailer.send({ to: recipient.email, ...email, messageId: `<${outboxId}@pmdp.outbox>` });
    } catch (err) {
      const permanent = isPermanentFailure(err);
      await repo.update(outboxId, {
        lastError: (err as Error).message.slice(0, 500),
        ...(permanent ? { status: 'failed' as const, secretSealed: null } : {}),
      });
      if (permanent) throw new PermanentSendFailure((err as Error).message);
      throw err;
    }
    // The token has done its job: it leaves the database with the email.
    await repo.update(outboxId, { status: 'sent', sentAt: new Date(), secretSealed: null, lastError: null });
    return 'sent';
  }

  /** Marks a message failed after its last attempt. */
  async markFailed(outboxId: string, error: string): Promise<void> {
    await this.dataSource
      .getRepository(OutboxMessage)
      .update(outboxId, { status: 'failed', lastError: error.slice(0, 500), secretSealed: null });
  }
}
