import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import { SecretBox } from '@app/crypto';
import type { Topic } from './topics';

export interface NewMessage {
  topic: Topic;
  recipientUserId: string;
  /** Facts the template needs, never personal data: ids, reference numbers, amounts, dates. */
  data?: Record<string, unknown>;
  /** A link token; stored sealed and cleared once sent, so it is never in the database in clear. */
  secret?: string;
}

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

  /** Adds a message inside the caller's transaction. */
  async add(manager: EntityManager, message: NewMessage): Promise<string> {
    const [{ id }] = await manager.query(
      `INSERT INTO outbox (topic, recipient_user_id, data, secret_sealed) VALUES ($1, $2, $3, $4) RETURNING id`,
      [message.topic, message.recipientUserId, message.data ?? {}, message.secret ? this.box.seal(message.secret) : null],
    );
    return id;
  }

  /** The sealed link token of a message, opened (for the sender only). */
  openSecret(sealed: string): string {
    return this.box.open(sealed);
  }
}
