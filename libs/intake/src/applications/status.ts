/** Every status an application can have (API.md). */
export const STATUSES = [
  'draft',
  'submitted',
  'ineligible',
  'referred',
  'under_review',
  'offered',
  'waitlisted',
  'rejected',
  'accepted',
  'declined',
  'expired',
  'withdrawn',
  'enrolled',
  'completed',
  'not_passed',
  'appealed',
] as const;
export type ApplicationStatus = (typeof STATUSES)[number];

/** Who moves an application: the applicant, programme staff, the system (eligibility, expiry), or a provider. */
export type Mover = 'applicant' | 'staff' | 'system' | 'provider';

/**
 * The one table of allowed transitions: from -> to -> who may make it. Any
 * move not listed here is refused.
 */
export const TRANSITIONS: Readonly<Record<ApplicationStatus, Partial<Record<ApplicationStatus, readonly Mover[]>>>> = {
  draft: { submitted: ['applicant'], withdrawn: ['applicant'] },
  // The eligibility engine decides straight after submission.
  submitted: { under_review: ['system'], ineligible: ['system'], referred: ['system'] },
  // A person looks at a referral and either lets it through to review or finds it ineligible.
  referred: { under_review: ['staff'], ineligible: ['staff'], withdrawn: ['applicant'] },
  under_review: { offered: ['staff', 'system'], waitlisted: ['staff', 'system'], rejected: ['staff'], withdrawn: ['applicant'] },
  // Money released elsewhere promotes the best-scored waitlisted applications.
  waitlisted: { offered: ['staff', 'system'], rejected: ['staff'], withdrawn: ['applicant'] },
  offered: { accepted: ['applicant'], declined: ['applicant'], expired: ['system'], withdrawn: ['applicant', 'staff'] },
  // Placed on a cohort (by an admin, or the applicant choosing one).
  accepted: { enrolled: ['staff', 'applicant'], withdrawn: ['applicant', 'staff'] },
  // A provider may turn a placed learner down (back to the admin to place again).
  // A fail with no resit planned ends the application, not passed (a fail with a resit planned stays enrolled).
  enrolled: { completed: ['provider', 'staff'], not_passed: ['provider', 'staff'], withdrawn: ['provider', 'staff'], accepted: ['provider', 'staff'] },
  // Within 28 days of the outcome the applicant may appeal.
  ineligible: { appealed: ['applicant'] },
  rejected: { appealed: ['applicant'] },
  // Upheld: back to review. Dismissed: back where it was.
  appealed: { under_review: ['staff'], ineligible: ['staff'], rejected: ['staff'] },
  declined: {},
  expired: {},
  // Only the programme team correcting a provider's mistaken withdrawal of a learner puts them back on their course.
  withdrawn: { enrolled: ['staff'] },
  // Only a voided completion report reopens a completed application.
  completed: { enrolled: ['provider', 'staff'] },
  // Only a voided failed completion reopens it, with the money it released held again.
  not_passed: { enrolled: ['provider', 'staff'] },
};

/** Whether `mover` may move an application from `from` to `to`. */
export function canTransition(from: ApplicationStatus, to: ApplicationStatus, mover: Mover): boolean {
  return TRANSITIONS[from][to]?.includes(mover) ?? false;
}

/** Statuses from which nothing else can happen. */
export const FINAL_STATUSES: readonly ApplicationStatus[] = STATUSES.filter((s) => Object.keys(TRANSITIONS[s]).length === 0);

/** Statuses in which a person may still withdraw. */
export function canWithdraw(status: ApplicationStatus): boolean {
  return canTransition(status, 'withdrawn', 'applicant');
}
