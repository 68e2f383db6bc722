/** Every status an enrolment can have (the CHECK on enrolment.status). A failed outcome is `completed` with outcome `failed`. */
export const ENROLMENT_STATUSES = ['placed', 'started', 'deferred', 'withdrawn', 'completed', 'declined_by_provider'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

/** The status a learner is placed in on a cohort. */
export const PLACED: EnrolmentStatus = 'placed';

/**
 * What moves an enrolment: one of the provider's reports, or voiding one
 * (which moves a learner back); the programme team's own moves are
 * cancelling a cohort and correcting a withdrawal or a turning down.
 */
export const ENROLMENT_CAUSES = [
  'start',
  'progress',
  'deferral',
  'completion',
  'withdrawal',
  'decline',
  'start_voided',
  'progress_voided',
  'deferral_voided',
  'completion_voided',
  'cohort_cancelled',
  'withdrawal_voided',
  'decline_voided',
] as const;
export type EnrolmentCause = (typeof ENROLMENT_CAUSES)[number];

/** The causes that are reports (the rest are voids); a cohort's cancelling is recorded as a report too. */
export const REPORT_CAUSES: readonly EnrolmentCause[] = ['start', 'progress', 'deferral', 'completion', 'withdrawal', 'decline', 'cohort_cancelled'];

/** The moves only the programme team makes (a provider's report never causes them). */
export const STAFF_CAUSES: readonly EnrolmentCause[] = ['cohort_cancelled', 'withdrawal_voided', 'decline_voided'];

/**
 * The one table of allowed moves: from -> to -> what may cause it. A move to
 * the same status is a report that changes nothing (progress; deferring a
 * learner already started; a completion replacing an earlier one; voiding
 * either of the first two). Any move
 * not listed here is refused.
 */
export const ENROLMENT_TRANSITIONS: Readonly<Record<EnrolmentStatus, Partial<Record<EnrolmentStatus, readonly EnrolmentCause[]>>>> = {
  // A cancelled cohort ends the places of learners who had not started, as a provider's turning down does.
  placed: { started: ['start'], deferred: ['deferral'], withdrawn: ['withdrawal'], declined_by_provider: ['decline', 'cohort_cancelled'] },
  // Voiding the deferral of a learner who had not started puts them back to placed.
  deferred: { started: ['start'], withdrawn: ['withdrawal'], placed: ['deferral_voided'], declined_by_provider: ['cohort_cancelled'] },
  // Voiding a start puts the learner back where they were before it: placed, or deferred.
  started: { started: ['progress', 'deferral', 'progress_voided', 'deferral_voided'], completed: ['completion'], withdrawn: ['withdrawal'], placed: ['start_voided'], deferred: ['start_voided'] },
  // A later completion replaces an earlier one; voiding the latest brings back the one before, or started.
  completed: { completed: ['completion', 'completion_voided'], started: ['completion_voided'] },
  // Withdrawals and declines are for the programme team to correct, not the provider: back where the learner was.
  withdrawn: { placed: ['withdrawal_voided'], deferred: ['withdrawal_voided'], started: ['withdrawal_voided'] },
  declined_by_provider: { placed: ['decline_voided'] },
};

/** Whether `cause` may move an enrolment from `from` to `to`. */
export function canMoveEnrolment(from: EnrolmentStatus, to: EnrolmentStatus, cause: EnrolmentCause): boolean {
  return ENROLMENT_TRANSITIONS[from][to]?.includes(cause) ?? false;
}

/** Where `cause` may take an enrolment that is `from` (none: refused). */
export function targetsOf(from: EnrolmentStatus, cause: EnrolmentCause): EnrolmentStatus[] {
  return ENROLMENT_STATUSES.filter((to) => canMoveEnrolment(from, to, cause));
}

/** Where a report takes an enrolment: one status (a report's move is never a choice), or undefined when the table refuses it. */
export function statusAfterReport(from: EnrolmentStatus, cause: EnrolmentCause): EnrolmentStatus | undefined {
  const [to] = targetsOf(from, cause);
  return to;
}

/** Statuses from which nothing else can happen but the programme team's correction. */
export const FINAL_ENROLMENT_STATUSES: readonly EnrolmentStatus[] = ENROLMENT_STATUSES.filter((s) =>
  Object.values(ENROLMENT_TRANSITIONS[s]).every((causes) => causes!.every((c) => STAFF_CAUSES.includes(c))),
);

