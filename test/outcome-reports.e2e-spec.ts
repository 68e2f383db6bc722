import { ReportRegistry, type ReportRow } from '@app/reports';
import { openRound, qualification } from './factories/intake.factory';
import { pastCohort, practice, seededApplication, type RuleOutcome } from './factories/outcomes.factory';
import { World } from './support/world';

/**
 * The outcome reports against a small programme whose every figure is worked
 * out by hand below. Twelve submitted applications and one draft: six in
 * London (by their practice, though they gave north_west), practice managers;
 * six in the North West (by the region they gave), assistant practice managers.
 * "Today" is 2027-03-01.
 */
const PASS: RuleOutcome[] = [
  { ruleId: 'english_maths', passed: true, onFail: 'ineligible' },
  { ruleId: 'years_in_role', passed: true, onFail: 'refer' },
  { ruleId: 'employer_support', passed: true, onFail: 'refer' },
];
const failing = (...ids: string[]): RuleOutcome[] => PASS.map((r) => (ids.includes(r.ruleId) ? { ...r, passed: false } : r));
const at = (day: string) => `${day}T10:00:00Z`;
const SUBMITTED = '2026-05-01T09:00:00Z';

describe('outcome reports', () => {
  let w: World;
  let token: string;
  let p1: string;
  let p2: string;
  let q1: string;
  let q2: string;

  beforeAll(async () => {
    w = await World.start({ worker: false });
    w.clock.set(new Date('2027-03-01T12:00:00Z'));
    token = (await w.signedIn('reviewer')).token;
    p1 = (await w.provider('Alpha Training')).id;
    p2 = (await w.provider('Beta Learning')).id;
    q1 = (await qualification(w, { level: 5 })).id;
    q2 = (await qualification(w, { level: 7 })).id;
    const round = (await openRound(w, [q1, q2])).id;
    await practice(w, { odsCode: 'L00001', region: 'london', icbCode: 'QMJ' });
    const c1 = await pastCohort(w, p1, q1, '2026-06-01');
    const c2 = await pastCohort(w, p2, q1, '2026-05-15');
    const c3 = await pastCohort(w, p2, q1, '2026-01-15');
    const c4 = await pastCohort(w, p2, q2, '2026-09-01');
    const c5 = await pastCohort(w, p1, q2, '2026-07-01');
    const london = { roundId: round, qualificationId: q1, region: 'north_west', odsCode: 'L00001', role: 'practice_manager', submittedAt: SUBMITTED, rules: PASS };
    const northWest = { roundId: round, qualificationId: q1, region: 'north_west', role: 'assistant_practice_manager', submittedAt: SUBMITTED, rules: PASS };
    const toEnrolled = (offered: string) => [['under_review', SUBMITTED], ['offered', at(offered)], ['accepted', at(offered)], ['enrolled', at(offered)]] as [string, string][];

    // A1: offered day 10, started day 31, passed day 254.
    await seededApplication(w, {
      ...london,
      moves: [...toEnrolled('2026-05-11'), ['completed', at('2027-01-10')]],
      enrolments: [
        { providerId: p1, cohortId: c1, status: 'completed', createdAt: at('2026-05-12'), startDate: '2026-06-01', outcome: 'passed', completedOn: '2027-01-10', lastReportAt: at('2027-01-10'),
          reports: [{ type: 'start', onDate: '2026-06-01' }, { type: 'completion', onDate: '2027-01-10', outcome: 'passed' }] },
      ],
    });
    // A2: offered day 20, started day 31, failed day 264.
    await seededApplication(w, {
      ...london,
      moves: [...toEnrolled('2026-05-21'), ['not_passed', at('2027-01-20')]],
      enrolments: [
        { providerId: p1, cohortId: c1, status: 'completed', createdAt: at('2026-05-22'), startDate: '2026-06-01', outcome: 'failed', completedOn: '2027-01-20', lastReportAt: at('2027-01-20'),
          reports: [{ type: 'start', onDate: '2026-06-01' }, { type: 'completion', onDate: '2027-01-20', outcome: 'failed' }] },
      ],
    });
    // A3: offered day 30, started day 31, then withdrew.
    await seededApplication(w, {
      ...london,
      moves: [...toEnrolled('2026-05-31'), ['withdrawn', at('2026-09-01')]],
      enrolments: [
        { providerId: p1, cohortId: c1, status: 'withdrawn', createdAt: at('2026-05-31'), startDate: '2026-06-01', lastReportAt: at('2026-09-01'),
          reports: [{ type: 'start', onDate: '2026-06-01' }, { type: 'withdrawal', onDate: '2026-09-01' }] },
      ],
    });
    // A4: waiting list on day 5 (its decision), offered later, declined.
    await seededApplication(w, { ...london, moves: [['under_review', SUBMITTED], ['waitlisted', at('2026-05-06')], ['offered', at('2026-06-10')], ['declined', at('2026-06-12')]] });
    // A5: referred, found ineligible by a person on day 15.
    await seededApplication(w, { ...london, rules: failing('years_in_role'), moves: [['referred', SUBMITTED], ['ineligible', at('2026-05-16')]] });
    // A6: ineligible at submission (no decision anyone waited for).
    await seededApplication(w, { ...london, rules: failing('english_maths', 'years_in_role'), moves: [['ineligible', SUBMITTED]] });

    // B1: offered day 2, started day 14 (cohort c2), no report since 2026-06-01: overdue.
    await seededApplication(w, {
      ...northWest,
      qualificationId: q1,
      moves: toEnrolled('2026-05-03'),
      enrolments: [{ providerId: p2, cohortId: c2, status: 'started', createdAt: at('2026-05-04'), startDate: '2026-05-15', lastReportAt: at('2026-06-01'), reports: [{ type: 'start', onDate: '2026-05-15' }] }],
    });
    // B2: submitted in 2025-26, offered day 7, started day 45 on c3 (2026-01-15 + 12 months has passed): completion overdue.
    await seededApplication(w, {
      ...northWest,
      submittedAt: '2025-12-01T09:00:00Z',
      moves: [['under_review', '2025-12-01T09:00:00Z'], ['offered', at('2025-12-08')], ['accepted', at('2025-12-09')], ['enrolled', at('2025-12-10')]],
      enrolments: [{ providerId: p2, cohortId: c3, status: 'started', createdAt: at('2025-12-10'), startDate: '2026-01-15', lastReportAt: at('2027-02-20'), reports: [{ type: 'start', onDate: '2026-01-15' }] }],
    });
    // B3: qualification 2, offered day 4, placed on c4 and never reported on: overdue.
    await seededApplication(w, {
      ...northWest,
      qualificationId: q2,
      moves: toEnrolled('2026-05-05'),
      enrolments: [{ providerId: p2, cohortId: c4, status: 'placed', createdAt: at('2026-06-01') }],
    });
    // B4: qualification 2, offered day 8; turned down by p2, placed with p1 whose start report was voided.
    await seededApplication(w, {
      ...northWest,
      qualificationId: q2,
      moves: toEnrolled('2026-05-09'),
      enrolments: [
        { providerId: p2, cohortId: c4, status: 'declined_by_provider', createdAt: at('2026-05-10'), lastReportAt: at('2026-05-20'), reports: [{ type: 'decline', onDate: '2026-05-20' }] },
        { providerId: p1, cohortId: c5, status: 'placed', createdAt: at('2026-05-21'), lastReportAt: at('2027-02-01'), reports: [{ type: 'start', onDate: '2026-07-01', voided: true }] },
      ],
    });
    // B5: rejected on day 14 (its decision), appealed, upheld, offered, let the offer expire.
    await seededApplication(w, {
      ...northWest,
      moves: [['under_review', SUBMITTED], ['rejected', at('2026-05-15')], ['appealed', at('2026-05-20')], ['under_review', at('2026-06-01')], ['offered', at('2026-07-01')], ['expired', at('2026-07-15')]],
    });
    // B6: a draft, counted nowhere.
    await seededApplication(w, { ...northWest, submittedAt: null, moves: [] });
    // B7: referred for employer support, let through to review, not decided yet.
    await seededApplication(w, { ...northWest, rules: failing('employer_support'), moves: [['referred', SUBMITTED], ['under_review', at('2026-05-08')]] });
  }, 120_000);
  afterAll(() => w.stop());

  const get = async (path: string) => {
    const res = await w.call('GET', path, { token });
    expect(res.status).toBe(200);
    return res.body;
  };
  const funnelOf = (body: { stage: string; applications: number | null; conversionFromPrevious: number | null }[]) =>
    body.map((s) => [s.stage, s.applications, s.conversionFromPrevious]);

  it('counts each stage, including people who went further or left later', async () => {
    expect(funnelOf(await get('/admin/reports/funnel'))).toEqual([
      ['applied', 12, null],
      ['eligible', 10, 0.833],
      ['offered', 9, 0.9],
      ['accepted', 7, 0.778],
      ['started', 5, 0.714],
      ['completed', 2, 0.4],
      ['passed', 1, 0.5],
    ]);
  });

  it('filters by financial year, qualification and provider, showing small programme totals whole', async () => {
    expect(funnelOf(await get('/admin/reports/funnel?financialYear=2025-26'))).toEqual([
      ['applied', 1, null],
      ['eligible', 1, 1],
      ['offered', 1, 1],
      ['accepted', 1, 1],
      ['started', 1, 1],
      ['completed', 0, 0],
      ['passed', 0, null],
    ]);
    expect(funnelOf(await get(`/admin/reports/funnel?qualificationId=${q2}`)).map((s) => s[1])).toEqual([2, 2, 2, 2, 0, 0, 0]);
    expect(funnelOf(await get(`/admin/reports/funnel?providerId=${p1}`)).map((s) => s[1])).toEqual([4, 4, 4, 4, 3, 2, 1]);
  });

  it('withholds counts of 1 to 4 people once narrowed to a region, ICB or role', async () => {
    // London by the practice file (all six gave north_west themselves).
    const london = [
      ['applied', 6, null],
      ['eligible', null, null],
      ['offered', null, null],
      ['accepted', null, null],
      ['started', null, null],
      ['completed', null, null],
      ['passed', null, null],
    ];
    expect(funnelOf(await get('/admin/reports/funnel?region=london'))).toEqual(london);
    expect(funnelOf(await get('/admin/reports/funnel?icb=QMJ'))).toEqual(london);
    expect(funnelOf(await get('/admin/reports/funnel?role=assistant_practice_manager'))).toEqual([
      ['applied', 6, null],
      ['eligible', 6, 1],
      ['offered', 5, 0.833],
      ['accepted', null, null],
      ['started', null, null],
      ['completed', 0, null],
      ['passed', 0, null],
    ]);
  });

  it('names the rules that exclude or refer most', async () => {
    const rows = (await get('/admin/reports/eligibility-rules')).map((r: Record<string, unknown>) => [r.ruleId, r.decided, r.excluded, r.referred, r.exclusionRate, r.referralRate]);
    expect(rows).toEqual([
      ['years_in_role', 12, 0, 2, 0, 0.167],
      ['employer_support', 12, 0, 1, 0, 0.083],
      ['english_maths', 12, 1, 0, 0.083, 0],
    ]);
    const london = (await get('/admin/reports/eligibility-rules?region=london')).map((r: Record<string, unknown>) => [r.ruleId, r.decided, r.excluded, r.referred, r.exclusionRate, r.referralRate]);
    expect(london).toEqual([
      ['years_in_role', 6, 0, null, 0, null],
      ['english_maths', 6, null, 0, null, 0],
      ['employer_support', 6, 0, 0, 0, 0],
    ]);
  });

  it('measures days to decision, start and completion: median and 90th percentile', async () => {
    // Decisions: 2, 4, 5, 7, 8, 10, 14, 15, 20, 30 -> median (8+10)/2, p90 20 + 0.1 x 10.
    // Starts: 14, 31, 31, 31, 45 -> median 31, p90 31 + 0.6 x 14. Completions: 254, 264 -> 259, 254 + 0.9 x 10.
    const rows = (await get('/admin/reports/durations')).map((r: Record<string, unknown>) => [r.measure, r.applications, r.medianDays, r.p90Days]);
    expect(rows).toEqual([
      ['decision', 10, 9, 21],
      ['start', 5, 31, 39.4],
      ['completion', 2, 259, 263],
    ]);
    // London: decisions 5, 10, 15, 20, 30 -> 15 and 20 + 0.6 x 10; three starts and two completions withheld.
    const london = (await get('/admin/reports/durations?region=london')).map((r: Record<string, unknown>) => [r.measure, r.applications, r.medianDays, r.p90Days]);
    expect(london).toEqual([
      ['decision', 5, 15, 26],
      ['start', null, null, null],
      ['completion', null, null, null],
    ]);
  });

  it('gives completion, withdrawal and overdue reports by provider and qualification', async () => {
    const pick = (r: Record<string, unknown>) => [r.groupBy, r.id, r.learners, r.started, r.completed, r.passed, r.withdrawn, r.completionRate, r.withdrawalRate, r.overdueReports, r.pastExpectedEnd];
    expect((await get('/admin/reports/providers')).map(pick)).toEqual([
      ['provider', p2, 3, 2, 0, 0, 0, 0, 0, 2, 1],
      ['provider', p1, 4, 3, 2, 1, 1, 0.667, 0.25, 0, 0],
      ['qualification', q1, 5, 5, 2, 1, 1, 0.4, 0.2, 1, 1],
      ['qualification', q2, 2, 0, 0, 0, 0, null, 0, 1, 0],
    ]);
    expect((await get(`/admin/reports/providers?providerId=${p1}`)).map(pick)).toEqual([
      ['provider', p1, 4, 3, 2, 1, 1, 0.667, 0.25, 0, 0],
      ['qualification', q1, 3, 3, 2, 1, 1, 0.667, 0.333, 0, 0],
      ['qualification', q2, 1, 0, 0, 0, 0, null, 0, 0, 0],
    ]);
    expect((await get('/admin/reports/providers?region=london')).map(pick)).toEqual([
      ['provider', p1, null, null, null, null, null, null, null, 0, 0],
      ['qualification', q1, null, null, null, null, null, null, null, 0, 0],
    ]);
  });

  it('refuses a bad filter as problem+json naming it', async () => {
    const res = await w.call('GET', '/admin/reports/funnel?region=atlantis&financialYear=2026-28&providerId=12', { token });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['financialYear', 'providerId', 'region']);
    for (const query of ['areaKind=icb', 'colour=blue']) {
      const refused = await w.call('GET', `/admin/reports/durations?${query}`, { token });
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].field).toBe(query.split('=')[0]);
    }
  });

  it('registers each report, whose rows are the API’s figures with the same suppression', async () => {
    const registry = w.api.app.get(ReportRegistry);
    for (const [key, path] of [
      ['funnel', '/admin/reports/funnel?region=london'],
      ['eligibility-rules', '/admin/reports/eligibility-rules?region=london'],
      ['durations', '/admin/reports/durations?region=london'],
      ['providers', '/admin/reports/providers?region=london'],
    ]) {
      const report = registry.get(key)!;
      expect(report.columns.length).toBeGreaterThan(2);
      const rows: ReportRow[] = [];
      for await (const row of report.rows({ region: 'london' })) rows.push(row);
      expect(rows).toEqual(await get(path));
      expect(Object.keys(rows[0]).sort()).toEqual(report.columns.map((c) => c.key).sort());
    }
  });
});
