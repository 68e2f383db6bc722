import { paymentScheduleProblems, twoStageSchedule } from './payment-schedule';

describe('paymentScheduleProblems', () => {
  it('takes start + pass, and start + milestones in order + pass, making 100', () => {
    expect(paymentScheduleProblems(twoStageSchedule(60))).toEqual([]);
    expect(paymentScheduleProblems([{ on: 'start', percent: 0 }, { on: 'pass', percent: 100 }])).toEqual([]);
    expect(
      paymentScheduleProblems([
        { on: 'start', percent: 40 },
        { on: 'milestone', milestone: 'mid_point', percent: 10 },
        { on: 'milestone', milestone: 'assessment_passed', percent: 10 },
        { on: 'pass', percent: 40 },
      ]),
    ).toEqual([]);
  });

  it('names every problem by stage and field', () => {
    expect(paymentScheduleProblems('50/50')).toEqual([{ field: 'paymentSchedule', message: expect.stringContaining('must be a list') }]);
    expect(paymentScheduleProblems([{ on: 'start', percent: 100 }])).toEqual([{ field: 'paymentSchedule', message: 'must have at least a start stage and a pass stage' }]);
    expect(paymentScheduleProblems([{ on: 'start', percent: 50 }, { on: 'pass', percent: 51 }])).toEqual([{ field: 'paymentSchedule', message: 'the percents must add up to exactly 100; these add up to 101' }]);
    expect(paymentScheduleProblems([{ on: 'start', percent: 40.5 }, { on: 'pass', percent: -1 }])).toEqual([
      { field: 'paymentSchedule[0].percent', message: 'must be a whole number from 0 to 100' },
      { field: 'paymentSchedule[1].percent', message: 'must be a whole number from 0 to 100' },
    ]);
    expect(
      paymentScheduleProblems([
        { on: 'start', percent: 40 },
        { on: 'milestone', milestone: 'assessment_passed', percent: 10 },
        { on: 'milestone', milestone: 'mid_point', percent: 10 },
        { on: 'milestone', milestone: 'mid_point', percent: 0 },
        { on: 'milestone', milestone: 'started', percent: 0 },
        { on: 'pass', percent: 40, milestone: 'mid_point', extra: 1 },
      ]),
    ).toEqual([
      { field: 'paymentSchedule[2].milestone', message: 'must come in the order a learner reaches them: mid_point, assessment_passed' },
      { field: 'paymentSchedule[3].milestone', message: 'mid_point is named more than once' },
      { field: 'paymentSchedule[4].milestone', message: 'must be one of mid_point, assessment_passed' },
      { field: 'paymentSchedule[5].extra', message: 'is not a stage field; use on, milestone, percent' },
      { field: 'paymentSchedule[5].milestone', message: 'is only for a milestone stage' },
    ]);
    expect(paymentScheduleProblems([{ on: 'pass', percent: 50 }, { on: 'start', percent: 50 }]).map((p) => p.field)).toEqual(['paymentSchedule[0].on', 'paymentSchedule[1].on']);
    expect(paymentScheduleProblems([{ on: 'milestone', milestone: 'mid_point', percent: 50 }, { on: 'pass', percent: 50 }]).map((p) => p.field)).toEqual(['paymentSchedule[0].on']);
    expect(paymentScheduleProblems([{ on: 'start', percent: 50 }, null]).map((p) => p.field)).toEqual(['paymentSchedule[1]', 'paymentSchedule[1].on']);
  });
});
