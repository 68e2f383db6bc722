/**
 * The stages an application passes through on its way to a qualified
 * practice manager, as the forecast sees them.
 */
export const STAGES = ['submitted', 'underReview', 'offered', 'accepted', 'enrolled'] as const;
export type Stage = (typeof STAGES)[number];

/** Applications in each stage now. */
export interface PipelineCounts {
  /** Submitted, eligibility not yet decided (submitted, referred). */
  submitted: number;
  /** Eligible and waiting for a decision or for money (under review, waitlisted). */
  underReview: number;
  /** Offered a bursary, not yet answered. */
  offered: number;
  /** Accepted, not yet started. */
  accepted: number;
  /** Started with a provider, not yet completed. */
  enrolled: number;
  /** Completed (qualified) within the financial year asked about. */
  completed: number;
}

/** Of the applications that have left a stage, how many moved on to the next one (the rest dropped out). */
export interface ConversionObservation {
  left: number;
  movedOn: number;
}

export interface PipelineSnapshot {
  counts: PipelineCounts;
  /**
   * Observed outcomes per stage, over whatever history the source keeps:
   * `submitted` -> found eligible, `underReview` -> offered, `offered` ->
   * accepted, `accepted` -> started, `enrolled` -> completed.
   */
  conversions: Partial<Record<Stage, ConversionObservation>>;
  /** Median days applications spent in each stage before leaving it, where observed. */
  medianDaysInStage?: Partial<Record<Stage, number>>;
  /** New submissions a month, on recent evidence. */
  submissionsPerMonth?: number;
  /** Percent of a bursary paid on a confirmed start (the rest on completion), across the pipeline's qualifications. */
  startPaymentPercent?: number;
}

/**
 * Where the forecast learns about applications. The budget imports no other
 * domain lib: the intake lib implements this port and provides it in its own
 * module; the forecast finds it application-wide (a global provider takes
 * precedence). Without one, the forecast projects from the ledger alone and says so.
 */
export abstract class PipelineSource {
  /** The pipeline now, with completions counted within `year` (dates are YYYY-MM-DD, inclusive). */
  abstract snapshot(year: { label: string; startsOn: string; endsOn: string }): Promise<PipelineSnapshot>;
}
