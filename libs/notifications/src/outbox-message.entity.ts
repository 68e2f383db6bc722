import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type OutboxStatus = 'pending' | 'queued' | 'sent' | 'failed';

/** A message waiting to leave, written in the same transaction as the change that causes it. */
@Entity('outbox')
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid') id: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('text') topic: string;
  @Column('uuid', { nullable: true }) recipientUserId: string | null;
  @Column('jsonb') data: Record<string, unknown>;
  /** A link token sealed with SecretBox until the email is sent, then cleared. */
  @Column('text', { nullable: true }) secretSealed: string | null;
  @Column('text') status: OutboxStatus;
  @Column('int') attempts: number;
  @Column('text', { nullable: true }) lastError: string | null;
  @Column('timestamptz', { nullable: true }) queuedAt: Date | null;
  @Column('timestamptz', { nullable: true }) sentAt: Date | null;
}
