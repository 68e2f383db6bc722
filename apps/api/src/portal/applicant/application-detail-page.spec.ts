import type { ApplicationView, HistoryEntry, QualificationView, RoundView } from '@app/intake';
import { applicationBanner, applicationPage, type ApplicationPageData } from './application-detail-page';

const NOW = new Date('2027-03-01T12:00:00Z');
const entry = (status: HistoryEntry['status'], at: string, extra: Partial<HistoryEntry> = {}): HistoryEntry => ({ status, from: null, at, by: 'system', ...extra });

function data(application: Partial<ApplicationView>, extra: Partial<ApplicationPageData> = {}): ApplicationPageData {
  return {
    application: {
      id: 'a1',
      reference: 'PMDP-1',
      status: 'draft',
      roundId: 'r1',
      qualificationId: 'q1',
      employerSupport: null,
      statement: null,
      submittedAt: null,
      createdAt: '2027-01-01T00:00:00Z',
      history: [entry('draft', '2027-01-01T00:00:00Z', { by: 'applicant' })],
      ...application,
    },
    qualification: { id: 'q1', title: 'Level 5 Diploma' } as QualificationView,
    round: { id: 'r1', name: 'Spring 2027' } as RoundView,
    emailVerified: true,
    ...extra,
  };
}

describe('the application page state', () => {
  it('shows a draft with its task list and lets it be edited', () => {
    const tasks = { items: [], completed: 1, total: 7, incomplete: [] };
    const page = applicationPage(data({}, { tasks }), {}, NOW);
    expect(page.title).toBe('Level 5 Diploma');
    expect(page.tasks).toBe(tasks);
    expect(page.actions.editDraft).toBe(true);
  });

  it('puts a refused form’s problem first in the summary and beside its field', () => {
    const page = applicationPage(data({ status: 'offered' }), { problem: { field: 'offer', text: 'This offer has expired' } }, NOW);
    expect(page.errorList[0]).toEqual({ href: '#offer', text: 'This offer has expired' });
    expect(page.errors).toEqual({ offer: 'This offer has expired' });
  });

  it('shows the history newest first in the applicant’s words, without a provider’s note', () => {
    const history = [entry('draft', '2027-01-01T00:00:00Z', { by: 'applicant' }), entry('withdrawn', '2027-02-01T00:00:00Z', { by: 'provider', note: 'for the team' })];
    const page = applicationPage(data({ status: 'withdrawn', history }), {}, NOW);
    expect(page.history.map((h) => [h.status, h.by, h.note])).toEqual([
      ['Withdrawn', 'Your training provider', undefined],
      ['Started', 'You', undefined],
    ]);
  });

  it('gives the appeal deadline as a string, and the decision reason only for a rejection or the waiting list', () => {
    const history = [entry('rejected', '2027-02-20T00:00:00Z', { reason: 'funding_priority' })];
    const page = applicationPage(data({ status: 'rejected', history }), {}, NOW);
    expect(page.actions.appeal).toBe(true);
    expect(typeof page.actions.appealBy).toBe('string');
    expect(page.decisionReason).toBeDefined();
    expect(applicationPage(data({ status: 'ineligible', history: [entry('ineligible', '2027-02-20T00:00:00Z', { reason: 'x' })] }), {}, NOW).decisionReason).toBeUndefined();
  });

  it('tells the applicant what the provider will be given, naming the phone only when there is one', () => {
    expect(applicationPage(data({ status: 'offered' }, { hasPhone: true }), {}, NOW).sharedWithProvider).toBe('your name, email address and phone number');
    expect(applicationPage(data({ status: 'offered' }, { hasPhone: false }), {}, NOW).sharedWithProvider).toBe('your name and email address');
  });

  it('chooses the banner from the query a form redirected with', () => {
    expect(applicationBanner({ appealed: '1' })).toBe('Your appeal has been sent to the programme team');
    expect(applicationBanner({ answered: 'accepted' })).toBe('You have accepted the bursary');
    expect(applicationBanner({ done: 'placed' })).toBe('Your place on the course is booked');
    expect(applicationBanner({ done: 'constructor' })).toBeUndefined();
    expect(applicationBanner({})).toBeUndefined();
  });
});
