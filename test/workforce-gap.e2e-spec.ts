/**
 * The skills gap and coverage (issue 17), on a small data set seeded by SQL
 * with every figure worked out by hand:
 *
 * Practices: A81001, A81002 in ICB QE1 (region north_east_and_yorkshire);
 * B82001 in ICB QE2 (london). Role profiles v1 {practice_manager: {finance 2}},
 * v2 (current) {practice_manager: {finance 3, hr_workforce 3}}.
 *
 * 2026-27 (each person's newest row in the year counts):
 * - P1 (declared london, works at A81001): an older row finance 4, then finance 1, hr 2.
 * - P2 A81001 finance 2, hr 3; P3 A81002 finance 3, hr 3; P4 A81002 finance 4, hr 4;
 *   P5 A81001 finance 2 (no hr).
 * - P6 A81001: an older row as practice_manager, then assistant_practice_manager finance 3.
 * - Q1-Q4 at B82001 (london, QE2) practice_manager finance 1, 1, 2, 3.
 * - R1 no ODS code, declared london, practice_manager finance 4 (a region, no ICB).
 * 2025-26: P1-P4 and S1 (A81001) practice_manager finance 1, 1, 2, 2, 4.
 *
 * ICB QE1 practice_manager finance: P1-P5 = 1, 2, 3, 4, 2 -> people 5, average 2.4,
 *   share at 1-2 3/5 = 0.6, required 3, gap 0.6; last year 1, 1, 2, 2, 4 = 2.0 -> change +0.4.
 * ICB QE1 practice_manager hr_workforce: P1-P4 = 4 people -> suppressed.
 * ICB QE1 assistant_practice_manager finance: P6 alone -> suppressed.
 * ICB QE2 practice_manager finance: Q1-Q4 -> suppressed.
 * Region north_east_and_yorkshire = ICB QE1 (P1 by the practice, not their declared london).
 * Region london practice_manager finance: Q1-Q4 + R1 = 1, 1, 2, 3, 4 -> 5, 2.2, 0.6, 3, 0.8, no last year.
 *
 * Official counts: an older upload (QE1 100) then the newest: regions NEY 40, london 50,
 * midlands 10; ICBs QE1 20, QE2 8.
 * Known 2026-27 by region: NEY P1-P6 = 6 (share 0.15, average gap 0.6); london Q1-Q4, R1 = 5
 * (0.1, 0.8); midlands 0 (0, no gap). By ICB: QE1 6 (0.3, 0.6); QE2 4 -> suppressed (8 official).
 */
import { WorkforceReports } from '@app/reports';
import { SUPPRESSED_TEXT, CoverageService, GapService, type GapCell } from '@app/workforce';
import { ReportRegistry } from '@app/reports';
import { seedGapData, type GapSeed } from './factories/skills-gap.factory';
import { World } from './support/world';

