import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { penceOf } from './money';
import type { Bucket, EntryKind } from './ledger/effects';

/** bigint pence columns arrive as text; every value fits a JS number exactly. */
const pence = { to: (v: number) => v, from: (v: string) => penceOf(v) };

/** A pot of money for one purpose and financial year; its balances change only with a ledger entry. */
@Entity('budget_pot')
export class Pot {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') purpose: string;
  @Column('text') financialYear: string;
  @Column('text', { nullable: true }) region: string | null;
  @Column('bigint', { transformer: pence }) fundedPence: number;
  @Column('bigint', { transformer: pence }) reservedPence: number;
  @Column('bigint', { transformer: pence }) committedPence: number;
  @Column('bigint', { transformer: pence }) paidPence: number;
  @Column('bigint', { transformer: pence }) availablePence: number;
  @Column('timestamptz', { nullable: true }) closedAt: Date | null;
  @Column('uuid', { nullable: true }) closedBy: string | null;
  @Column('uuid', { nullable: true }) createdBy: string | null;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz') updatedAt: Date;
}

/** One movement of money. Append-only: the database refuses UPDATE and DELETE. */
@Entity('budget_ledger_entry')
export class LedgerEntry {
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'bigint', insert: false, update: false }) seq: string;
  @Column('uuid') potId: string;
  @Column('text') kind: EntryKind;
  @Column('text', { nullable: true }) bucket: Bucket | null;
  @Column('bigint', { transformer: pence }) amountPence: number;
  @Column('uuid', { nullable: true }) applicationId: string | null;
  @Column('uuid', { nullable: true }) reversesEntryId: string | null;
  @Column('uuid', { nullable: true }) transferId: string | null;
  @Column('uuid', { nullable: true }) yearEndId: string | null;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('text', { nullable: true }) reference: string | null;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @Column('text', { nullable: true }) actorRole: string | null;
  @Column('timestamptz') at: Date;
}
