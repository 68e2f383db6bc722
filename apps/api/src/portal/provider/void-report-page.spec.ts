import { TrainingError, type LearnerView } from '@app/training';
import { learnerBanner, learnerPage, offersReport, phoneForDisplay, reportFormPage } from './learner-page';
import { voidReportPage } from './void-report-page';

const report = (id: string, type: string, voided = false) => ({ id, type, milestone: null, outcome: null, date: '2027-01-10', reasonCode: null, voided, at: '2027-01-10T10:00:00Z' });
const learner = (status: string, reports: LearnerView['reports']) => ({ enrolmentId: 'e1', applicationReference: 'PMDP-1', learnerName: 'Sam', status, reports }) as unknown as LearnerView;

describe('a learner’s pages', () => {
  it('link to each report the status allows, each on its own page', () => {
    expect(learnerPage(learner('placed', [])).actions).toEqual([
      { form: 'start', text: 'Report a start', href: '/portal/provider/learners/e1/start' },
      { form: 'deferral', text: 'Report a deferral', href: '/portal/provider/learners/e1/deferral' },
      { form: 'withdrawal', text: 'Report a withdrawal', href: '/portal/provider/learners/e1/withdrawal' },
      { form: 'decline', text: 'Turn down this learner', href: '/portal/provider/learners/e1/decline' },
    ]);
    expect(learnerPage(learner('declined_by_provider', [])).actions).toEqual([]);
    expect(offersReport(learner('started', []), 'decline')).toBe(false);
    expect(offersReport(learner('started', []), 'progress')).toBe(true);
  });

  it('keep a refused form on its page with its values and errors', () => {
    const refused = reportFormPage(learner('withdrawn', []), 'start', { values: { day: '1' } as never, problems: [{ field: 'type', message: 'cannot start a learner who is withdrawn' }] });
    expect(refused.values).toEqual({ day: '1' });
    expect(refused.errors).toEqual({ type: 'Cannot start a learner who is withdrawn' });
    expect(refused.errorList).toEqual([{ href: '#start-form', text: 'Cannot start a learner who is withdrawn' }]);
    expect(refused.confirm).toBe(false);
  });

  it('ask for confirmation before what the provider cannot undo, naming the learner', () => {
    const withdrawal = reportFormPage(learner('started', []), 'withdrawal');
    expect(withdrawal).toMatchObject({ title: 'Are you sure Sam has withdrawn?', confirm: true, action: '/portal/provider/learners/e1/withdrawal', learnerPath: '/portal/provider/learners/e1' });
    expect(withdrawal.reasons).toContain('changed_job');
    expect(reportFormPage(learner('placed', []), 'decline')).toMatchObject({ title: 'Are you sure you want to turn down Sam?', confirm: true });
    expect(reportFormPage({ ...learner('placed', []), learnerName: null }, 'decline').title).toBe('Are you sure you want to turn down this learner?');
  });

  it('group a phone number as people write it', () => {
    expect(phoneForDisplay('07700900123')).toBe('07700 900123');
    expect(phoneForDisplay('02079460000')).toBe('020 7946 0000');
    expect(phoneForDisplay('01134960000')).toBe('0113 496 0000');
    expect(phoneForDisplay('01614960000')).toBe('0161 496 0000');
    expect(phoneForDisplay('01632960001')).toBe('01632 960001');
    expect(phoneForDisplay('0163296000')).toBe('01632 96000');
    expect(learnerPage({ ...learner('placed', []), learnerPhone: '07700900123' } as LearnerView).phone).toBe('07700 900123');
  });

  it('say what was reported', () => {
    expect(learnerBanner({ voided: '1' })).toBe('Report voided');
    expect(learnerBanner({ reported: 'start' })).toBe('Start reported');
    expect(learnerBanner({ reported: 'nonsense' })).toBeUndefined();
    expect(learnerBanner({ reported: 'constructor' })).toBeUndefined();
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
