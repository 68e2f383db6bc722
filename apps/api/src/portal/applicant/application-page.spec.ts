import { APPEAL_WINDOW_DAYS, STATUSES, type HistoryEntry } from '@app/intake';
import { actionsFor, appealDeadline, appealStatement, currentReason, ELIGIBILITY_WORDS, historyWords, moverWords, noteForApplicant, STATUS_WORDS } from './application-page';

const DAY = 86_400_000;
const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
const entry = (status: HistoryEntry['status'], daysAgo: number, extra: Partial<HistoryEntry> = {}): HistoryEntry => ({ status, from: null, at: at(daysAgo), by: 'system', ...extra });

describe('the application page', () => {
  it('has plain words, a tag colour and a meaning for every status', () => {
    for (const status of STATUSES) {
      expect(STATUS_WORDS[status].text).toMatch(/^[A-Z][a-z ]+$/);
      expect(STATUS_WORDS[status].colour).toMatch(/^(grey|blue|green|aqua-green|yellow|red|purple)$/);
      expect(STATUS_WORDS[status].meaning).toMatch(/\.$/);
    }
    expect(STATUS_WORDS.under_review.text).toBe('Waiting for review');
    expect(STATUS_WORDS.offered.text).toBe('Bursary offered');
    expect(ELIGIBILITY_WORDS.refer).toBe('Needs a check by the programme team');
  });

  it('calls the draft’s entry in the history the start of the application', () => {
    expect(historyWords('draft')).toBe('Started');
    expect(historyWords('under_review')).toBe('Waiting for review');
  });

  it('says who made each change as the applicant would', () => {
    expect(['applicant', 'provider', 'provider_api_key', 'system', 'admin', 'reviewer'].map(moverWords)).toEqual([
      'You',
      'Your training provider',
      'Your training provider',
      'Automatic',
      'Programme team',
      'Programme team',
    ]);
    // A provider's note is written for the programme team, not the learner.
    expect(['provider', 'provider_api_key', 'reviewer', 'applicant'].map((by) => noteForApplicant({ by, note: 'a note' }))).toEqual([undefined, undefined, 'a note', 'a note']);
  });

  it('allows an appeal of an ineligible or rejected application for 28 days after the latest such decision, as the service does', () => {
    expect(APPEAL_WINDOW_DAYS).toBe(28);
    const rejected = { status: 'rejected' as const, history: [entry('submitted', 40), entry('under_review', 40), entry('rejected', 10)] };
    expect(appealDeadline(rejected)!.getTime()).toBe(new Date(rejected.history[2].at).getTime() + 28 * DAY);
    expect(actionsFor(rejected)).toMatchObject({ appeal: true });

    const late = { status: 'rejected' as const, history: [entry('rejected', 29)] };
    expect(actionsFor(late)).toMatchObject({ appeal: false, appealBy: expect.any(Date) });

    // A dismissed appeal puts the application back: the window runs from that latest move.
    const dismissed = { status: 'ineligible' as const, history: [entry('ineligible', 60), entry('appealed', 50), entry('ineligible', 2, { reason: 'appeal_dismissed' })] };
    expect(actionsFor(dismissed).appeal).toBe(true);

    for (const status of ['under_review', 'offered', 'appealed', 'withdrawn'] as const) expect(appealDeadline({ status, history: [entry(status, 1)] })).toBeUndefined();
  });

  it('offers Accept and Decline only while an offer stands and has not expired', () => {
    const offer = (days: number) => ({ amountPence: 50_000, expiresAt: new Date(Date.now() + days * DAY).toISOString() });
    expect(actionsFor({ status: 'offered', history: [], offer: offer(3) }).answerOffer).toBe(true);
    expect(actionsFor({ status: 'offered', history: [], offer: offer(-1) }).answerOffer).toBe(false);
    expect(actionsFor({ status: 'accepted', history: [], offer: offer(3) }).answerOffer).toBe(false);
    expect(actionsFor({ status: 'offered', history: [] }).answerOffer).toBe(false);
  });

  it('asks for an appeal statement of 10 to 5,000 characters, as the API does', () => {
    expect(appealStatement({ statement: '  ' })).toEqual({ statement: '', error: 'Enter why you think the decision is wrong' });
    expect(appealStatement({ statement: 'too short' }).error).toBe('Your appeal must be 10 characters or more');
    expect(appealStatement({ statement: 'x'.repeat(5001) }).error).toBe('Your appeal must be 5,000 characters or fewer');
    expect(appealStatement({ statement: ' My evidence was not read. ' })).toEqual({ statement: 'My evidence was not read.' });
  });

  it('finds the reason given for the current status', () => {
    const view = { status: 'rejected' as const, history: [entry('under_review', 5, { reason: 'eligibility_eligible' }), entry('rejected', 1, { reason: 'insufficient_evidence', note: 'No statement' })] };
    expect(currentReason(view)).toMatchObject({ reason: 'insufficient_evidence', note: 'No statement' });
    expect(currentReason({ status: 'offered', history: [entry('offered', 1)] })).toBeUndefined();
  });
});
