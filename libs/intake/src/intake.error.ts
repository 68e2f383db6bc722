import { DomainError, type FieldProblem } from '@app/http';

export type IntakeErrorCode =
  | 'round_not_found'
  | 'invalid_priority_setting'
  | 'qualification_not_found'
  | 'application_not_found'
  | 'appeal_not_found'
  | 'round_not_open'
  | 'qualification_not_in_round'
  | 'already_applied'
  | 'invalid_transition'
  | 'offer_expired'
  | 'withdraw_through_provider'
  | 'not_draft'
  | 'profile_missing'
  | 'invalid_profile'
  | 'email_not_verified'
  | 'appeal_window_closed'
  | 'rule_set_not_found'
  | 'invalid_reason'
  | 'funding_unavailable'
  | 'invalid_note'
  | 'invalid_hold_reason'
  | 'application_on_hold'
  | 'not_on_hold'
  | 'not_holdable'
  | 'conflict_of_interest'
  | 'assignment_not_allowed'
  | 'already_assigned'
  | 'not_assignable'
  | 'not_a_reviewer'
  | 'invalid_assignment'
  | 'invalid_organisation'
  | 'organisation_already_declared'
  | 'organisation_not_found'
  | 'rule_set_unknown'
  | 'rule_set_invalid'
  | 'rule_set_published'
  | 'round_already_open'
  | 'round_closed'
  | 'qualification_retired'
  | 'invalid_qualification';

/** Everything the intake lib refuses. */
export class IntakeError extends DomainError<IntakeErrorCode> {
  readonly domain = 'intake';

  constructor(code: IntakeErrorCode, message: string, errors?: FieldProblem[]) {
    super(code, message, errors);
  }
}
