import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { Batcher } from './batcher';
import { LINK_PATHS, preferencesUrl, tokenLink } from './links';
import { applicationRows, LOADERS, NothingToSay, type ApplicationRow } from './loaders';
import { isPermanentFailure, Mailer } from './mailer';
import { OutboxService } from './outbox.service';
import { renderEmail } from './templates/render';
import { isTopic, TOPIC_CATEGORY } from './topics';

/** The appeal window the intake lib enforces (APPEAL_WINDOW_DAYS there). */
const APPEAL_WINDOW_DAYS = 28;

export type SendOutcome = 'sent' | 'already_sent' | 'skipped';

/** Raised for a failure that retrying cannot fix; the job stops at once. */
export class PermanentSendFailure extends Error {}

/** The Message-ID of a message: derived from its outbox id (and the resend, if an admin sent it again). */
export function messageIdOf(outboxId: string, resendCount: number): string {
  return resendCount > 0 ? `<${outboxId}.r${resendCount}@pmdp.outbox>` : `<${outboxId}@pmdp.outbox>`;
}

interface ClaimedRow {
  id: string;
  topic: string;
  recipient_user_id: string | null;
  data: Record<string, unknown>;
  secret_sealed: string | null;
  resend_count: number;
  email: string | null;
  full_name: string | null;
  reminders: boolean | null;
  digests: boolean | null;
  skills_audit_invitations: boolean | null;
}

/**
 * How long the sender gathers emails into one claim, one application read and
 * one "sent" update. 20 ms (60 ms more per email, nothing for email) makes the
 * batches big enough that the worker's own work stays off the SMTP pool's
 * way: bench/notifications measured 0.70-0.76 at 3 ms, 0.73-0.79 at 10 ms and
 * 0.80-0.89 at 20 ms.
 */
const BATCH = { waitMs: 20, maxSize: 500 };

/**
 * Sends one outbox message: counts the attempt, finds the recipient and
 * their preferences, loads what the template needs, renders it, sends it
 * with a Message-ID derived from the outbox id (so a resend after a crash is
 * recognisable as the same message), and records the outcome in the row,
 * which is the message's delivery log.
 *
 * The database work for emails being sent at the same moment is gathered
 * into one statement each (claim, application rows, marking sent): each job
 * still waits for its own row to be written before it completes, so a crash
 * loses nothing, and the worker makes a few round trips per batch instead of
 * four per email (bench/notifications measures the difference).
 *
 * The recipient's address is read with the claim, from the account (or the
 * round sign-up) the outbox row names: the queue and the outbox hold only ids.
 */
