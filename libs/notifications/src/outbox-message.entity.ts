import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * pending: committed, waiting for the relay; queued: a job exists (or existed:
 * the relay's sweep puts it back to pending if Redis lost it); sent; failed
 * after the last attempt or at once for a refused address; skipped: a reminder
 * or digest the person turned off.
 */
export type OutboxStatus = 'pending' | 'queued' | 'sent' | 'failed' | 'skipped';

export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'queued', 'sent', 'failed', 'skipped'];

/**
 * A message waiting to leave, written in the same transaction as the change
 * that causes it; afterwards, its delivery log (attempts, last error, sent time).
 */
@Entity('outbox')
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid') id: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('text') topic: string;
  @Column('uuid', { nullable: true }) recipientUserId: string | null;
  /** A "tell me when a round opens" sign-up, for people who may have no account. */
  @Column('uuid', { nullable: true }) recipientSubscriptionId: string | null;
  @Column('jsonb') data: Record<string, unknown>;
  /** A link token sealed with SecretBox until the email is sent, then cleared. */
  @Column('text', { nullable: true }) secretSealed: string | null;
  @Column('text') status: OutboxStatus;
  @Column('int') attempts: number;
  @Column('text', { nullable: true }) lastError: string | null;
  @Column('timestamptz', { nullable: true }) queuedAt: Date | null;
  @Column('timestamptz', { nullable: true }) lastAttemptAt: Date | null;
  @Column('timestamptz', { nullable: true }) sentAt: Date | null;
  @Column('timestamptz', { nullable: true }) failedAt: Date | null;
  /** How many times an admin has sent it again; part of its job id and Message-ID. */
  @Column('int') resendCount: number;
  @Column('timestamptz', { nullable: true }) resentAt: Date | null;
  @Column('uuid', { nullable: true }) resentBy: string | null;
}
