import { ReportRegistry, type ReportRow } from '@app/reports';
import { outcomeProgramme } from './factories/outcomes.factory';
import { World } from './support/world';

/**
 * The outcome reports against a small programme whose every figure is worked
 * out by hand (outcomeProgramme in factories/outcomes.factory.ts says each
 * application's days and stages). Twelve submitted applications and one draft: six in
 * London (by their practice, though they gave north_west), practice managers;
 * six in the North West (by the region they gave), assistant practice managers.
 * "Today" is 2027-03-01.
 */
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
    ({ p1, p2, q1, q2 } = await outcomeProgramme(w));
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

  it('lets reviewers, finance and admins read every report, and no one else', async () => {
    const paths = ['/admin/reports/funnel', '/admin/reports/eligibility-rules', '/admin/reports/durations', '/admin/reports/providers'];
    const tokens = { finance: (await w.signedIn('finance')).token, admin: (await w.signedIn('admin')).token, applicant: (await w.signedIn('applicant')).token };
    for (const path of paths) {
      expect((await w.call('GET', path)).status).toBe(401);
      expect((await w.call('GET', path, { token: tokens.applicant })).status).toBe(403);
      expect((await w.call('GET', path, { token: tokens.finance })).status).toBe(200);
      expect((await w.call('GET', path, { token: tokens.admin })).status).toBe(200);
    }
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
