import { formErrors, formsFor, formValues, reportRow } from './report-forms';
import { longDate, pounds, words } from './views';

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
  });

  it('leave a partly filled date as typed, so the service calls it not a real date (never year 0)', () => {
    expect(reportRow('start', id, values({ 'date[day]': '1', 'date[month]': '9' })).date).toBe('-09-01');
    expect(reportRow('start', id, values({ 'date[day]': '1', 'date[month]': '9', 'date[year]': '26' })).date).toBe('26-09-01');
    expect(reportRow('start', id, values({ 'date[day]': 'x', 'date[month]': '9', 'date[year]': '2026' })).date).toBe('2026-09-x');
  });

  it('offer the forms a learner’s status allows', () => {
    expect(formsFor('placed')).toEqual(['start', 'withdrawal']);
    expect(formsFor('started')).toEqual(['progress', 'completion', 'withdrawal']);
    expect(formsFor('completed')).toEqual(['completion']);
    expect(formsFor('withdrawn')).toEqual([]);
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
    expect(formErrors('progress', [{ field: 'date', message: 'must not be before the start date 2026-09-01' }]).byField.date).toBe(
      'The date the learner reached the milestone must be the same as or after the start date, 1 September 2026',
    );
    expect(formErrors('start', [{ field: 'type', message: 'cannot start a learner who is started' }]).list).toEqual([{ href: '#start-form', text: 'Cannot start a learner who is started' }]);
  });
});

describe('template filters', () => {
  it('pounds: integer pence as pounds, only at the edge', () => {
    expect(pounds(123450)).toBe('£1,234.50');
    expect(pounds(0)).toBe('£0.00');
    expect(pounds(5)).toBe('£0.05');
    expect(pounds(-25000)).toBe('-£250.00');
    expect(pounds(undefined)).toBe('');
  });

  it('dates and words', () => {
    expect(longDate('2026-09-01')).toBe('1 September 2026');
    expect(longDate('2026-11')).toBe('November 2026');
    expect(longDate(null)).toBe('');
    expect(words('left_general_practice')).toBe('Left general practice');
  });
});
