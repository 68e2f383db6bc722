import fc from 'fast-check';
import { financialYear } from '../money';
import { blendedRate, DEFAULT_RATES, forecast, MIN_OBSERVATIONS, monthsLeft, openShare, type ForecastInput } from './forecast';
import { STAGES, type PipelineSnapshot } from './pipeline-source';

const YEAR = financialYear('2026-27', { month: 4, day: 1 });
const BURSARY = 50_000;
const money = (m: Partial<ForecastInput['money']> = {}) => ({ availablePence: 0, reservedPence: 0, committedPence: 0, fallenDuePence: 0, paidPence: 0, ...m });
const counts = (c: Partial<PipelineSnapshot['counts']> = {}) => ({ submitted: 0, underReview: 0, offered: 0, accepted: 0, placed: 0, started: 0, completed: 0, ...c });
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
    expect(f.qualified).toEqual({ target: 1000, completedSoFar: 0, projectedByYearEnd: 0, shortfall: 1000, onTrack: false, expectedPasses: 0, fromLearnersInTraining: 0, fromLaterStarts: 0 });
    expect(f.assumptions.join(' ')).toContain('No pipeline source is connected');
    expect(f.assumptions[0]).toContain('£100,000 available');
    expect(f.assumptions[0]).toContain('as the ledger stands on 26 November 2026:');
  });

  it('pays completions and releases the rest of those who leave, worked through by hand', () => {
    // 100 learners whose 12-month course has run (started 2026-03-01, due 2027-03-01); of 100 matured outcomes 76 passed and 5 withdrew.
    // Still in training at the end, none can withdraw any more: 0.76 / (1 - 0.05) = 80% pass, 20% fail.
    const f = forecast(
      input({
        asOf: '2027-03-10',
        money: money({ committedPence: 100 * 25_000, fallenDuePence: 100 * 25_000, paidPence: 40 * 25_000 }),
        pipeline: { counts: counts({ started: 100, completed: 400 }), conversions: { started: { left: 100, movedOn: 76, withdrew: 5 } }, trainingGroups: [{ startedOn: '2026-03-01', durationMonths: 12, count: 100 }], startPaymentPercent: 50 },
      }),
    );
    expect(f.months).toEqual([
      { month: '2027-03', submissions: 0, offers: 0, starts: 0, completions: 80, reservedPence: 0, releasedPence: 500_000, spendPence: 2_000_000, availablePence: 500_000, qualifiedToDate: 480 },
    ]);
    expect(f.spend).toEqual({ fallenDueSoFarPence: 2_500_000, paidSoFarPence: 1_000_000, dueNotPaidPence: 1_500_000, projectedPence: 2_000_000 });
    expect(f.money).toEqual({ availableNowPence: 0, leftAtYearEndPence: 500_000, reservedAtYearEndPence: 0, committedAtYearEndPence: 0 });
    expect(f.fundableBursaries).toBe(10);
    expect(f.qualified).toMatchObject({ target: 1000, completedSoFar: 400, projectedByYearEnd: 480, shortfall: 520, onTrack: false, fromLearnersInTraining: 80 });
    expect(f.stages.find((s) => s.stage === 'started')).toMatchObject({ rate: 0.76, rateSource: 'observed', observations: 100, daysSource: 'qualifications' });
    expect(f.assumptions.join('\n')).toContain('started -> qualified: 76% observed (100 outcomes)');
  });

  describe('rates from outcomes of the right kind, with a prior', () => {
    it('a stage with no outcomes of its own takes the prior, not 0%: withdrawals before a start do not set the pass rate', () => {
      // The simulated year: 4,468 in training, every one of the 108 leavers withdrew before starting.
      const f = forecast(
        input({
          asOf: '2026-10-01',
          pipeline: {
            counts: counts({ started: 4468 }),
            conversions: { placed: { left: 108, movedOn: 0 }, started: { left: 0, movedOn: 0, withdrew: 0 } },
            trainingGroups: [{ startedOn: '2026-01-05', durationMonths: 12, count: 4468 }],
          },
        }),
      );
      const started = f.stages.find((s) => s.stage === 'started')!;
      expect(started).toMatchObject({ rate: DEFAULT_RATES.started, rateSource: 'assumed', observations: 0 });
      expect(f.stages.find((s) => s.stage === 'placed')).toMatchObject({ rate: 0, rateSource: 'observed', observations: 108 });
      // 80% prior, 15% withdrawing evenly: after 269 of 365 days, 0.8 / (1 - 0.15 x 269/365) pass.
      const alive = 1 - 0.15 * (269 / 365);
      expect(f.qualified.fromLearnersInTraining).toBeCloseTo(Math.round(4468 * (0.8 / alive) * 10) / 10, 1);
      expect(f.qualified.projectedByYearEnd).toBeGreaterThan(3500);
      expect(f.assumptions.join('\n')).toContain('started -> qualified: 80%, the prior (no outcomes observed yet');
    });

    it(`blends the prior with fewer than ${MIN_OBSERVATIONS} outcomes and says so`, () => {
      expect(blendedRate(9, 12, 0.8)).toEqual({ rate: (9 + 0.8 * MIN_OBSERVATIONS) / (12 + MIN_OBSERVATIONS), source: 'prior' });
      expect(blendedRate(0, 0, 0.8)).toEqual({ rate: 0.8, source: 'assumed' });
      expect(blendedRate(3, MIN_OBSERVATIONS, 0.8)).toEqual({ rate: 3 / MIN_OBSERVATIONS, source: 'observed' });
      const f = forecast(input({ pipeline: { counts: counts(), conversions: { started: { left: 12, movedOn: 9, withdrew: 2 } } } }));
      expect(f.stages.find((s) => s.stage === 'started')).toMatchObject({ rate: 25 / 32, rateSource: 'prior', prior: 0.8, observations: 12 });
      expect(f.training).toMatchObject({ withdrawnShare: (2 + 0.15 * 20) / 32, withdrawnSource: 'prior' });
      expect(f.assumptions.join('\n')).toContain('started -> qualified: 78%: prior 80% blended with 12 observed outcomes');
      const offered = forecast(input({ pipeline: { counts: counts(), conversions: { offered: { left: MIN_OBSERVATIONS - 1, movedOn: 0 } } } })).stages.find((s) => s.stage === 'offered')!;
      expect(offered).toMatchObject({ rate: (0.85 * 20) / 39, rateSource: 'prior', observations: MIN_OBSERVATIONS - 1 });
    });
  });

  it('placement is not a start: placed learners start (and their money is committed) when their cohort starts', () => {
    const f = forecast(
      input({
        money: money({ reservedPence: 100 * BURSARY }),
        pipeline: { counts: counts({ placed: 100 }), conversions: {}, placedGroups: [{ startsOn: '2027-01-10', durationMonths: 12, count: 100 }] },
      }),
    );
    expect(f.months.map((m) => m.starts)).toEqual([0, 0, 90, 0, 0]);
    expect(f.months.map((m) => m.completions)).toEqual([0, 0, 0, 0, 0]);
    expect(f.months[2].spendPence).toBe(90 * BURSARY * 0.5);
    // The 10 who do not start free their reservation; of the 90 who do, 15% (the prior) withdraw over 12 months, 3 of them this year.
    const withdrawnPence = Math.round(((90 * 0.15) / 12) * BURSARY * 0.5);
    expect(f.months[2].releasedPence).toBe(10 * BURSARY + withdrawnPence);
    expect(f.money).toMatchObject({ reservedAtYearEndPence: 0, committedAtYearEndPence: 90 * BURSARY * 0.5 - 3 * withdrawnPence });
    expect(f.training).toMatchObject({ learners: 0, placed: 100 });
    expect(f.qualified.projectedByYearEnd).toBe(0);
  });

  it("times each learner's completion by their qualification's length from their actual start", () => {
    const f = forecast(
      input({
        pipeline: {
          counts: counts({ started: 130 }),
          conversions: { started: { left: 100, movedOn: 100, withdrew: 0 } },
          trainingGroups: [
            { startedOn: '2026-01-15', durationMonths: 12, count: 50 }, // due 2027-01-15
            { startedOn: '2025-02-20', durationMonths: 24, count: 30 }, // due 2027-02-20
            { startedOn: '2026-01-15', durationMonths: 24, count: 50 }, // due 2028: not this year
          ],
        },
      }),
    );
    expect(f.months.map((m) => m.completions)).toEqual([0, 0, 50, 30, 0]);
    expect(f.qualified).toMatchObject({ projectedByYearEnd: 80, fromLearnersInTraining: 80 });
    expect(f.training.byLength).toEqual([{ months: 12, learners: 50 }, { months: 24, learners: 80 }]);
    expect(f.training.averageMonths).toBeCloseTo((12 * 50 + 24 * 80) / 130, 9);
    expect(f.assumptions.join('\n')).toContain('50 on 12-month qualifications, 80 on 24-month qualifications');
  });

  it('shares passes over the observed reporting delays, so part of a cohort due in late March passes in April', () => {
    const f = forecast(
      input({
        pipeline: {
          counts: counts({ started: 100 }),
          conversions: { started: { left: 100, movedOn: 100, withdrew: 0 } },
          trainingGroups: [{ startedOn: '2026-03-01', durationMonths: 12, count: 100 }], // due 1 March 2027
          medianDaysLate: 20,
          daysLateDeciles: [2, 6, 10, 14, 18, 22, 26, 30, 34, 38],
        },
      }),
    );
    // Reported 31 days or more after 1 March is April: 2 of the 10 delays (34 and 38).
    expect(f.months.map((m) => m.completions)).toEqual([0, 0, 0, 0, 80]);
    expect(f.training).toMatchObject({ daysLate: 20, lateSpread: 10 });
  });

  it('projects submissions only while a round is open, none after the last one closes', () => {
    const rounds = [
      { opensAt: '2026-09-01T00:00:00Z', closesAt: '2026-12-15T00:00:00Z' },
      { opensAt: '2027-02-01T00:00:00Z', closesAt: '2027-03-01T00:00:00Z' },
    ];
    const f = forecast(input({ pipeline: { counts: counts(), conversions: {}, submissionsPerMonth: 100, rounds } }));
    // From 26 November: 5 of November's 30 days, 14 of December's 31, all of February.
    expect(f.months.map((m) => m.submissions)).toEqual([16.7, 45.2, 0, 100, 0]);
    expect(f.roundOpenMonths).toEqual(['2026-11', '2026-12', '2027-02']);
    const closed = forecast(input({ asOf: '2027-03-02', pipeline: { counts: counts(), conversions: {}, submissionsPerMonth: 100, rounds } }));
    expect(closed.months.map((m) => m.submissions)).toEqual([0]);
    expect(closed.assumptions.join('\n')).toContain('No new submissions: no funding round is open for the rest of the year');
    expect(openShare('2026-12', '2026-11-26', [...rounds, { opensAt: '2026-12-01T00:00:00Z', closesAt: '2026-12-10T00:00:00Z' }])).toBeCloseTo(14 / 31, 9);
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
    const day = fc.date({ min: new Date('2024-06-01'), max: new Date('2027-06-30'), noInvalidDate: true });
    const observation = fc.option(fc.integer({ min: 0, max: 500 }).chain((left) => fc.record({ left: fc.constant(left), movedOn: fc.integer({ min: 0, max: left }), withdrew: fc.integer({ min: 0, max: left }) })), { nil: undefined });
    const snapshot = fc.option(
      fc.record({
        counts: stageCounts,
        conversions: fc.record(Object.fromEntries(STAGES.map((s) => [s, observation])) as Record<string, typeof observation>),
        medianDaysInStage: fc.record(Object.fromEntries(STAGES.map((s) => [s, fc.option(fc.integer({ min: 1, max: 800 }), { nil: undefined })])) as Record<string, fc.Arbitrary<number | undefined>>),
        submissionsPerMonth: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
        rounds: fc.array(fc.tuple(day, fc.integer({ min: 1, max: 120 })).map(([d, len]) => ({ opensAt: d.toISOString(), closesAt: new Date(d.getTime() + len * 86_400_000).toISOString() })), { maxLength: 3 }),
        trainingGroups: fc.array(fc.record({ startedOn: day.map((d) => d.toISOString().slice(0, 10)), durationMonths: fc.integer({ min: 1, max: 24 }), count: fc.integer({ min: 0, max: 3000 }) }), { maxLength: 4 }),
        placedGroups: fc.array(fc.record({ startsOn: day.map((d) => d.toISOString().slice(0, 10)), durationMonths: fc.integer({ min: 1, max: 24 }), count: fc.integer({ min: 0, max: 3000 }) }), { maxLength: 3 }),
        durationMix: fc.option(fc.dictionary(fc.constantFrom('12', '18', '24'), fc.integer({ min: 0, max: 500 })), { nil: undefined }),
        medianDaysLate: fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined }),
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
