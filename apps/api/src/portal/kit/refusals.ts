import { DomainError } from '@app/http';
import type { IntakeErrorCode } from '@app/intake';
import type { TrainingErrorCode } from '@app/training';
import { domainErrorStatus } from '../../problem/domain-error-status';

/**
 * A service's refusal of what was asked (409 or 422 on the API, or a
 * conflict of interest, 403): a page shows it beside the form; anything else
 * goes to the error page.
 */
export function isRefusal(err: unknown): err is DomainError {
  return err instanceof DomainError && ([409, 422].includes(domainErrorStatus(err)) || err.code === 'conflict_of_interest');
}

type Sentences = Partial<Record<IntakeErrorCode | TrainingErrorCode, string>>;

/**
 * What a refusal means for the person, by what they were doing and the
 * error's code (never its message): the same code can need different words
 * on different forms. A code with no sentence shows the service's message.
 */
export const REFUSALS = {
  apply: {
    already_applied: 'You already have an application in this funding round. You can apply for one qualification in each round',
    round_not_open: 'This funding round is not taking applications now',
    round_not_found: 'This funding round is not taking applications now',
    qualification_not_in_round: 'That qualification is not offered in this funding round',
  },
  draft: {
    not_draft: 'This application has already been submitted, so it can no longer be changed',
    profile_missing: 'Fill in your profile before you submit your application',
    email_not_verified: 'Confirm your email address before you submit: use the link we emailed you',
    round_not_open: 'This funding round has closed, so the application can no longer be submitted',
    qualification_not_in_round: 'That qualification is no longer offered in this funding round: choose another',
  },
  offer: {
    offer_expired: 'This offer has expired, so it can no longer be accepted',
    invalid_transition: 'This offer has already been answered, or is no longer open',
  },
  withdraw: {
    invalid_transition: 'This application can no longer be withdrawn: it has changed since the page was shown',
    withdraw_through_provider: 'You are enrolled with a training provider: ask them to report your withdrawal',
  },
  appeal: {
    invalid_transition: 'This decision can no longer be appealed: it has been appealed already, or it has changed',
  },
  cohort: {
    cohort_full: 'That course has just filled up: choose another',
  },
} satisfies Record<string, Sentences>;

/** The sentence for a refusal while doing `action`, or the service's own message. */
export function refusalText(action: keyof typeof REFUSALS, err: DomainError): string {
  return (REFUSALS[action] as Sentences)[err.code as IntakeErrorCode | TrainingErrorCode] ?? err.message;
}
