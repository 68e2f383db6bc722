import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR } from '@app/identity';
import { QualificationsService } from '@app/intake';
import { ReportRegistry } from '@app/reports';
import { World } from './support/world';

/**
 * The money outcome reports against figures worked out by hand on a small
 * seeded set (this suite's own database, so totals are exact): two
 * providers, a 12- and an 18-month qualification, passes in two financial
 * years, payments sent, voided and not yet sent, and one pot's ledger over
 * the months of 2026-27.
 */
describe('the money outcome reports', () => {
  let w: World;
  let finance: { token: string };
  let ids: { alpha: string; beta: string; q12: string; q18: string };

  /** A learner on a cohort: their application (with its completed transition when they passed), enrolment and payments. */
  async function learner(o: { provider: string; cohort: string; qualification: string; passedOn?: string; startedOn: string; payments: { pence: number; kind: 'start' | 'completion'; paidAt?: string; voided?: boolean; ledgerEntryId?: string }[] }) {
    const n = randomUUID().slice(0, 8);
    const [{ id: userId }] = await w.db.query(`INSERT INTO user_account (email, full_name, role, email_verified_at) VALUES ($1, 'Learner', 'applicant', now()) RETURNING id`, [`learner.${n}@example.org`]);
    const [{ id: roundId }] = await w.db.query(`SELECT id FROM funding_round LIMIT 1`);
    const [{ id: appId }] = await w.db.query(
      `INSERT INTO application (reference, applicant_id, round_id, qualification_id, status, submitted_at) VALUES ($1, $2, $3, $4, $5, '2025-05-01') RETURNING id`,
      [`PMB-M-${n}`, userId, roundId, o.qualification, o.passedOn ? 'completed' : 'enrolled'],
    );
    if (o.passedOn) await w.db.query(`INSERT INTO application_transition (application_id, from_status, to_status, actor_role, at) VALUES ($1, 'enrolled', 'completed', 'provider', $2)`, [appId, `${o.passedOn}T10:00:00Z`]);
    const [{ id: enrolmentId }] = await w.db.query(
      `INSERT INTO enrolment (application_id, cohort_id, provider_id, status, start_date, outcome, completed_on) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [appId, o.cohort, o.provider, o.passedOn ? 'completed' : 'started', o.startedOn, o.passedOn ? 'passed' : null, o.passedOn ?? null],
    );
    const [{ id: reportId }] = await w.db.query(`INSERT INTO enrolment_report (enrolment_id, type, on_date) VALUES ($1, 'start', $2) RETURNING id`, [enrolmentId, o.startedOn]);
    for (const p of o.payments) {
      await w.db.query(
        `INSERT INTO payment_due (enrolment_id, provider_id, report_id, kind, amount_pence, due_on, paid_at, voided_at, ledger_entry_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [enrolmentId, o.provider, reportId, p.kind, p.pence, o.startedOn, p.paidAt ?? null, p.voided ? '2026-09-01T00:00:00Z' : null, p.ledgerEntryId ?? null],
      );
    }
  }

  beforeAll(async () => {
    w = await World.start({ worker: false });
    w.clock.set(new Date('2026-12-03T12:00:00Z'));
    finance = await w.signedIn('finance');
    const quals = w.api.app.get(QualificationsService);
    const q12 = (await quals.create({ title: 'Level 5 Diploma in Practice Management (example)', awardingBody: 'Example Awarding Body', level: 5, durationMonths: 12, isExample: true }, SYSTEM_ACTOR)).id;
    const q18 = (await quals.create({ title: 'Level 7 Diploma in Practice Leadership (example)', awardingBody: 'Example Awarding Body', level: 7, durationMonths: 18, isExample: true }, SYSTEM_ACTOR)).id;
    const [{ id: alpha }] = await w.db.query(`INSERT INTO training_provider (name, ukprn) VALUES ('Alpha College', '10000001') RETURNING id`);
    const [{ id: beta }] = await w.db.query(`INSERT INTO training_provider (name, ukprn) VALUES ('Beta Training', '10000002') RETURNING id`);
    ids = { alpha, beta, q12, q18 };
    await w.db.query(`INSERT INTO funding_round (name, opens_at, closes_at, rule_set_version) VALUES ('Spring 2025', '2025-04-01', '2025-06-30', '2026-01')`);
    const cohort = async (provider: string, qualification: string, start: string) =>
      (await w.db.query(`INSERT INTO cohort (provider_id, qualification_id, name, start_date, capacity, places_taken, delivery_mode) VALUES ($1, $2, 'Cohort', $3, 20, 0, 'online') RETURNING id`, [provider, qualification, start]))[0].id as string;
    const a12 = await cohort(alpha, q12, '2025-06-01');
    const b12 = await cohort(beta, q12, '2025-07-01');
    const a18 = await cohort(alpha, q18, '2024-08-01');

    // One 2026-27 pot, its ledger written month by month: funded in April, three offers in May, two starts (half paid) in June, an offer released in August.
    const [{ id: potId }] = await w.db.query(
      `INSERT INTO budget_pot (name, purpose, financial_year, funded_pence, reserved_pence, committed_pence, paid_pence, available_pence) VALUES ('Bursaries 2026-27', 'bursaries', '2026-27', 1000000, 0, 50000, 50000, 900000) RETURNING id`,
    );
    const entry = async (kind: string, pence: number, at: string, bucket: string | null = null, applicationId: string | null = randomUUID()) =>
      (await w.db.query(`INSERT INTO budget_ledger_entry (id, pot_id, kind, bucket, amount_pence, application_id, reason, reference, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, [
        randomUUID(), potId, kind, bucket, pence, applicationId, kind === 'release' ? 'offer declined' : null, kind === 'pay' ? `PAY-${randomUUID().slice(0, 6)}` : null, at,
      ]))[0].id as string;
    await entry('fund', 1_000_000, '2026-04-05T10:00:00Z', null, null);
    const [x, y, z] = [randomUUID(), randomUUID(), randomUUID()];
    for (const app of [x, y, z]) await entry('reserve', 50_000, '2026-05-10T10:00:00Z', null, app);
    for (const app of [x, y]) await entry('commit', 50_000, '2026-06-15T10:00:00Z', null, app);
    const payX = await entry('pay', 25_000, '2026-06-15T11:00:00Z', null, x);
    await entry('pay', 25_000, '2026-06-15T11:00:00Z', null, y);
    await entry('release', 50_000, '2026-08-01T10:00:00Z', 'reserved', z);

    // Alpha, 12 months: three passes in 2026-27, each paid £250 on start and £250 on the pass; a fourth learner started, their start paid (the ledger's first pay entry).
    for (const passedOn of ['2026-06-10', '2026-07-01', '2026-08-20']) {
      await learner({ provider: alpha, cohort: a12, qualification: q12, startedOn: '2025-06-01', passedOn, payments: [{ pence: 25_000, kind: 'start', paidAt: '2026-04-20T10:00:00Z' }, { pence: 25_000, kind: 'completion', paidAt: '2026-09-01T10:00:00Z' }] });
    }
    await learner({ provider: alpha, cohort: a12, qualification: q12, startedOn: '2026-05-01', payments: [{ pence: 25_000, kind: 'start', paidAt: '2026-07-20T10:00:00Z', ledgerEntryId: payX }] });
    // Beta, 12 months: two passes in 2026-27, paid in full; a voided payment and one not yet sent count for nothing.
    await learner({ provider: beta, cohort: b12, qualification: q12, startedOn: '2025-07-01', passedOn: '2026-08-05', payments: [{ pence: 50_000, kind: 'completion', paidAt: '2026-08-30T10:00:00Z' }, { pence: 25_000, kind: 'start', paidAt: '2026-05-01T10:00:00Z', voided: true }] });
    await learner({ provider: beta, cohort: b12, qualification: q12, startedOn: '2025-07-01', passedOn: '2026-11-20', payments: [{ pence: 50_000, kind: 'completion', paidAt: '2026-11-25T10:00:00Z' }, { pence: 25_000, kind: 'start' }] });
    // Alpha, 18 months: one pass in 2025-26, paid then.
    await learner({ provider: alpha, cohort: a18, qualification: q18, startedOn: '2024-08-01', passedOn: '2026-02-10', payments: [{ pence: 50_000, kind: 'completion', paidAt: '2026-02-15T10:00:00Z' }] });
  }, 60_000);
  afterAll(() => w.stop());

  it('registers the three reports for exports', () => {
    const registry = w.api.app.get(ReportRegistry);
    expect(['qualified', 'cost-per-qualification', 'budget-use'].map((k) => registry.get(k)?.key)).toEqual(['qualified', 'cost-per-qualification', 'budget-use']);
  });

  it('qualified practice managers: passes month by month to date, then the forecast, against the target of 1,000', async () => {
    const res = await w.call('GET', '/admin/reports/qualified?financialYear=2026-27', { token: finance.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ financialYear: '2026-27', target: 1000, completedSoFar: 5, projectedByYearEnd: 5, shortfall: 995, onTrack: false });
    const actual = res.body.months.filter((m: { kind: string }) => m.kind === 'actual');
    expect(actual.map((m: { month: string; passes: number; qualifiedToDate: number }) => [m.month, m.passes, m.qualifiedToDate])).toEqual([
      ['2026-04', 0, 0], ['2026-05', 0, 0], ['2026-06', 1, 1], ['2026-07', 1, 2], ['2026-08', 2, 4], ['2026-09', 0, 4], ['2026-10', 0, 4], ['2026-11', 1, 5],
    ]);
    // The learner in training started in May 2026 on 12 months: not due this year.
    expect(res.body.months.filter((m: { kind: string }) => m.kind === 'forecast').map((m: { month: string; qualifiedToDate: number }) => [m.month, m.qualifiedToDate])).toEqual([['2026-12', 5], ['2027-01', 5], ['2027-02', 5], ['2027-03', 5]]);
    expect(res.body.assumptions.join('\n')).toContain('Qualified practice managers this year: 5 completed so far');
    expect((await w.call('GET', '/admin/reports/qualified', { token: (await w.signedIn('reviewer')).token })).status).toBe(200);
  });

  it('cost per qualification: money sent to providers over passes, against the £500 bursary', async () => {
    const res = await w.call('GET', '/admin/reports/cost-per-qualification?financialYear=2026-27', { token: finance.token });
    expect(res.status).toBe(200);
    expect(res.body.standardBursaryPence).toBe(50_000);
    expect(res.body.rows.map((r: Record<string, unknown>) => [r.providerName, r.qualificationId, r.paidPence, r.passes, r.costPerQualificationPence, r.differencePence])).toEqual([
      // 3 x (£250 + £250) + £250 = £1,750 over 3 passes: £583.33.
      ['Alpha College', ids.q12, 175_000, 3, 58_333, 8_333],
      // 2 x £500 over 2 passes; the voided and the unsent payments are not paid.
      ['Beta Training', ids.q12, 100_000, 2, 50_000, 0],
    ]);
    expect(res.body.total).toEqual({ paidPence: 275_000, passes: 5, costPerQualificationPence: 55_000, differencePence: 5_000 });

    const allYears = await w.call('GET', '/admin/reports/cost-per-qualification', { token: finance.token });
    expect(allYears.body.financialYear).toBeNull();
    expect(allYears.body.total).toEqual({ paidPence: 325_000, passes: 6, costPerQualificationPence: 54_167, differencePence: 4_167 });
    const beta = await w.call('GET', `/admin/reports/cost-per-qualification?financialYear=2026-27&providerId=${ids.beta}`, { token: finance.token });
    expect(beta.body.rows.map((r: { providerId: string }) => r.providerId)).toEqual([ids.beta]);
    const none = await w.call('GET', `/admin/reports/cost-per-qualification?financialYear=2026-27&qualificationId=${ids.q18}`, { token: finance.token });
    expect(none.body).toMatchObject({ rows: [], total: { paidPence: 0, passes: 0, costPerQualificationPence: null, differencePence: null } });
  });

  it('budget use: the pots at the end of each month, fallen due and paid', async () => {
    const res = await w.call('GET', '/admin/reports/budget-use?financialYear=2026-27', { token: finance.token });
    expect(res.status).toBe(200);
    const row = (funded: number, reserved: number, committed: number, fallenDue: number, paid: number, available: number) => ({ fundedPence: funded, reservedPence: reserved, committedPence: committed, fallenDuePence: fallenDue, paidPence: paid, availablePence: available });
    expect(Object.fromEntries(res.body.months.map(({ month, ...m }: { month: string }) => [month, m]))).toEqual({
      '2026-04': row(1_000_000, 0, 0, 0, 0, 1_000_000),
      '2026-05': row(1_000_000, 150_000, 0, 0, 0, 850_000),
      '2026-06': row(1_000_000, 50_000, 50_000, 50_000, 0, 850_000),
      '2026-07': row(1_000_000, 50_000, 50_000, 50_000, 25_000, 850_000),
      '2026-08': row(1_000_000, 0, 50_000, 50_000, 25_000, 900_000),
      '2026-09': row(1_000_000, 0, 50_000, 50_000, 25_000, 900_000),
      '2026-10': row(1_000_000, 0, 50_000, 50_000, 25_000, 900_000),
      '2026-11': row(1_000_000, 0, 50_000, 50_000, 25_000, 900_000),
      '2026-12': row(1_000_000, 0, 50_000, 50_000, 25_000, 900_000),
    });
  });

  it('refuses bad filters as problem+json naming the field, and applicants altogether', async () => {
    const bad = await w.call('GET', '/admin/reports/cost-per-qualification?financialYear=2026-28&providerId=nope', { token: finance.token });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['financialYear', 'providerId']);
    const notHere = await w.call('GET', '/admin/reports/budget-use?region=london', { token: finance.token });
    expect(notHere.status).toBe(400);
    expect(notHere.body.errors).toEqual([{ field: 'region', message: 'does not apply to this report' }]);
    expect((await w.call('GET', '/admin/reports/qualified', { token: (await w.signedIn('applicant')).token })).status).toBe(403);
  });
});
