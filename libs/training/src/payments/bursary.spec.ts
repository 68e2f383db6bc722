import fc from 'fast-check';
import type { PaymentSchedule } from '@app/intake';
import { scheduleAmounts, stageAmount } from './bursary';

const twoStage = (start: number): PaymentSchedule => [
  { on: 'start', percent: start },
  { on: 'pass', percent: 100 - start },
];

describe('scheduleAmounts', () => {
  it('pays each stage its share rounded down, the remainder on the last stage', () => {
    expect(scheduleAmounts(50_000, twoStage(40)).map((s) => s.amountPence)).toEqual([20_000, 30_000]);
    expect(scheduleAmounts(999, twoStage(33)).map((s) => s.amountPence)).toEqual([329, 670]);
    expect(scheduleAmounts(50_000, twoStage(0)).map((s) => s.amountPence)).toEqual([0, 50_000]);
    expect(scheduleAmounts(50_000, twoStage(100)).map((s) => s.amountPence)).toEqual([50_000, 0]);
    const fortyTwentyForty: PaymentSchedule = [
      { on: 'start', percent: 40 },
      { on: 'milestone', milestone: 'mid_point', percent: 20 },
      { on: 'pass', percent: 40 },
    ];
    const priced = scheduleAmounts(99_999, fortyTwentyForty);
    expect(priced.map((s) => s.amountPence)).toEqual([39_999, 19_999, 40_001]);
    expect(stageAmount(priced, 'start')).toBe(39_999);
    expect(stageAmount(priced, { milestone: 'mid_point' })).toBe(19_999);
    expect(stageAmount(priced, { milestone: 'assessment_passed' })).toBe(0);
    expect(stageAmount(priced, 'pass')).toBe(40_001);
  });

  const schedules = fc
    .tuple(fc.integer({ min: 0, max: 100 }), fc.subarray(['mid_point', 'assessment_passed'] as const), fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 2, maxLength: 2 }))
    .map(([start, milestones, cuts]) => {
      // Percents making exactly 100: the start, then the rest split among the milestones and the pass.
      let left = 100 - start;
      const stages: PaymentSchedule = [{ on: 'start', percent: start }];
      milestones.forEach((milestone, i) => {
        const p = Math.min(left, cuts[i]);
        left -= p;
        stages.push({ on: 'milestone', milestone, percent: p });
      });
      stages.push({ on: 'pass', percent: left });
      return stages;
    });

  it('always sums to the bursary in whole pence, no stage negative, none but the last above its share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), schedules, (bursaryPence, schedule) => {
        const priced = scheduleAmounts(bursaryPence, schedule);
        expect(priced.reduce((sum, s) => sum + s.amountPence, 0)).toBe(bursaryPence);
        for (const [i, s] of priced.entries()) {
          expect(Number.isInteger(s.amountPence)).toBe(true);
          expect(s.amountPence).toBeGreaterThanOrEqual(0);
          if (i < priced.length - 1) expect(s.amountPence * 100).toBeLessThanOrEqual(bursaryPence * s.percent);
        }
        // The remainder is less than a penny per stage.
        const last = priced[priced.length - 1];
        expect(last.amountPence * 100 - bursaryPence * last.percent).toBeLessThan(100 * priced.length);
      }),
    );
  });
});
