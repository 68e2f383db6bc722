import type { Bucket, EntryKind } from './ledger/effects';
import type { LedgerEntry, Pot } from './entities';

export const POT_PURPOSES = ['bursaries', 'provider_payments'] as const;
export type PotPurpose = (typeof POT_PURPOSES)[number];

export interface PotView {
  id: string;
  name: string;
  purpose: PotPurpose;
  financialYear: string;
  region: string | null;
  fundedPence: number;
  reservedPence: number;
  committedPence: number;
  /** Fallen due to providers and not yet sent (in no paid run). */
  duePence: number;
  /** Sent to providers: payments in a run recorded paid. */
  paidPence: number;
  availablePence: number;
  closedAt: string | null;
  createdAt: string;
}

/** A pot as the API shows it; `sentPence` is what of its fallen-due money has been paid (payments/paid.ts). */
export const potView = (p: Pot, sentPence: number): PotView => ({
  id: p.id,
  name: p.name,
  purpose: p.purpose as PotPurpose,
  financialYear: p.financialYear,
  region: p.region,
  fundedPence: p.fundedPence,
  reservedPence: p.reservedPence,
  committedPence: p.committedPence,
  // The ledger's `pay` entries are payments falling due; sending them is recorded by payment runs.
  duePence: p.paidPence - sentPence,
  paidPence: sentPence,
  availablePence: p.availablePence,
  closedAt: p.closedAt?.toISOString() ?? null,
  createdAt: p.createdAt.toISOString(),
});

export interface LedgerEntryView {
  id: string;
  seq: number;
  potId: string;
  kind: EntryKind;
  bucket: Bucket | null;
  amountPence: number;
  applicationId: string | null;
  reversesEntryId: string | null;
  transferId: string | null;
  yearEndId: string | null;
  reason: string | null;
  reference: string | null;
  actorId: string | null;
  actorRole: string | null;
  at: string;
}

export const entryView = (e: LedgerEntry): LedgerEntryView => ({
  id: e.id,
  seq: Number(e.seq),
  potId: e.potId,
  kind: e.kind,
  bucket: e.bucket,
  amountPence: e.amountPence,
  applicationId: e.applicationId,
  reversesEntryId: e.reversesEntryId,
  transferId: e.transferId,
  yearEndId: e.yearEndId,
  reason: e.reason,
  reference: e.reference,
  actorId: e.actorId,
  actorRole: e.actorRole,
  at: e.at.toISOString(),
});

export interface BudgetSummary {
  programmeTotalPence: number;
  allocatedToPotsPence: number;
  unallocatedPence: number;
  reservedPence: number;
  committedPence: number;
  /** Fallen due to providers and not yet sent. */
  duePence: number;
  /** Sent to providers (payment runs recorded paid). */
  paidPence: number;
  /** In pots and not yet reserved, committed, due or paid. */
  availablePence: number;
}
