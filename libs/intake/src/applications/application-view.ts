import type { Decision, Reason } from '@app/eligibility';
import type { Application, ApplicationTransition } from '../entities';
import type { ApplicationStatus } from './status';
import { offerExpiresAt } from '../review/offer-expiry';

/** An offer as the applicant and staff see it: the bursary, and when it lapses if not accepted. */
export interface OfferView {
  amountPence: number;
  expiresAt: string;
}

/** The one rule for when an offer lapses: `offerExpiryDays` after it was made. */
export function offerView(amountPence: number, offeredAt: Date | string, offerExpiryDays: number): OfferView {
  return { amountPence: Number(amountPence), expiresAt: offerExpiresAt(new Date(offeredAt), offerExpiryDays).toISOString() };
}

export interface HistoryEntry {
  status: ApplicationStatus;
  from: ApplicationStatus | null;
  at: string;
  by: string;
  reason?: string;
  note?: string;
}

export interface EligibilitySummary {
  outcome: Decision['outcome'];
  ruleSetVersion: string;
  reasons: Reason[];
}

/** What an applicant sees of their own application. */
export interface ApplicationView {
  id: string;
  reference: string;
  status: ApplicationStatus;
  roundId: string;
  qualificationId: string;
  employerSupport: { name: string; email: string } | null;
  statement: string | null;
  eligibility?: EligibilitySummary;
  offer?: OfferView;
  submittedAt: string | null;
  createdAt: string;
  history: HistoryEntry[];
}

/** The stored eligibility decision, with when it was made and any duplicate finding. */
export interface StoredEligibility extends Decision {
  decidedAt: string;
}

export function historyOf(rows: ApplicationTransition[]): HistoryEntry[] {
  return rows.map((t) => ({
    status: t.toStatus,
    from: t.fromStatus,
    at: t.at.toISOString(),
    by: t.actorRole ?? 'system',
    ...(t.reasonCode ? { reason: t.reasonCode } : {}),
    ...(t.note ? { note: t.note } : {}),
  }));
}

export function applicationView(a: Application, history: ApplicationTransition[]): ApplicationView {
  const e = a.eligibility as StoredEligibility | null;
  return {
    id: a.id,
    reference: a.reference,
    status: a.status,
    roundId: a.roundId,
    qualificationId: a.qualificationId,
    employerSupport: a.employerSupportName && a.employerSupportEmail ? { name: a.employerSupportName, email: a.employerSupportEmail } : null,
    statement: a.statement,
    ...(e ? { eligibility: { outcome: e.outcome, ruleSetVersion: e.ruleSetVersion, reasons: e.reasons } } : {}),
    submittedAt: a.submittedAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
    history: historyOf(history),
  };
}
