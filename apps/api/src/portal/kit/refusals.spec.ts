import { IntakeError } from '@app/intake';
import { TrainingError } from '@app/training';
import { isRefusal, REFUSALS, refusalText } from './refusals';

describe('refusals', () => {
  it('are the 409s and 422s; a not found is the error page’s', () => {
    expect(isRefusal(new IntakeError('offer_expired', 'x'))).toBe(true);
    expect(isRefusal(new IntakeError('withdraw_through_provider', 'x'))).toBe(true);
    expect(isRefusal(new IntakeError('round_not_open', 'x'))).toBe(true);
    expect(isRefusal(new IntakeError('application_not_found', 'x'))).toBe(false);
    expect(isRefusal(new Error('x'))).toBe(false);
  });

  it('read the code, never the message, and fall back to the service’s words', () => {
    expect(refusalText('offer', new IntakeError('offer_expired', 'anything'))).toBe('This offer has expired, so it can no longer be accepted');
    expect(refusalText('offer', new IntakeError('invalid_transition', 'An application that is expired cannot become accepted'))).toBe(REFUSALS.offer.invalid_transition);
    expect(refusalText('withdraw', new IntakeError('invalid_transition', 'enrolled'))).toBe(REFUSALS.withdraw.invalid_transition);
    expect(refusalText('withdraw', new IntakeError('withdraw_through_provider', 'x'))).toBe('You are enrolled with a training provider: ask them to report your withdrawal');
    expect(refusalText('cohort', new TrainingError('cohort_full', 'x'))).toBe('That course has just filled up: choose another');
    expect(refusalText('cohort', new TrainingError('not_placeable', 'The service’s words'))).toBe('The service’s words');
  });
});
