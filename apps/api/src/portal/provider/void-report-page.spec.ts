import { TrainingError, type LearnerView } from '@app/training';
import { learnerBanner, learnerPage } from './learner-page';
import { voidReportPage } from './void-report-page';

const report = (id: string, type: string, voided = false) => ({ id, type, milestone: null, outcome: null, date: '2027-01-10', reasonCode: null, voided, at: '2027-01-10T10:00:00Z' });
const learner = (status: string, reports: LearnerView['reports']) => ({ enrolmentId: 'e1', applicationReference: 'PMDP-1', learnerName: 'Sam', status, reports }) as unknown as LearnerView;

describe('a learner’s pages', () => {
  it('offer the forms the status allows, and keep a refused form on the page with its errors', () => {
    expect(learnerPage(learner('placed', []), {}).forms).toEqual(['start', 'deferral', 'withdrawal', 'decline']);
    const refused = learnerPage(learner('withdrawn', []), { form: 'start', values: { day: '1' } as never, problems: [{ field: 'type', message: 'No' }] });
    expect(refused.forms).toEqual(['start']);
    expect(refused.state.start.values).toEqual({ day: '1' });
    expect(refused.state.progress).toEqual({ values: {}, errors: {} });
    expect(refused.errorList.length).toBeGreaterThan(0);
  });

  it('say what was reported', () => {
    expect(learnerBanner({ voided: '1' })).toBe('Report voided');
    expect(learnerBanner({ reported: 'start' })).toBe('Start reported');
    expect(learnerBanner({ reported: 'nonsense' })).toBeUndefined();
  });

  it('offer voiding only the latest report, and treat another learner’s report as not found', () => {
    const l = learner('started', [report('r1', 'start'), report('r2', 'progress')]);
    expect(voidReportPage(l, 'r2', {}).voidable).toBe(true);
    expect(voidReportPage(l, 'r1', {}).voidable).toBe(false);
    const refused = voidReportPage(l, 'r2', { reason: 'typo', problem: { field: 'report', text: 'No longer the latest' } });
    expect(refused.errorList).toEqual([{ href: '#void-report', text: 'No longer the latest' }]);
    expect(refused.reason).toBe('typo');
    expect(() => voidReportPage(l, 'r9', {})).toThrow(TrainingError);
  });
});