describe('the skills gap and coverage', () => {
  let w: World;
  let reader: { token: string };
  let ids: Map<string, string>;

  let audit: GapSeed['audit'];

  beforeAll(async () => {
    w = await World.start({ worker: false });
    reader = await w.signedIn('reviewer');
    ({ audit, ids } = await seedGapData(w));
  }, 60_000);
  afterAll(() => w.stop());

  const hidden = (c: Partial<GapCell>): Partial<GapCell> => ({
    ...c,
    people: null,
    averageLevel: null,
    shareAtOneOrTwo: null,
    gap: null,
    changeSinceLastYear: null,
    suppressed: true,
  });

  const QE1 = { areaKind: 'icb' as const, areaCode: 'QE1', areaName: 'Tees Valley ICB (test)' };
  const QE1_PM_FINANCE = { ...QE1, role: 'practice_manager', competency: 'finance', people: 5, averageLevel: 2.4, shareAtOneOrTwo: 0.6, requiredLevel: 3, gap: 0.6, changeSinceLastYear: 0.4, suppressed: false };

  it('by ICB: every figure of every cell, a person by their newest row, the ICB only through the practice', async () => {
    const cells = await w.api.app.get(GapService).cells({ auditYear: '2026-27', areaKind: 'icb' });
    expect(cells).toEqual([
      hidden({ areaKind: 'icb', areaCode: 'QE2', areaName: 'East London ICB (test)', role: 'practice_manager', competency: 'finance', requiredLevel: 3 }),
      hidden({ ...QE1, role: 'assistant_practice_manager', competency: 'finance', requiredLevel: null }),
      QE1_PM_FINANCE,
      hidden({ ...QE1, role: 'practice_manager', competency: 'hr_workforce', requiredLevel: 3 }),
    ]);
  });

  it('by region: the practice’s region overrides the declared one; no ODS code places by the declared region', async () => {
    const cells = await w.api.app.get(GapService).cells({ auditYear: '2026-27', areaKind: 'region', role: 'practice_manager' });
    expect(cells).toEqual([
      { areaKind: 'region', areaCode: 'london', areaName: 'London', role: 'practice_manager', competency: 'finance', people: 5, averageLevel: 2.2, shareAtOneOrTwo: 0.6, requiredLevel: 3, gap: 0.8, changeSinceLastYear: null, suppressed: false },
      { ...QE1_PM_FINANCE, areaKind: 'region', areaCode: 'north_east_and_yorkshire', areaName: 'North East and Yorkshire' },
      hidden({ areaKind: 'region', areaCode: 'north_east_and_yorkshire', areaName: 'North East and Yorkshire', role: 'practice_manager', competency: 'hr_workforce', requiredLevel: 3 }),
    ]);
  });

  it('suppression: 4 people show nothing, 5 show figures; one area and one role narrow the cells', async () => {
    const gap = w.api.app.get(GapService);
    const qe2 = await gap.cells({ auditYear: '2026-27', areaKind: 'icb', areaCode: 'QE2' });
    expect(qe2.map((c) => [c.people, c.suppressed])).toEqual([[null, true]]);
    // A fifth person at the QE2 practice: the cell shows (1, 1, 2, 3, 3 -> 2.0, 0.6, gap 1.0).
    await audit('Q5', '2026-27', '2026-06-03T09:00:00Z', 'practice_manager', 'london', 'B82001', { finance: 3 });
    const five = await gap.cells({ auditYear: '2026-27', areaKind: 'icb', areaCode: 'QE2', role: 'practice_manager' });
    expect(five).toEqual([
      { areaKind: 'icb', areaCode: 'QE2', areaName: 'East London ICB (test)', role: 'practice_manager', competency: 'finance', people: 5, averageLevel: 2, shareAtOneOrTwo: 0.6, requiredLevel: 3, gap: 1, changeSinceLastYear: null, suppressed: false },
    ]);
    await w.db.query(`DELETE FROM skills_audit WHERE user_id = $1`, [ids.get('Q5')]);
    expect(SUPPRESSED_TEXT).toBe('fewer than 5');
  });

  it('coverage by region: known against the newest official count, share known and the average gap', async () => {
    const coverage = await w.api.app.get(CoverageService).coverage({ auditYear: '2026-27', areaKind: 'region' });
    expect(coverage.upload).toMatchObject({ period: 'March 2026' });
    expect(coverage.rows).toEqual([
      { areaKind: 'region', areaCode: 'london', areaName: 'London', knownPeople: 5, officialCount: 50, shareKnown: 0.1, averageGap: 0.8, gapCells: 1, suppressed: false },
      { areaKind: 'region', areaCode: 'midlands', areaName: 'Midlands', knownPeople: 0, officialCount: 10, shareKnown: 0, averageGap: null, gapCells: 0, suppressed: false },
      { areaKind: 'region', areaCode: 'north_east_and_yorkshire', areaName: 'North East and Yorkshire', knownPeople: 6, officialCount: 40, shareKnown: 0.15, averageGap: 0.6, gapCells: 1, suppressed: false },
    ]);
  });

  it('people who answered a nation outside England are in no region: no gap cell, no coverage row', async () => {
    const welsh = ['W1', 'W2', 'W3', 'W4', 'W5'];
    for (const name of welsh) await audit(name, '2026-27', '2026-06-04T09:00:00Z', 'practice_manager', 'wales', null, { finance: 2 });
    try {
      const cells = await w.api.app.get(GapService).cells({ auditYear: '2026-27', areaKind: 'region' });
      expect(cells.map((c) => c.areaCode)).not.toContain('wales');
      expect(cells.length).toBeGreaterThan(0);
      const coverage = await w.api.app.get(CoverageService).coverage({ auditYear: '2026-27', areaKind: 'region' });
      expect(coverage.rows.map((r) => r.areaCode)).toEqual(['london', 'midlands', 'north_east_and_yorkshire']);
    } finally {
      await w.db.query(`DELETE FROM skills_audit WHERE user_id = ANY($1)`, [welsh.map((n) => ids.get(n))]);
    }
  });

  it('coverage by ICB: fewer than 5 known is suppressed, the official count still shown', async () => {
    const coverage = await w.api.app.get(CoverageService).coverage({ auditYear: '2026-27', areaKind: 'icb' });
    expect(coverage.rows).toEqual([
      { areaKind: 'icb', areaCode: 'QE2', areaName: 'East London ICB (test)', knownPeople: null, officialCount: 8, shareKnown: null, averageGap: null, gapCells: 0, suppressed: true },
      { areaKind: 'icb', areaCode: 'QE1', areaName: 'Tees Valley ICB (test)', knownPeople: 6, officialCount: 20, shareKnown: 0.3, averageGap: 0.6, gapCells: 1, suppressed: false },
    ]);
    // Last year: P1-P4 and S1 at A81001 = 5 known in QE1; the gap then (1, 1, 2, 2, 4 = 2.0 against 3) is 1.0.
    const last = await w.api.app.get(CoverageService).coverage({ auditYear: '2025-26', areaKind: 'icb' });
    expect(last.rows.find((r) => r.areaCode === 'QE1')).toMatchObject({ knownPeople: 5, shareKnown: 0.25, averageGap: 1 });
  });

  it('the report definitions give the same figures, suppressed cells null', async () => {
    const registry = w.api.app.get(ReportRegistry);
    const gap = registry.get('skills-gap')!;
    expect(gap.columns.map((c) => c.key)).toEqual(['auditYear', 'areaKind', 'areaCode', 'areaName', 'role', 'competency', 'people', 'averageLevel', 'shareAtOneOrTwo', 'requiredLevel', 'gap', 'changeSinceLastYear', 'suppressed']);
    expect(gap.columns.every((c) => c.description.length > 10)).toBe(true);
    const rows = [];
    for await (const row of gap.rows({ financialYear: '2026-27', icb: 'QE1' })) rows.push(row);
    expect(rows.map((r) => [r.role, r.competency, r.people, r.averageLevel, r.gap, r.suppressed])).toEqual([
      ['assistant_practice_manager', 'finance', null, null, null, true],
      ['practice_manager', 'finance', 5, 2.4, 0.6, false],
      ['practice_manager', 'hr_workforce', null, null, null, true],
    ]);
    expect(rows.every((r) => r.auditYear === '2026-27' && r.areaKind === 'icb')).toBe(true);
    // A region with ICBs would be ignored: refused, naming the field.
    await expect(gap.rows({ areaKind: 'icb', region: 'london' })[Symbol.asyncIterator]().next()).rejects.toMatchObject({ errors: [{ field: 'region' }] });
    const coverage = registry.get('coverage')!;
    const cov = [];
    for await (const row of coverage.rows({ financialYear: '2026-27', areaKind: 'icb' })) cov.push(row);
    expect(cov.map((r) => [r.areaCode, r.knownPeople, r.officialCount, r.shareKnown, r.countPeriod])).toEqual([
      ['QE2', null, 8, null, 'March 2026'],
      ['QE1', 6, 20, 0.3, 'March 2026'],
    ]);
  });

  it('GET /admin/workforce/gap and /coverage answer readers with the same figures', async () => {
    const res = await w.call('GET', '/admin/workforce/gap?auditYear=2026-27&areaKind=icb&areaCode=qe1&role=practice_manager', { token: reader.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ auditYear: '2026-27', areaKind: 'icb', minCellPeople: 5, cells: [QE1_PM_FINANCE, hidden({ ...QE1, role: 'practice_manager', competency: 'hr_workforce', requiredLevel: 3 })] });
    const cov = await w.call('GET', '/admin/workforce/coverage?auditYear=2026-27&areaKind=region', { token: reader.token });
    expect(cov.status).toBe(200);
    expect(cov.body.rows.map((r: { areaCode: string; knownPeople: number; shareKnown: number }) => [r.areaCode, r.knownPeople, r.shareKnown])).toEqual([
      ['london', 5, 0.1],
      ['midlands', 0, 0],
      ['north_east_and_yorkshire', 6, 0.15],
    ]);
    // No filters: the current audit year, by region.
    const plain = await w.call('GET', '/admin/workforce/gap', { token: reader.token });
    expect(plain.status).toBe(200);
    expect(plain.body.auditYear).toBe(w.api.app.get(WorkforceReports).currentAuditYear());
  });

  it('bad filters are a problem naming each field', async () => {
    const res = await w.call('GET', '/admin/workforce/gap?auditYear=2026-28&areaKind=icb&areaCode=not-an-icb&role=astronaut', { token: reader.token });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['areaCode', 'auditYear', 'role']);
    const kind = await w.call('GET', '/admin/workforce/coverage?areaKind=pcn&auditYear=2026', { token: reader.token });
    expect(kind.status).toBe(400);
    expect(kind.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['areaKind', 'auditYear']);
    const region = await w.call('GET', '/admin/workforce/gap?areaKind=region&areaCode=QE1', { token: reader.token });
    expect(region.body.errors).toEqual([expect.objectContaining({ field: 'areaCode' })]);
  });

  it('reviewers, finance and admins may read it; applicants and providers may not; anonymous is 401', async () => {
    const got: string[] = [];
    for (const role of ['reviewer', 'finance', 'admin', 'applicant', 'provider'] as const) {
      const { token } = await w.signedIn(role);
      for (const path of ['/admin/workforce/gap', '/admin/workforce/coverage']) got.push(`${role} ${path} ${(await w.call('GET', path, { token })).status}`);
    }
    for (const path of ['/admin/workforce/gap', '/admin/workforce/coverage']) got.push(`anonymous ${path} ${(await w.call('GET', path)).status}`);
    expect(got).toEqual([
      'reviewer /admin/workforce/gap 200', 'reviewer /admin/workforce/coverage 200',
      'finance /admin/workforce/gap 200', 'finance /admin/workforce/coverage 200',
      'admin /admin/workforce/gap 200', 'admin /admin/workforce/coverage 200',
      'applicant /admin/workforce/gap 403', 'applicant /admin/workforce/coverage 403',
      'provider /admin/workforce/gap 403', 'provider /admin/workforce/coverage 403',
      'anonymous /admin/workforce/gap 401', 'anonymous /admin/workforce/coverage 401',
    ]);
  });
});
