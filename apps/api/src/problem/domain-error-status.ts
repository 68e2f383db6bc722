import { HttpStatus } from '@nestjs/common';
import { BudgetError, type BudgetErrorCode } from '@app/budget';
import type { DomainError } from '@app/http';
import { IdentityError, type IdentityErrorCode } from '@app/identity';
import { IntakeError, type IntakeErrorCode } from '@app/intake';
import { TrainingError, type TrainingErrorCode } from '@app/training';
import { WorkforceError, type WorkforceErrorCode } from '@app/workforce';

/**
 * The one place a domain error code becomes an HTTP status. Each lib's error
 * class has a case with an exhaustive switch over its codes, so adding a code
 * without deciding its status fails to compile.
 */
export function domainErrorStatus(error: DomainError): number {
  if (error instanceof IdentityError) return identityStatus(error.code);
  if (error instanceof TrainingError) return trainingStatus(error.code);
  if (error instanceof IntakeError) return intakeStatus(error.code);
  if (error instanceof BudgetError) return budgetStatus(error.code);
  if (error instanceof WorkforceError) return workforceStatus(error.code);
  // A lib that throws a DomainError not listed here is a programming error; surface it loudly.
  return HttpStatus.INTERNAL_SERVER_ERROR;
}

function identityStatus(code: IdentityErrorCode): number {
  switch (code) {
    case 'invalid_credentials':
    case 'mfa_required':
      return HttpStatus.UNAUTHORIZED;
    case 'mfa_invalid':
    case 'reauthentication_required':
    case 'weak_password':
    case 'token_invalid':
      return HttpStatus.BAD_REQUEST;
    case 'mfa_setup_required':
    case 'forbidden':
      return HttpStatus.FORBIDDEN;
    case 'rate_limited':
      return HttpStatus.TOO_MANY_REQUESTS;
    case 'email_taken':
    case 'mfa_not_enabled':
    case 'mfa_required_for_role':
    case 'last_admin':
      return HttpStatus.CONFLICT;
    case 'user_not_found':
    case 'api_key_not_found':
      return HttpStatus.NOT_FOUND;
    case 'role_not_allowed':
      return HttpStatus.UNPROCESSABLE_ENTITY;
  }
}

function trainingStatus(code: TrainingErrorCode): number {
  switch (code) {
    case 'provider_not_found':
    case 'cohort_not_found':
    case 'enrolment_not_found':
    case 'report_not_found':
      return HttpStatus.NOT_FOUND;
    case 'ukprn_taken':
    case 'cohort_full':
    case 'not_placeable':
    case 'cohort_cancelled':
    case 'cohort_has_started_learners':
    case 'not_correctable':
    case 'idempotency_key_in_flight':
      return HttpStatus.CONFLICT;
    case 'idempotency_key_required':
      return HttpStatus.BAD_REQUEST;
    case 'invalid_report':
    case 'capacity_below_places_taken':
    case 'report_rows_invalid':
    case 'too_many_rows':
    case 'idempotency_key_reused':
      return HttpStatus.UNPROCESSABLE_ENTITY;
  }
}

function intakeStatus(code: IntakeErrorCode): number {
  switch (code) {
    case 'round_not_found':
    case 'qualification_not_found':
    case 'application_not_found':
    case 'appeal_not_found':
    case 'organisation_not_found':
    case 'rule_set_unknown':
      return HttpStatus.NOT_FOUND;
    case 'invalid_profile':
    case 'invalid_reason':
      return HttpStatus.BAD_REQUEST;
    case 'email_not_verified':
    case 'conflict_of_interest':
    case 'assignment_not_allowed':
      return HttpStatus.FORBIDDEN;
    case 'already_applied':
    case 'invalid_transition':
    case 'offer_expired':
    case 'withdraw_through_provider':
    case 'not_draft':
    case 'application_on_hold':
    case 'not_on_hold':
    case 'not_holdable':
    case 'already_assigned':
    case 'not_assignable':
    case 'organisation_already_declared':
    case 'rule_set_published':
    case 'round_already_open':
    case 'round_closed':
      return HttpStatus.CONFLICT;
    case 'round_not_open':
    case 'qualification_not_in_round':
    case 'profile_missing':
    case 'appeal_window_closed':
    case 'rule_set_not_found':
    case 'invalid_note':
    case 'invalid_hold_reason':
    case 'not_a_reviewer':
    case 'invalid_assignment':
    case 'invalid_organisation':
    case 'rule_set_invalid':
    case 'qualification_retired':
    case 'invalid_qualification':
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case 'funding_unavailable':
      return HttpStatus.SERVICE_UNAVAILABLE;
  }
}

function budgetStatus(code: BudgetErrorCode): number {
  switch (code) {
    case 'pot_not_found':
    case 'entry_not_found':
    case 'run_not_found':
      return HttpStatus.NOT_FOUND;
    // Two people pay providers: the one who built a payment run may not approve it.
    case 'second_approver_required':
      return HttpStatus.FORBIDDEN;
    case 'pot_name_taken':
    case 'programme_total_exceeded':
    case 'insufficient_funds':
    case 'pot_closed':
    case 'already_reserved':
    case 'nothing_reserved':
    case 'exceeds_commitment':
    case 'already_paid':
    case 'already_reversed':
    case 'would_go_negative':
    case 'run_state':
    case 'nothing_to_pay':
    case 'payment_in_run':
      return HttpStatus.CONFLICT;
    case 'invalid_amount':
    case 'invalid_input':
    case 'same_pot':
    case 'not_reversible':
    case 'year_end_target_invalid':
      return HttpStatus.UNPROCESSABLE_ENTITY;
  }
}

function workforceStatus(code: WorkforceErrorCode): number {
  switch (code) {
    case 'invalid_skills_audit':
      return HttpStatus.UNPROCESSABLE_ENTITY;
  }
}
