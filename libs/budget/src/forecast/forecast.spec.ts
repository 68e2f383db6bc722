import fc from 'fast-check';
import { financialYear } from '../money';
import { DEFAULT_RATES, forecast, MIN_OBSERVATIONS, monthsLeft, type ForecastInput } from './forecast';
import { STAGES, type PipelineSnapshot } from './pipeline-source';

const YEAR = financialYear('2026-27', { month: 4, day: 1 });
const BURSARY = 50_000;
const money = (m: Partial<ForecastInput['money']> = {}) => ({ availablePence: 0, reservedPence: 0, committedPence: 0, fallenDuePence: 0, paidPence: 0, ...m });
const counts = (c: Partial<PipelineSnapshot['counts']> = {}) => ({ submitted: 0, underReview: 0, offered: 0, accepted: 0, enrolled: 0, completed: 0, ...c });
const input = (over: Partial<ForecastInput> = {}): ForecastInput => ({
  asOf: '2026-11-26',
  year: YEAR,
  money: money({ availablePence: 10_000_000 }),
  bursaryPence: BURSARY,
  annualQualifiedTarget: 1000,
  pipeline: null,
  ...over,
});

describe('the budget forecast', () => {
  it('counts the calendar months left in the financial year', () => {
    expect(monthsLeft('2026-11-26', YEAR)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02', '2027-03']);
    expect(monthsLeft('2026-01-01', YEAR)).toHaveLength(12);
    expect(monthsLeft('2026-01-01', YEAR)[0]).toBe('2026-04');
    expect(monthsLeft('2027-03-31', YEAR)).toEqual(['2027-03']);
    expect(monthsLeft('2027-04-01', YEAR)).toEqual([]);
  });

  it('without a pipeline, projects from the ledger alone and says so', () => {
    const f = forecast(input());
    expect(f.pipelineConnected).toBe(false);
    expect(f.months).toHaveLength(5);
    expect(f.spend.projectedPence).toBe(0);
    expect(f.money.leftAtYearEndPence).toBe(10_000_000);
    expect(f.fundableBursaries).toBe(200);
    expect(f.qualified).toEqual({ target: 1000, completedSoFar: 0, projectedByYearEnd: 0, shortfall: 1000, onTrack: false });
    expect(f.assumptions.join(' ')).toContain('No pipeline source is connected');
    expect(f.assumptions[0]).toContain('£100,000.00 available');
  });

  it('pays completions and releases withdrawals, worked through by hand', () => {
    // 100 learners who leave their stage within the month (15 days); 90 of 100 observed learners qualified.
    const f = forecast(
      input({
        asOf: '2027-03-10',
        money: money({ committedPence: 100 * 25_000, fallenDuePence: 100 * 25_000, paidPence: 40 * 25_000 }),
        pipeline: { counts: counts({ enrolled: 100, completed: 400 }), conversions: { enrolled: { left: 100, movedOn: 90 } }, medianDaysInStage: { enrolled: 15 }, startPaymentPercent: 50 },
      }),
    );
    expect(f.months).toEqual([
      { month: '2027-03', offers: 0, starts: 0, completions: 90, reservedPence: 0, releasedPence: 250_000, spendPence: 2_250_000, availablePence: 250_000, qualifiedToDate: 490 },
    ]);
    expect(f.spend).toEqual({ fallenDueSoFarPence: 2_500_000, paidSoFarPence: 1_000_000, dueNotPaidPence: 1_500_000, projectedPence: 2_250_000 });
    expect(f.money).toEqual({ availableNowPence: 0, leftAtYearEndPence: 250_000, reservedAtYearEndPence: 0, committedAtYearEndPence: 0 });
    expect(f.fundableBursaries).toBe(5);
    expect(f.qualified).toEqual({ target: 1000, completedSoFar: 400, projectedByYearEnd: 490, shortfall: 510, onTrack: false });
    expect(f.stages.find((s) => s.stage === 'enrolled')).toMatchObject({ rate: 0.9, rateSource: 'observed', daysInStage: 15, daysSource: 'observed' });
    expect(f.assumptions.join('\n')).toContain('started -> qualified: 90% observed (100 outcomes); 15 days in the stage (observed).');
  });

  it(`uses its stated defaults below ${MIN_OBSERVATIONS} observations`, () => {
    const f = forecast(input({ pipeline: { counts: counts(), conversions: { offered: { left: MIN_OBSERVATIONS - 1, movedOn: 0 } } } }));
    expect(f.stages.find((s) => s.stage === 'offered')).toMatchObject({ rate: DEFAULT_RATES.offered, rateSource: 'assumed', observations: MIN_OBSERVATIONS - 1 });
    expect(f.assumptions.join('\n')).toContain(`offered -> accepted: 85% assumed (19 outcomes observed; ${MIN_OBSERVATIONS} needed)`);
  });

  it('offers no more bursaries than the money covers; the rest wait', () => {
    const f = forecast(
      input({
        money: money({ availablePence: 3 * BURSARY }),
        pipeline: { counts: counts({ underReview: 500 }), conversions: { underReview: { left: 100, movedOn: 100 } }, medianDaysInStage: { underReview: 10 } },
      }),
    );
    expect(f.months[0].offers).toBe(3);
    expect(f.months[0].reservedPence).toBe(3 * BURSARY);
    expect(f.months.slice(1).every((m) => m.availablePence >= 0)).toBe(true);
    expect(f.waitingForMoneyAtYearEnd).toBeGreaterThan(400);
    expect(f.fundableBursaries).toBeGreaterThanOrEqual(0);
  });

  it('meets the target when enough have qualified already', () => {
    const f = forecast(input({ pipeline: { counts: counts({ completed: 1000 }), conversions: {} } }));
    expect(f.qualified).toMatchObject({ projectedByYearEnd: 1000, shortfall: 0, onTrack: true });
  });

  it('conserves money and keeps every balance a whole, non-negative number of pence (property)', () => {
    const stageCounts = fc.record(Object.fromEntries([...STAGES, 'completed'].map((s) => [s, fc.integer({ min: 0, max: 5000 })])) as Record<string, fc.Arbitrary<number>>);
    const observation = fc.option(fc.integer({ min: 0, max: 500 }).chain((left) => fc.record({ left: fc.constant(left), movedOn: fc.integer({ min: 0, max: left }) })), { nil: undefined });
    const snapshot = fc.option(
      fc.record({
        counts: stageCounts,
        conversions: fc.record(Object.fromEntries(STAGES.map((s) => [s, observation])) as Record<string, typeof observation>),
        medianDaysInStage: fc.record(Object.fromEntries(STAGES.map((s) => [s, fc.option(fc.integer({ min: 1, max: 800 }), { nil: undefined })])) as Record<string, fc.Arbitrary<number | undefined>>),
        submissionsPerMonth: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
        startPaymentPercent: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
      }),
      { nil: null },
    );
    const pence = fc.integer({ min: 0, max: 600_000_000 });
    fc.assert(
      fc.property(pence, pence, pence, pence, fc.integer({ min: 1, max: 200_000 }), fc.date({ min: new Date('2026-01-01'), max: new Date('2027-06-30'), noInvalidDate: true }), snapshot, (available, reserved, committed, paid, bursary, asOf, pipeline) => {
        const f = forecast(input({ asOf: asOf.toISOString().slice(0, 10), money: money({ availablePence: available, reservedPence: reserved, committedPence: committed, fallenDuePence: paid, paidPence: 0 }), bursaryPence: bursary, pipeline: pipeline as PipelineSnapshot | null }));
        const end = f.money;
        expect(end.leftAtYearEndPence + end.reservedAtYearEndPence + end.committedAtYearEndPence + f.spend.projectedPence).toBe(available + reserved + committed);
        for (const m of f.months) {
          for (const v of [m.reservedPence, m.releasedPence, m.spendPence, m.availablePence]) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
        }
        for (const v of [end.leftAtYearEndPence, end.reservedAtYearEndPence, end.committedAtYearEndPence]) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
        expect(f.fundableBursaries).toBe(Math.floor(end.leftAtYearEndPence / bursary));
        const qualified = f.months.map((m) => m.qualifiedToDate);
        expect(qualified).toEqual([...qualified].sort((x, y) => x - y));
        expect(f.qualified.projectedByYearEnd).toBeGreaterThanOrEqual(f.qualified.completedSoFar);
        expect(f.assumptions.length).toBeGreaterThan(3);
      }),
      { numRuns: 300 },
    );
  });
});
