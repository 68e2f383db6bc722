import type { ApplicationStatus } from '../applications/status';
import type { Decision } from './reason-codes';

/** One application chosen for a bulk decision, as the preview needs it. */
export interface BulkCandidate {
  id: string;
  reference: string;
  applicantName: string | null;
  status: ApplicationStatus;
  held: boolean;
  priorityScore: number | null;
  submittedAt: string | null;
  potId: string | null;
  bursaryPence: number;
}

/** What deciding would do to one application: offer, waitlist (for want of money, or as decided), reject, or refuse it. */
export type BulkOutcome = 'offered' | 'waitlisted_insufficient_funds' | 'waitlisted' | 'rejected' | 'ineligible' | 'refused';

export interface BulkPreviewLine extends BulkCandidate {
  outcome: BulkOutcome;
  /** Why it would be refused. */
  refusal?: string;
}

export interface BulkPreview {
  /** In the order they will be decided: the queue's (highest priority first, then oldest submission). */
  lines: BulkPreviewLine[];
  counts: Record<BulkOutcome, number>;
  /** Each pot's available balance before and after, in pence. */
  pots: { potId: string; beforePence: number; afterPence: number }[];
}

/** Statuses a review decision may be made in. */
export const DECIDABLE_STATUSES: readonly ApplicationStatus[] = ['under_review', 'referred', 'waitlisted'];

/** The queue's order: highest priority first, then oldest submission, then id. */
export function bulkOrder(a: BulkCandidate, b: BulkCandidate): number {
  const pa = a.priorityScore ?? -Infinity;
  const pb = b.priorityScore ?? -Infinity;
  if (pa !== pb) return pb - pa;
  const sa = a.submittedAt ?? '\uffff';
  const sb = b.submittedAt ?? '\uffff';
  if (sa !== sb) return sa < sb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Simulates deciding `candidates` the same way, in queue order, without
 * writing anything: each approval takes its bursary from its pot's
 * available balance while it lasts, then waits for money, as decide() does.
 */
export function previewBulk(candidates: BulkCandidate[], decision: Decision, available: ReadonlyMap<string, number>): BulkPreview {
  const left = new Map(available);
  const lines = [...candidates].sort(bulkOrder).map((c): BulkPreviewLine => {
    if (c.held) return { ...c, outcome: 'refused', refusal: 'It is on hold' };
    if (!DECIDABLE_STATUSES.includes(c.status)) return { ...c, outcome: 'refused', refusal: 'It is not waiting for a decision' };
    if (decision === 'reject') return { ...c, outcome: c.status === 'referred' ? 'ineligible' : 'rejected' };
    if (decision === 'waitlist') return c.status === 'waitlisted' ? { ...c, outcome: 'refused', refusal: 'It is on the waiting list already' } : { ...c, outcome: 'waitlisted' };
    if (!c.potId) return { ...c, outcome: 'refused', refusal: 'Its round has no budget pot' };
    const pot = left.get(c.potId) ?? 0;
    if (c.bursaryPence > pot) return { ...c, outcome: 'waitlisted_insufficient_funds' };
    left.set(c.potId, pot - c.bursaryPence);
    return { ...c, outcome: 'offered' };
  });
  const counts: Record<BulkOutcome, number> = { offered: 0, waitlisted_insufficient_funds: 0, waitlisted: 0, rejected: 0, ineligible: 0, refused: 0 };
  for (const l of lines) counts[l.outcome] += 1;
  const potIds = [...new Set(candidates.map((c) => c.potId).filter((p): p is string => !!p))];
  return { lines, counts, pots: potIds.map((potId) => ({ potId, beforePence: available.get(potId) ?? 0, afterPence: left.get(potId) ?? 0 })) };
}