@Injectable()
export class NotificationSender {
  private readonly logger = new Logger(NotificationSender.name);
  private readonly claims = new Batcher<string, ClaimedRow | undefined>((ids) => this.claim(ids), BATCH);
  private readonly applications = new Batcher<string, ApplicationRow | undefined>((ids) => applicationRows(this.dataSource, ids), BATCH);
  private readonly sent = new Batcher<string, void>((ids) => this.markSent(ids), BATCH);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
  ) {}

  /** Sends the message; throws to ask for a retry, PermanentSendFailure to stop. */
  async send(outboxId: string): Promise<SendOutcome> {
    const row = await this.claims.load(outboxId);
    if (!row) return 'already_sent';
    if (!isTopic(row.topic)) return this.fail(outboxId, `unknown topic ${row.topic}`);
    const topic = row.topic;

    const category = TOPIC_CATEGORY[topic];
    if ((category === 'reminder' && row.reminders === false) || (category === 'digest' && row.digests === false) || (category === 'invitation' && row.skills_audit_invitations === false)) {
      await this.record(outboxId, `status = 'skipped', last_error = $2, secret_sealed = NULL`, [`the recipient turned off ${category}s`]);
      return 'skipped';
    }

    if (!row.email) return this.fail(outboxId, 'recipient not found');
    const recipient = row.full_name ? { email: row.email, fullName: row.full_name } : { email: row.email };

    // Loading reads the database: a connection cut or a timeout there mends itself, so it is retried with the
    // job's backoff. Only a fault of the message itself is permanent: a record it needs has gone (NothingToSay),
    // its link has been spent, or its template cannot render.
    let loaded;
    try {
      loaded = await LOADERS[topic]({
        db: this.dataSource,
        data: row.data,
        offerExpiryDays: this.config.programme.offerExpiryDays,
        appealWindowDays: APPEAL_WINDOW_DAYS,
        application: (id) => this.applications.load(id),
      });
    } catch (err) {
      if (err instanceof NothingToSay) return this.fail(outboxId, `could not prepare the message: ${err.message}`);
      await this.record(outboxId, `last_error = $2`, [`could not load the message yet: ${(err as Error).message}`.slice(0, 500)]).catch(() => undefined);
      throw err;
    }
    let email;
    try {
      const path = LINK_PATHS[topic];
      const link = path && row.secret_sealed ? tokenLink(topic, this.config.http.publicBaseUrl, this.outbox.openSecret(row.secret_sealed)) : undefined;
      if (path && !link) return this.fail(outboxId, 'the link in this message has been used or cleared; ask the person to request a new one');
      email = renderEmail(topic, {
        ...loaded,
        recipient,
        programmeName: this.config.programme.name,
        baseUrl: this.config.http.publicBaseUrl,
        data: row.data,
        ...(link ? { link } : {}),
        ...(category === 'reminder' || category === 'digest' || category === 'invitation' ? { preferencesUrl: preferencesUrl(this.config.http.publicBaseUrl) } : {}),
      });
    } catch (err) {
      if (err instanceof PermanentSendFailure) throw err;
      // A template error or a sealed link that will not open will not mend itself: stop, and let an admin resend after a fix.
      this.logger.error({ err, outboxId, topic }, 'Could not render a message');
      return this.fail(outboxId, `could not prepare the message: ${(err as Error).message}`);
    }

    try {
      await this.mailer.send({ to: recipient.email, ...email, messageId: messageIdOf(outboxId, row.resend_count) });
    } catch (err) {
      const message = (err as Error).message.slice(0, 500);
      if (isPermanentFailure(err)) return this.fail(outboxId, message);
      await this.record(outboxId, `last_error = $2`, [message]);
      throw err;
    }
    await this.sent.load(outboxId);
    return 'sent';
  }

  /** Marks a message failed after its last attempt (or at once, for a failure no retry can fix). */
  async markFailed(outboxId: string, error: string): Promise<void> {
    // The sealed link stays until it expires, so that an admin's resend still carries it.
    await this.record(outboxId, `status = 'failed', failed_at = now(), last_error = $2`, [error.slice(0, 500)], `status IN ('pending', 'queued')`);
  }

  /** Claims an attempt at each message still to send, with its recipient's address and preferences: one statement for many. */
  private async claim(ids: string[]): Promise<(ClaimedRow | undefined)[]> {
    const rows: ClaimedRow[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE outbox SET attempts = attempts + 1, last_attempt_at = now()
         WHERE id = ANY($1::uuid[]) AND status IN ('pending', 'queued')
         RETURNING id, topic, recipient_user_id, recipient_subscription_id, data, secret_sealed, resend_count)
       SELECT c.id, c.topic, c.recipient_user_id, c.data, c.secret_sealed, c.resend_count,
              coalesce(u.email, s.email)::text AS email, u.full_name, p.reminders, p.digests, p.skills_audit_invitations
       FROM claimed c
       LEFT JOIN user_account u ON u.id = c.recipient_user_id
       LEFT JOIN round_subscription s ON s.id = c.recipient_subscription_id
       LEFT JOIN notification_preference p ON p.user_id = c.recipient_user_id`,
      [[...new Set(ids)]],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    // The same message twice in one batch (a stalled job run again beside itself) is claimed once.
    return ids.map((id) => {
      const row = byId.get(id);
      byId.delete(id);
      return row;
    });
  }

  /** The token has done its job: it leaves the database with the email. */
  private async markSent(ids: string[]): Promise<void[]> {
    await this.dataSource.query(`UPDATE outbox SET status = 'sent', sent_at = now(), secret_sealed = NULL, last_error = NULL WHERE id = ANY($1::uuid[])`, [ids]);
    return ids.map(() => undefined);
  }

  private async fail(outboxId: string, error: string): Promise<never> {
    await this.markFailed(outboxId, error);
    throw new PermanentSendFailure(error);
  }

  private async record(outboxId: string, set: string, params: unknown[] = [], where = `true`): Promise<void> {
    await this.dataSource.query(`UPDATE outbox SET ${set} WHERE id = $1 AND ${where}`, [outboxId, ...params]);
  }
}
