import { formErrors, formOnlyProblems, formsFor, formValues, reportRow } from './report-forms';
import { MAX_VOID_REASON, voidableReport, voidReason } from './void-form';
import { day, longDate, lowerWords, pounds, words } from '../kit/views';

describe('report forms', () => {
  const id = '6f1c2d2e-8a55-4c1e-9f7a-2a0f3b9f0c11';
  const values = (v: Record<string, string>) => formValues(v);

  it('build the report the API would get, with the date from its three fields', () => {
    expect(reportRow('completion', id, values({ 'date[day]': '1', 'date[month]': '9', 'date[year]': '2026', outcome: 'passed', certificateReference: ' C-1 ', note: 'ignored' }))).toEqual({
      enrolmentId: id,
      type: 'completion',
      date: '2026-09-01',
      outcome: 'passed',
      certificateReference: 'C-1',
    });
    expect(reportRow('withdrawal', id, values({ reasonCode: 'health', note: 'n' }))).toEqual({ enrolmentId: id, type: 'withdrawal', reasonCode: 'health', note: 'n' });
    expect(reportRow('deferral', id, values({ 'date[day]': '2', 'date[month]': '3', 'date[year]': '2027', reasonCode: 'workload', milestone: 'ignored' }))).toEqual({
      enrolmentId: id,
      type: 'deferral',
      date: '2027-03-02',
      reasonCode: 'workload',
    });
  });

  it('build a decline without a date, whatever is posted: a learner turned down never started', () => {
    expect(reportRow('decline', id, values({ 'date[day]': '1', 'date[month]': '9', 'date[year]': '2026', reasonCode: 'duplicate_learner', note: ' seen twice ' }))).toEqual({
      enrolmentId: id,
      type: 'decline',
      reasonCode: 'duplicate_learner',
      note: 'seen twice',
    });
  });

  it('leave a partly filled date as typed, so the service calls it not a real date (never year 0)', () => {
    expect(reportRow('start', id, values({ 'date[day]': '1', 'date[month]': '9' })).date).toBe('-09-01');
    expect(reportRow('start', id, values({ 'date[day]': '1', 'date[month]': '9', 'date[year]': '26' })).date).toBe('26-09-01');
    expect(reportRow('start', id, values({ 'date[day]': 'x', 'date[month]': '9', 'date[year]': '2026' })).date).toBe('2026-09-x');
  });

  it('offer the forms a learner’s status allows', () => {
    expect(formsFor('placed')).toEqual(['start', 'deferral', 'withdrawal', 'decline']);
    expect(formsFor('started')).toEqual(['progress', 'completion', 'deferral', 'withdrawal']);
    expect(formsFor('deferred')).toEqual(['start', 'withdrawal']);
    expect(formsFor('completed')).toEqual(['completion']);
    expect(formsFor('withdrawn')).toEqual([]);
    expect(formsFor('declined_by_provider')).toEqual([]);
  });

  it('word the service’s problems as NHS error messages, in page order, linked to their fields', () => {
    const errors = formErrors('completion', [
      { field: 'date', message: 'is required (YYYY-MM-DD)' },
      { field: 'outcome', message: 'must be passed or failed' },
    ]);
    expect(errors.list).toEqual([
      { href: '#completion-outcome', text: 'Select whether the learner passed or failed' },
      { href: '#completion-date-day', text: 'Enter the completion date' },
    ]);
    expect(formErrors('start', [{ field: 'date', message: 'must be between 17 December 2026 and today' }]).byField.date).toBe('Start date must be between 17 December 2026 and today');
    expect(formErrors('progress', [{ field: 'date', message: 'must be between 1 September 2026 and today' }]).byField.date).toBe(
      'Date the learner reached the milestone must be between 1 September 2026 and today',
    );
    expect(formErrors('start', [{ field: 'type', message: 'cannot start a learner who is started' }]).list).toEqual([{ href: '#start-form', text: 'Cannot start a learner who is started' }]);
  });

  it('ask for each form’s own reason, and name the deferral’s date', () => {
    const oneOf = (form: 'deferral' | 'withdrawal' | 'decline') => formErrors(form, [{ field: 'reasonCode', message: 'must be one of a, b' }]).list;
    expect(oneOf('deferral')).toEqual([{ href: '#deferral-reasonCode', text: 'Select why the learner is deferring' }]);
    expect(oneOf('withdrawal')).toEqual([{ href: '#withdrawal-reasonCode', text: 'Select why the learner withdrew' }]);
    expect(oneOf('decline')).toEqual([{ href: '#decline-reasonCode', text: 'Select why you are turning the learner down' }]);
    expect(formErrors('deferral', [{ field: 'date', message: 'is required (YYYY-MM-DD)' }]).byField.date).toBe('Enter the date the learner deferred');
    expect(formErrors('decline', [{ field: 'type', message: 'only a learner who has not started can be turned down' }]).list).toEqual([
      { href: '#decline-form', text: 'Only a learner who has not started can be turned down' },
    ]);
  });
});

