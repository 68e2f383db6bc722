import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import { SecretBox } from '@app/crypto';
import { TOPIC, type Topic } from './topics';

interface MessageContent {
  topic: Topic;
  /** Facts the template needs, never personal data: ids, reference numbers, amounts in pence, dates, codes. */
  data?: Record<string, unknown>;
  /** A link token; stored sealed and cleared once sent, so it is never in the database in clear. */
  secret?: string;
}

/** One message to one person: an account, or a "tell me when a round opens" sign-up. */
export type NewMessage = MessageContent & ({ recipientUserId: string } | { recipientSubscriptionId: string });

/** Everyone in a staff role, or every user of one training provider. */
export type Audience = { role: 'admin' | 'finance' | 'reviewer' } | { providerId: string };

/**
 * The only way a domain change sends anything: the message is written with
 * the caller's transaction (`manager`), so a rolled-back change sends nothing.
 * A relay in the worker moves committed rows to the queue.
 */
@Injectable()
export class OutboxService {
  private readonly box: SecretBox;

  constructor(config: AppConfig) {
    this.box = new SecretBox(config.sessionSecret);
  }

  /** Adds a message inside the caller's transaction; returns the outbox id. */
  async add(manager: EntityManager, message: NewMessage): Promise<string> {
    const [{ id }] = await manager.query(
      `INSERT INTO outbox (topic, recipient_user_id, recipient_subscription_id, data, secret_sealed) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [
        message.topic,
        'recipientUserId' in message ? message.recipientUserId : null,
        'recipientSubscriptionId' in message ? message.recipientSubscriptionId : null,
        message.data ?? {},
        message.secret ? this.box.seal(message.secret) : null,
      ],
    );
    return id;
  }

  /**
   * Adds the same message for everyone in an audience who can sign in now
   * (for example every finance user, or a provider's users), inside the
   * caller's transaction. Returns the outbox ids (none if nobody is in it).
   *
   * A newly placed learner goes instead onto the next daily summary of a
   * provider user who chose one (placed_learner_pending): decided in the same
   * statement as the emails, so each user gets the learner one way, never both
   * and never neither, whatever they change at the same moment.
   */
  async addForAudience(manager: EntityManager, audience: Audience, message: Omit<MessageContent, 'secret'>): Promise<string[]> {
    const [filter, value] = 'role' in audience ? [`u.role = $3`, audience.role] : [`u.role = 'provider' AND u.provider_id = $3`, audience.providerId];
    const summarised = message.topic === TOPIC.learnerPlaced && typeof message.data?.enrolmentId === 'string';
    const rows: { id: string }[] = await manager.query(
      `WITH audience AS (
         SELECT u.id, u.created_at, $4::boolean AND p.placed_learners IS NOT DISTINCT FROM 'daily' AS summarised
         FROM user_account u LEFT JOIN notification_preference p ON p.user_id = u.id
         WHERE ${filter} AND u.disabled_at IS NULL
       ), pending AS (
         INSERT INTO placed_learner_pending (user_id, enrolment_id)
         SELECT id, ($2::jsonb->>'enrolmentId')::uuid FROM audience WHERE summarised ON CONFLICT DO NOTHING
       )
       INSERT INTO outbox (topic, recipient_user_id, data)
       SELECT $1, a.id, $2 FROM audience a WHERE NOT a.summarised ORDER BY a.created_at RETURNING id`,
      [message.topic, message.data ?? {}, value, summarised],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Adds one message of `topic` to each of many users in one statement (a
   * bulk upload's completions), inside the caller's transaction.
   */
  async addMany(manager: EntityManager, topic: Topic, messages: { recipientUserId: string; data: Record<string, unknown> }[]): Promise<void> {
    if (messages.length === 0) return;
    await manager.query(
      `INSERT INTO outbox (topic, recipient_user_id, data) SELECT $1, u, d FROM unnest($2::uuid[], $3::jsonb[]) AS v(u, d)`,
      [topic, messages.map((m) => m.recipientUserId), messages.map((m) => JSON.stringify(m.data))],
    );
  }

  /** The sealed link token of a message, opened (for the sender only). */
  openSecret(sealed: string): string {
    return this.box.open(sealed);
  }
}
