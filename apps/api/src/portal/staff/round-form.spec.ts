import { londonMoment, roundFormErrors, roundFormFromView, roundFormValues } from './round-form';
import { parsePounds, poundsText, qualificationFormErrors, qualificationFormValues, qualificationRefusalErrors, scheduleWords } from './qualification-form';
import type { RoundView } from '@app/intake';

describe('the round form', () => {
  const body = (overrides: Record<string, string> = {}) => ({
    name: 'Spring 2027',
    'opensAt[day]': '16',
    'opensAt[month]': '1',
    'opensAt[year]': '2027',
    'closesAt[day]': '30',
    'closesAt[month]': '6',
    'closesAt[year]': '2027',
    potId: 'p',
    qualificationIds: 'q',
    ruleSetVersion: '2026-1',
    ...overrides,
  });

  it('reads dates as UK time: GMT in winter, BST in summer; a closing date without a time is the end of that day', () => {
    const { input } = roundFormErrors(roundFormValues(body({ opensAtTime: '9:30', closesAtTime: '' })));
    expect(input!.opensAt.toISOString()).toBe('2027-01-16T09:30:00.000Z');
    expect(input!.closesAt.toISOString()).toBe('2027-06-30T23:00:00.000Z');
    expect(londonMoment(2027, 3, 28, 12, 0).toISOString()).toBe('2027-03-28T11:00:00.000Z');
  });

  it('names each problem', () => {
    expect(roundFormErrors(roundFormValues(body({ 'opensAt[day]': '31', 'opensAt[month]': '2', closesAtTime: '24:10', name: '' }))).errors).toEqual({
      name: 'Enter a name for the round',
      opensAt: 'The date the round opens must be a real date, like 16 1 2027',
      closesAt: 'The time the round closes must be a real time on the 24-hour clock, like 09:00 or 17:30',
    });
  });

  it('fills in from a round as it was typed', () => {
    const { input } = roundFormErrors(roundFormValues(body({ opensAtTime: '09:00' })));
    const round = { name: 'Spring 2027', opensAt: input!.opensAt.toISOString(), closesAt: input!.closesAt.toISOString(), potId: 'p', qualifications: [{ id: 'q' }], ruleSetVersion: '2026-1' } as unknown as RoundView;
    expect(roundFormFromView(round)).toEqual({ name: 'Spring 2027', opens: { day: '16', month: '1', year: '2027', time: '09:00' }, closes: { day: '30', month: '6', year: '2027', time: '' }, potId: 'p', qualificationIds: ['q'], ruleSetVersion: '2026-1' });
  });
});

describe('the qualification form', () => {
  it('reads the bursary in pounds', () => {
    expect(parsePounds('£1,250.50')).toBe(125_050);
    expect(parsePounds('500')).toBe(50_000);
    expect(parsePounds('12.5')).toBe(1_250);
    expect(parsePounds('lots')).toBeUndefined();
    expect(parsePounds('1.234')).toBeUndefined();
    expect(poundsText(125_050)).toBe('1250.50');
    expect(poundsText(50_000)).toBe('500');
  });

  it('names each missing or malformed field', () => {
    const { errors } = qualificationFormErrors(qualificationFormValues({ title: 'x', level: '3', bursary: 'ten', durationMonths: '1.5', startPaymentPercent: '50' }));
    expect(errors).toEqual({
      awardingBody: 'Enter the awarding body',
      bursaryPence: 'The bursary must be an amount in pounds, like 500 or 1250.50',
      durationMonths: 'How long the course lasts must be a whole number of months, like 12',
      completionPaymentPercent: 'Enter the percentage paid when the learner passes',
    });
  });

  it('builds the schedule from start, an optional milestone and the pass, and puts the service’s problems on their boxes', () => {
    const base = { title: 'Level 5 Diploma', awardingBody: 'Example', level: '5', bursary: '500', durationMonths: '12', startPaymentPercent: '40', completionPaymentPercent: '40' };
    expect(qualificationFormErrors(qualificationFormValues({ ...base, milestone: 'mid_point', milestonePercent: '20' })).input?.paymentSchedule).toEqual([
      { on: 'start', percent: 40 },
      { on: 'milestone', milestone: 'mid_point', percent: 20 },
      { on: 'pass', percent: 40 },
    ]);
    expect(qualificationFormErrors(qualificationFormValues({ ...base, completionPaymentPercent: '60' })).input?.paymentSchedule).toEqual([
      { on: 'start', percent: 40 },
      { on: 'pass', percent: 60 },
    ]);
    expect(qualificationFormErrors(qualificationFormValues({ ...base, milestone: 'halfway', milestonePercent: 'a fifth' })).errors).toEqual({
      milestone: 'Select a milestone from the list',
      milestonePercent: 'The payment at the milestone must be a whole number, like 20',
    });
    expect(qualificationFormErrors(qualificationFormValues({ ...base, milestonePercent: '20' })).errors).toEqual({ milestone: 'Select the milestone this payment is for, or leave its percentage empty' });
    const refused = qualificationRefusalErrors(
      [
        { field: 'paymentSchedule[1].percent', message: 'must be a whole number from 0 to 100' },
        { field: 'paymentSchedule', message: 'the percents must add up to exactly 100; these add up to 110' },
      ],
      'refused',
      3,
    );
    expect(refused).toEqual({ milestonePercent: 'The payment at the milestone must be a whole number from 0 to 100', completionPaymentPercent: 'The payments must add up to 100%: these add up to 110%' });
    expect(scheduleWords([{ on: 'start', percent: 60 }, { on: 'milestone', milestone: 'assessment_passed', percent: 10 }, { on: 'pass', percent: 30 }])).toBe('60% on start, 10% on passing an assessment, 30% on a pass');
  });
});
