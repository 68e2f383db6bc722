import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '@app/http';
import type { OutboxStatus } from './outbox-message.entity';
import { TOPIC_CATEGORY, type Topic } from './topics';

export const DELIVERY_LOG_PAGE_SIZE = 50;

export interface DeliveryQuery {
  status?: OutboxStatus;
  topic?: string;
  /** A user id, or an email address (an account's or a round sign-up's). */
  recipient?: string;
  /** Created at or after (inclusive). */
  from?: Date;
  /** Created before (exclusive). */
  to?: Date;
  page?: number;
}

export interface DeliveryLogEntry {
  id: string;
  topic: string;
  status: OutboxStatus;
  recipientUserId: string | null;
  recipientEmail: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  queuedAt: string | null;
  sentAt: string | null;
  failedAt: string | null;
  resendCount: number;
  resentAt: string | null;
  /** Whether POST /admin/notifications/:id/resend would send it again now. */
  canResend: boolean;
}

/** Why a resend was refused. */
export type ResendRefusal = 'not_found' | 'in_progress' | 'link_gone';

const LINK_TOPICS = new Set(Object.entries(TOPIC_CATEGORY).filter(([, c]) => c === 'security').map(([t]) => t));


/**
 * The delivery log: every message with its status, attempts, last error and
 * sent time (the outbox row is the log), for admins; and their resend action.
 */
@Injectable()
export class DeliveryLogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Messages newest first, 50 to a page, filtered by status, topic, recipient and when they were created. */
  async list(query: DeliveryQuery): Promise<{ items: DeliveryLogEntry[]; total: number; page: number }> {
    const page = Math.max(1, query.page ?? 1);
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.status) where.push(`o.status = $${params.push(query.status)}`);
    if (query.topic) where.push(`o.topic = $${params.push(query.topic)}`);
    if (query.recipient) {
      const r = query.recipient.trim();
      where.push(isUuid(r) ? `o.recipient_user_id = $${params.push(r)}` : `coalesce(u.email, s.email) = $${params.push(r)}::citext`);
    }
    if (query.from) where.push(`o.created_at >= $${params.push(query.from)}`);
    if (query.to) where.push(`o.created_at < $${params.push(query.to)}`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = `FROM outbox o LEFT JOIN user_account u ON u.id = o.recipient_user_id LEFT JOIN round_subscription s ON s.id = o.recipient_subscription_id`;
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total ${from} ${filter}`, params);
    const rows = await this.dataSource.query(
      `SELECT o.id, o.topic, o.status, o.recipient_user_id, coalesce(u.email, s.email)::text AS recipient_email, o.attempts, o.last_error,
              o.created_at, o.queued_at, o.sent_at, o.failed_at, o.resend_count, o.resent_at, o.secret_sealed IS NOT NULL AS has_link
       ${from} ${filter} ORDER BY o.created_at DESC, o.id LIMIT ${DELIVERY_LOG_PAGE_SIZE} OFFSET ${(page - 1) * DELIVERY_LOG_PAGE_SIZE}`,
      params,
    );
    return { items: rows.map(entry), total, page };
  }

  /**
   * Sends a failed (or sent) message again: back to pending with a new
   * generation, so it gets a new job and Message-ID; the attempt count goes on.
   * `inTransaction` runs in the same transaction (the caller's audit record).
   */
  async resend(id: string, byUserId: string | null, inTransaction?: (manager: EntityManager) => Promise<void>): Promise<{ ok: true; entry: DeliveryLogEntry } | { ok: false; refusal: ResendRefusal }> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(`SELECT status, topic, secret_sealed IS NOT NULL AS has_link FROM outbox WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) return { ok: false as const, refusal: 'not_found' as const };
      const refusal = resendRefusal(row.status, row.topic, row.has_link);
      if (refusal) return { ok: false as const, refusal };
      await manager.query(
        `UPDATE outbox SET status = 'pending', queued_at = NULL, sent_at = NULL, failed_at = NULL, resend_count = resend_count + 1, resent_at = now(), resent_by = $2 WHERE id = $1`,
        [id, byUserId],
      );
      await inTransaction?.(manager);
      const [updated] = await manager.query(
        `SELECT o.id, o.topic, o.status, o.recipient_user_id, coalesce(u.email, s.email)::text AS recipient_email, o.attempts, o.last_error,
                o.created_at, o.queued_at, o.sent_at, o.failed_at, o.resend_count, o.resent_at, o.secret_sealed IS NOT NULL AS has_link
         FROM outbox o LEFT JOIN user_account u ON u.id = o.recipient_user_id LEFT JOIN round_subscription s ON s.id = o.recipient_subscription_id
         WHERE o.id = $1`,
        [id],
      );
      return { ok: true as const, entry: entry(updated) };
    });
  }
}

function resendRefusal(status: OutboxStatus, topic: string, hasLink: boolean): ResendRefusal | null {
  if (status === 'pending' || status === 'queued') return 'in_progress';
  // A single-use link leaves with the email (or expires): such a message cannot be sent again, only asked for again.
  if (LINK_TOPICS.has(topic as Topic) && !hasLink) return 'link_gone';
  return null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function entry(r: Record<string, unknown>): DeliveryLogEntry {
  const status = r.status as OutboxStatus;
  return {
    id: r.id as string,
    topic: r.topic as string,
    status,
    recipientUserId: (r.recipient_user_id as string) ?? null,
    recipientEmail: (r.recipient_email as string) ?? null,
    attempts: r.attempts as number,
    lastError: (r.last_error as string) ?? null,
    createdAt: (r.created_at as Date).toISOString(),
    queuedAt: iso(r.queued_at as Date | null),
    sentAt: iso(r.sent_at as Date | null),
    failedAt: iso(r.failed_at as Date | null),
    resendCount: r.resend_count as number,
    resentAt: iso(r.resent_at as Date | null),
    canResend: resendRefusal(status, r.topic as string, r.has_link as boolean) === null,
  };
}
