/**
 * The stages an application passes through on its way to a qualified
 * practice manager, as the forecast sees them. `placed` (on a cohort, not yet
 * started) and `started` (in training, the provider confirmed the start) are
 * separate: money is committed only at the start.
 */
export const STAGES = ['submitted', 'underReview', 'offered', 'accepted', 'placed', 'started'] as const;
export type Stage = (typeof STAGES)[number];

/** Applications in each stage now. */
export interface PipelineCounts {
  /** Submitted, eligibility not yet decided (submitted, referred). */
  submitted: number;
  /** Eligible and waiting for a decision or for money (under review, waitlisted). */
  underReview: number;
  /** Offered a bursary, not yet answered. */
  offered: number;
  /** Accepted, not yet placed on a cohort. */
  accepted: number;
  /** Placed on a cohort (or deferred), the start not yet confirmed. */
  placed: number;
  /** Started with a provider, not yet completed. */
  started: number;
  /** Completed (qualified) within the financial year asked about. */
  completed: number;
}

/**
 * Outcomes of one stage: of the applications that left it, how many moved on
 * to the next one (the rest dropped out). Only outcomes of that stage count:
 * a withdrawal before a start is an outcome of `placed` or `accepted`, never
 * of `started`.
 */
export interface ConversionObservation {
  left: number;
  movedOn: number;
  /** `started` only: of those that left, how many withdrew during training (the rest of the non-passes failed at the end). */
  withdrew?: number;
}

/** Learners on a cohort not yet started: when their cohort starts and how long their qualification lasts. */
export interface PlacedGroup {
  /** YYYY-MM-DD, the cohort's start date. */
  startsOn: string;
  durationMonths: number;
  count: number;
}

/** Learners in training: when they actually started and how long their qualification lasts. */
export interface TrainingGroup {
  /** YYYY-MM-DD, the start the provider reported. */
  startedOn: string;
  durationMonths: number;
  count: number;
}

/** A funding round open at some time in the year: submissions arrive only while one is open. */
export interface RoundWindow {
  /** ISO timestamps. */
  opensAt: string;
  closesAt: string;
}

export interface PipelineSnapshot {
  counts: PipelineCounts;
  /**
   * Observed outcomes per stage, over whatever history the source keeps:
   * `submitted` -> found eligible, `underReview` -> offered, `offered` ->
   * accepted, `accepted` -> placed, `placed` -> started, `started` -> passed
   * (only learners whose qualification's length has run since their start,
   * so early withdrawals do not outweigh passes still to come).
   */
  conversions: Partial<Record<Stage, ConversionObservation>>;
  /** Median days applications spent in each stage before leaving it, where observed. */
  medianDaysInStage?: Partial<Record<Stage, number>>;
  /** New submissions a month while a round is open, on recent evidence. */
  submissionsPerMonth?: number;
  /** The year's rounds (any overlapping it); without them no new submissions are projected. */
  rounds?: RoundWindow[];
  /** Learners placed, by cohort start and qualification length. */
  placedGroups?: PlacedGroup[];
  /** Learners in training, by actual start and qualification length. */
  trainingGroups?: TrainingGroup[];
  /** Qualification lengths of the applications in the pipeline not yet placed: months -> applications (for learners who start later). */
  durationMix?: Record<number, number>;
  /** Median days after the qualification's length that passes are reported, where observed. */
  medianDaysLate?: number;
  /** The same delay's spread: the 5th, 15th, ... 95th percentiles (a pass due on 1 March may be reported in April). */
  daysLateDeciles?: number[];
  /** Percent of a bursary paid on a confirmed start (the rest on completion), across the pipeline's qualifications. */
  startPaymentPercent?: number;
}

/**
 * Where the forecast learns about applications. The budget imports no other
 * domain lib: the training lib (which knows applications and enrolments)
 * implements this port and provides it in its own module; the forecast finds
 * it application-wide (a global provider takes precedence). Without one, the
 * forecast projects from the ledger alone and says so.
 */
export abstract class PipelineSource {
  /** The pipeline now, with completions counted within `year` (dates are YYYY-MM-DD, inclusive). */
  abstract snapshot(year: { label: string; startsOn: string; endsOn: string }): Promise<PipelineSnapshot>;
}
