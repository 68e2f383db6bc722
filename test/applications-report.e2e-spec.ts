/** The export-only "applications" report: one row per submitted application, no personal data, small cells withheld. */
import { parse } from 'csv-parse/sync';
import { ReportRegistry, type ReportRow } from '@app/reports';
import { openRound, qualification } from './factories/intake.factory';
import { practice, seededApplication } from './factories/outcomes.factory';
import { World } from './support/world';

describe('the applications report', () => {
  let w: World;
  let token: string;
  let roundName: string;
  let londonRefs: string[];

  beforeAll(async () => {
    w = await World.start({ worker: false });
    token = (await w.signedIn('reviewer')).token;
    const q = await qualification(w, { level: 5 });
    const round = await openRound(w, [q.id]);
    roundName = round.name;
    await practice(w, { odsCode: 'Y90001', region: 'london', icbCode: 'QMJ' });
    const base = { roundId: round.id, qualificationId: q.id };
    // Five in London by their practice (a cell of 5: shown), two assistant managers in the North West (a cell of 2: withheld), one draft.
    const london = [];
    for (let i = 0; i < 5; i++) {
      london.push(
        await seededApplication(w, {
          ...base,
          region: 'north_west',
          role: 'practice_manager',
          odsCode: 'Y90001',
          // 11:30pm on 30 June UTC is 12:30am on 1 July in London.
          submittedAt: i === 0 ? '2026-06-30T23:30:00Z' : `2026-05-0${i}T10:00:00Z`,
          moves: i === 0 ? [['under_review', '2026-07-02T10:00:00Z'], ['offered', '2026-07-09T23:30:00Z'], ['accepted', '2026-07-12T10:00:00Z']] : [['under_review', '2026-05-10T10:00:00Z']],
        }),
      );
    }
    for (let i = 0; i < 2; i++) await seededApplication(w, { ...base, region: 'north_west', role: 'assistant_practice_manager', submittedAt: '2026-05-20T10:00:00Z', moves: [['referred', '2026-05-20T10:00:00Z'], ['ineligible', '2026-06-01T10:00:00Z']] });
    await seededApplication(w, { ...base, region: 'london', role: 'practice_manager', submittedAt: null, moves: [] });
    londonRefs = (await w.db.query(`SELECT reference FROM application WHERE id = ANY($1::uuid[]) ORDER BY reference`, [london])).map((r: { reference: string }) => r.reference);
  }, 120_000);
  afterAll(() => w.stop());

  const rowsOf = async (filters: Record<string, string> = {}) => {
    const rows: ReportRow[] = [];
    for await (const row of w.api.app.get(ReportRegistry).get('applications')!.rows(filters)) rows.push(row);
    return rows;
  };

  it('gives every submitted application once, in reference order, with UK dates and the first decision', async () => {
    const rows = await rowsOf();
    expect(rows).toHaveLength(7);
    expect(rows.map((r) => r.reference)).toEqual([...rows.map((r) => r.reference)].sort());
    const first = rows.find((r) => r.submittedOn === '2026-07-01')!;
    expect(first).toEqual({
      reference: first.reference,
      round: roundName,
      qualification: 'Level 5 Diploma in Practice Management (example)',
      status: 'accepted',
      submittedOn: '2026-07-01',
      decidedOn: '2026-07-10',
      region: 'london',
      icb: 'QMJ',
      role: 'practice_manager',
    });
    expect(rows.filter((r) => r.region === 'london').map((r) => r.reference).sort()).toEqual(londonRefs);
    // A referred application found ineligible by a person is decided; the two are a cell of 2, so their area and role are withheld.
    const referred = rows.filter((r) => r.status === 'ineligible');
    expect(referred.map((r) => [r.decidedOn, r.region, r.icb, r.role])).toEqual([
      ['2026-06-01', null, null, null],
      ['2026-06-01', null, null, null],
    ]);
    expect(rows.filter((r) => r.status === 'under_review').every((r) => r.decidedOn === null)).toBe(true);
  });

  it('gives no rows when narrowed to 1 to 4 people, and the group when 5 or more', async () => {
    expect(await rowsOf({ role: 'assistant_practice_manager' })).toEqual([]);
    expect((await rowsOf({ region: 'london' })).map((r) => r.reference)).toEqual(londonRefs);
    expect(await w.api.app.get(ReportRegistry).get('applications')!.countRows!({ region: 'north_west' })).toBe(0);
    expect(await w.api.app.get(ReportRegistry).get('applications')!.countRows!({})).toBe(7);
  });

  it('exports as CSV through the report exports, with no names or email addresses', async () => {
    const res = await fetch(w.url('/admin/reports/applications/export.csv'), { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toMatch(/@example\.org|Applicant [0-9a-f]/);
    const rows = parse(text, { comment: '#', columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(7);
    expect(Object.keys(rows[0])).toEqual(['Reference', 'Funding round', 'Qualification', 'Status', 'Submitted', 'Decided', 'Region', 'ICB', 'Role']);
    expect(rows.filter((r) => r.Region === '')).toHaveLength(2);
  });
});
