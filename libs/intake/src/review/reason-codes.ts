/** The fixed reason codes for review decisions; a note adds the particulars. */
export const REASON_CODES = {
  approve: ['meets_criteria', 'priority_group', 'referral_cleared'],
  reject: ['not_a_programme_priority', 'insufficient_evidence', 'incomplete_application', 'duplicate_application', 'outside_programme_scope', 'not_eligible_on_review'],
  waitlist: ['awaiting_funds', 'lower_priority'],
} as const;

export type Decision = keyof typeof REASON_CODES;
export const DECISIONS = Object.keys(REASON_CODES) as Decision[];
export const ALL_REASON_CODES = [...new Set(Object.values(REASON_CODES).flat())];