describe('voiding a report', () => {
  const report = (id: string, type: string, voided = false) => ({ id, type, voided });

  it('offers the latest report not voided, when the service can void its kind', () => {
    expect(voidableReport([report('1', 'placement'), report('2', 'start'), report('3', 'progress')])).toEqual(report('3', 'progress'));
    expect(voidableReport([report('2', 'start'), report('3', 'completion'), report('4', 'completion', true)])).toEqual(report('3', 'completion'));
    expect(voidableReport([report('1', 'placement'), report('2', 'start')])).toEqual(report('2', 'start'));
    expect(voidableReport([report('1', 'placement'), report('2', 'start'), report('3', 'withdrawal')])).toBeUndefined();
    expect(voidableReport([report('1', 'placement'), report('2', 'start'), report('3', 'deferral')])).toEqual(report('3', 'deferral'));
    expect(voidableReport([report('1', 'placement')])).toBeUndefined();
    expect(voidableReport([report('3', 'progress'), report('4', 'withdrawal')])).toBeUndefined();
    expect(voidableReport([])).toBeUndefined();
  });

  it('needs a reason, trimmed, of at most 500 characters', () => {
    expect(voidReason({ reason: '  wrong learner  ' })).toEqual({ reason: 'wrong learner' });
    expect(voidReason({ reason: '   ' })).toEqual({ reason: '', error: 'Enter why you are voiding this report' });
    expect(voidReason(undefined)).toEqual({ reason: '', error: 'Enter why you are voiding this report' });
    expect(voidReason({ reason: ['a', 'b'] }).error).toBe('Enter why you are voiding this report');
    expect(voidReason({ reason: 'x'.repeat(MAX_VOID_REASON) })).toEqual({ reason: 'x'.repeat(MAX_VOID_REASON) });
    expect(voidReason({ reason: 'x'.repeat(MAX_VOID_REASON + 1) }).error).toBe('The reason for voiding must be 500 characters or fewer');
  });
});

describe('template filters', () => {
  it('pounds: integer pence as pounds, only at the edge', () => {
    expect(pounds(123450)).toBe('£1,234.50');
    expect(pounds(0)).toBe('£0');
    expect(pounds(5)).toBe('£0.05');
    expect(pounds(-25000)).toBe('-£250');
    expect(pounds(120000)).toBe('£1,200');
    expect(pounds('50050')).toBe('£500.50');
    // An average can carry a fraction of a penny: shown to the nearest penny.
    expect(pounds(1250.4)).toBe('£12.50');
    expect(pounds(undefined)).toBe('');
  });

  it('dates and words', () => {
    expect(longDate('2026-09-01')).toBe('1 September 2026');
    expect(longDate('2026-11')).toBe('November 2026');
    expect(longDate(null)).toBe('');
    expect(longDate('2026-09-01T13:05:00.000Z')).toBe('1 September 2026 at 2:05pm');
    expect(longDate(new Date('2027-01-16T00:00:00Z'))).toBe('16 January 2027 at midnight');
    expect(words('left_general_practice')).toBe('Left general practice');
    expect(words('hr_workforce')).toBe('HR workforce');
    // The day in England: 11:30pm UTC in summer is already the next day.
    expect(day('2027-05-02T23:30:00Z')).toBe('3 May 2027');
    expect(day(null)).toBe('');
    expect(lowerWords('provider_api_key')).toBe('provider API key');
  });

  it('asks whether a resit is planned for a fail, and sends the answer only with a fail', () => {
    const id = '6f1c2d2e-8a55-4c1e-9f7a-2a0f3b9f0c11';
    const fail = formValues({ 'date[day]': '1', 'date[month]': '9', 'date[year]': '2026', outcome: 'failed', resitPlanned: 'yes' });
    expect(reportRow('completion', id, fail)).toMatchObject({ outcome: 'failed', resitPlanned: 'yes' });
    expect(reportRow('completion', id, { ...fail, outcome: 'passed' })).not.toHaveProperty('resitPlanned');
    expect(formOnlyProblems('completion', { ...fail, resitPlanned: '' })).toEqual([{ field: 'resitPlanned', message: 'is required for a fail' }]);
    expect(formOnlyProblems('completion', fail)).toEqual([]);
    expect(formErrors('completion', [{ field: 'resitPlanned', message: 'is required for a fail' }]).list).toEqual([{ href: '#completion-resitPlanned', text: 'Select whether a resit is planned' }]);
  });
});
