import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import { SecretBox } from '@app/crypto';
import type { Topic } from './topics';

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
   */
  async addForAudience(manager: EntityManager, audience: Audience, message: Omit<MessageContent, 'secret'>): Promise<string[]> {
    const [filter, value] = 'role' in audience ? [`u.role = $3`, audience.role] : [`u.role = 'provider' AND u.provider_id = $3`, audience.providerId];
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO outbox (topic, recipient_user_id, data)
       SELECT $1, u.id, $2 FROM user_account u WHERE ${filter} AND u.disabled_at IS NULL ORDER BY u.created_at RETURNING id`,
      [message.topic, message.data ?? {}, value],
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
