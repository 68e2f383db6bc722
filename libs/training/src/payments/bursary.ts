/** What a qualification's bursary is and how it is paid (its columns, as loaded). */
export interface BursarySchedule {
  bursaryPence: number;
  /** The share paid when the provider confirms the start, 0 to 100. */
  startPaymentPercent: number;
}

/** A bursary in its two payments, in integer pence: always summing to the bursary. */
export interface BursarySplit {
  startPence: number;
  completionPence: number;
}

/**
 * The one place a bursary is split into what is paid at the start and what
 * is paid on completion. The start share is rounded down to whole pence and
 * the remainder goes to the completion, so the two always sum to the bursary
 * and neither is negative.
 */
export function bursarySplit(q: BursarySchedule): BursarySplit {
  const bursary = Math.max(0, Math.trunc(Number(q.bursaryPence)));
  const percent = Math.min(100, Math.max(0, Number(q.startPaymentPercent)));
  const startPence = Math.floor((bursary * percent) / 100);
  return { startPence, completionPence: bursary - startPence };
}
