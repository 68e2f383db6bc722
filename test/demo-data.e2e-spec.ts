import { financialYearOf } from '@app/budget';
import { AppConfig, Clock } from '@app/config';
import { DEMO_STORIES, DEMO_USERS, loadDemoData } from '@app/demo';
import { STATUSES } from '@app/intake';
import { GapService, WorkforceModule } from '@app/workforce';
import { World } from './support/world';

/**
 * `npm start`'s demo data on a fresh suite database: loaded once (a second load adds
 * nothing), a programme in progress (every status an application can rest in, learners at
 * every stage, money that reconciles), and fast enough to load at start-up.
 */
describe('demo data', () => {
  let w: World;
  let firstLoadMs = 0;

  beforeAll(async () => {
    w = await World.start({ worker: false, imports: [WorkforceModule] });
    const t0 = process.hrtime.bigint();
    const signIns = await loadDemoData(w.api.app);
    firstLoadMs = Number(process.hrtime.bigint() - t0) / 1e6;
    // Printed, not asserted: how long `npm start` spends loading it on this machine.
    console.log(`demo data loaded in ${firstLoadMs.toFixed(0)} ms`);
    expect(signIns).toEqual(DEMO_USERS);
  }, 120_000);
  afterAll(() => w?.stop());

  const count = async (sql: string, params: unknown[] = []) => (await w.db.query(sql, params))[0].n as number;

  it('loads about 300 applicants, each with one application, across all seven regions and every role', async () => {
    expect(await count(`SELECT count(*)::int AS n FROM application`)).toBe(DEMO_STORIES.length);
    expect(DEMO_STORIES.length).toBeGreaterThanOrEqual(280);
    expect(DEMO_STORIES.length).toBeLessThanOrEqual(320);
    // The demo applicant has a profile and no application; every other profile belongs to an applicant with one.
    expect(await count(`SELECT count(*)::int AS n FROM applicant_profile`)).toBe(DEMO_STORIES.length + 1);
    const config = w.api.app.get(AppConfig);
    const regions = (await w.db.query(`SELECT DISTINCT region FROM applicant_profile`)).map((r: { region: string }) => r.region).sort();
    expect(regions).toEqual(config.workforce.regions.map((r) => r.code).sort());
    const roles = (await w.db.query(`SELECT DISTINCT job_role FROM applicant_profile`)).map((r: { job_role: string }) => r.job_role).sort();
    expect(roles).toEqual(config.workforce.currentRoles.map((r) => r.code).sort());
  });

  it('has every status an application can rest in (submitted is decided at once), and learners at every stage', async () => {
    const statuses = (await w.db.query(`SELECT DISTINCT status FROM application`)).map((r: { status: string }) => r.status).sort();
    expect(statuses).toEqual(STATUSES.filter((s) => s !== 'submitted').sort());
    const stages = (await w.db.query(`SELECT DISTINCT status || coalesce(':' || outcome, '') AS s FROM enrolment`)).map((r: { s: string }) => r.s).sort();
    expect(stages).toEqual(['completed:failed', 'completed:passed', 'deferred', 'placed', 'started', 'withdrawn']);
    // Each submitted application carries the real engine's decision, and it agrees with where the application went.
    expect(await count(`SELECT count(*)::int AS n FROM application WHERE status = 'ineligible' AND eligibility->>'outcome' <> 'ineligible'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM application WHERE status <> 'draft' AND (eligibility IS NULL OR submitted_at IS NULL)`)).toBe(0);
    // Every enrolment's learner is enrolled, or ended where the enrolment did; no cohort is over capacity.
    expect(await count(`SELECT count(*)::int AS n FROM enrolment e JOIN application a ON a.id = e.application_id WHERE (e.status IN ('placed', 'started', 'deferred') AND a.status <> 'enrolled') OR (e.outcome = 'passed' AND a.status <> 'completed') OR (e.outcome = 'failed' AND a.status <> 'not_passed')`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM cohort c WHERE places_taken <> (SELECT count(*) FROM enrolment e WHERE e.cohort_id = c.id AND e.status NOT IN ('withdrawn', 'declined_by_provider'))`)).toBe(0);
  });

  it('dates its reports where a provider’s report would be allowed (the rules of ReportsService.check)', async () => {
    const days = w.api.app.get(AppConfig).programme.startBeforeCohortDays;
    const facts = `FROM enrolment_report r JOIN enrolment e ON e.id = r.enrolment_id JOIN cohort c ON c.id = e.cohort_id
      LEFT JOIN LATERAL (SELECT max(t.at AT TIME ZONE 'UTC')::date AS accepted_on FROM application_transition t WHERE t.application_id = e.application_id AND t.to_status = 'accepted') acc ON true
      WHERE r.voided_at IS NULL`;
    expect(await count(`SELECT count(*)::int AS n ${facts} AND r.type = 'start'`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*)::int AS n ${facts} AND r.type = 'start' AND (r.on_date < acc.accepted_on OR r.on_date < c.start_date - $1::int)`, [days])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n ${facts} AND r.type IN ('progress', 'completion') AND r.on_date < e.start_date`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n ${facts} AND r.type = 'withdrawal' AND (r.on_date < acc.accepted_on OR r.on_date < e.start_date)`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n ${facts} AND r.on_date > $1::date`, [w.api.app.get(Clock).today()])).toBe(0);
    // No report says the same thing twice.
    expect(await count(`SELECT count(*)::int AS n FROM (SELECT 1 FROM enrolment_report WHERE voided_at IS NULL AND on_date IS NOT NULL GROUP BY enrolment_id, type, milestone, outcome, on_date HAVING count(*) > 1) d`)).toBe(0);
  });

  it('keeps the money consistent: the reconciliation is ok, with a paid payment run and payments still due', async () => {
    const finance = DEMO_USERS.find((u) => u.email === 'finance@pmdp.example')!;
    const token = await w.signIn(finance.email, finance.password);
    const reconciliation = await w.call('GET', '/admin/budget/reconciliation', { token });
    expect(reconciliation.status).toBe(200);
    expect(reconciliation.body.ok).toBe(true);
    expect(await count(`SELECT count(*)::int AS n FROM payment_run WHERE status = 'paid'`)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM payment_due WHERE paid_at IS NULL`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*)::int AS n FROM payment_due WHERE paid_at IS NOT NULL`)).toBeGreaterThan(0);
    // A learner who passed was paid the whole bursary; one who did not pass had the rest released.
    const passed = await w.db.query(
      `SELECT DISTINCT (SELECT sum(amount_pence) FROM budget_ledger_entry le WHERE le.application_id = a.id AND le.kind = 'pay')::int = q.bursary_pence AS whole
       FROM application a JOIN qualification q ON q.id = a.qualification_id WHERE a.status = 'completed'`,
    );
    expect(passed).toEqual([{ whole: true }]);
  });

  it('has skills audits over two audit years, role profiles, targets of 1,000 and official counts, so the gap shows', async () => {
    const now = w.api.app.get(Clock).now();
    const config = w.api.app.get(AppConfig);
    const thisYear = financialYearOf(now, config.programme.financialYearStart).label;
    const years = await w.db.query(`SELECT source, audit_year, count(*)::int AS n FROM skills_audit GROUP BY 1, 2 ORDER BY 1, 2`);
    expect(years.map((r: { source: string; audit_year: string }) => `${r.source} ${r.audit_year}`)).toHaveLength(4);
    const audit = years.filter((r: { source: string }) => r.source === 'audit').reduce((s: number, r: { n: number }) => s + r.n, 0);
    // 90 people who never applied answered this year; about two in three of them (a seeded draw) last year too.
    const auditThisYear = years.find((r: { source: string; audit_year: string }) => r.source === 'audit' && r.audit_year === thisYear);
    expect(auditThisYear?.n).toBe(90);
    expect(audit - 90).toBeGreaterThanOrEqual(45);
    expect(audit - 90).toBeLessThanOrEqual(75);
    // The audit's people are not applicants.
    expect(await count(`SELECT count(*)::int AS n FROM skills_audit s WHERE s.source = 'audit' AND EXISTS (SELECT 1 FROM application a WHERE a.applicant_id = s.user_id)`)).toBe(0);
    const [targets] = await w.db.query(`SELECT body FROM workforce_plan_version WHERE kind = 'targets' ORDER BY version DESC LIMIT 1`);
    expect(targets.body.reduce((s: number, t: { qualifiedNeeded: number }) => s + t.qualifiedNeeded, 0)).toBe(1000);
    expect(await count(`SELECT count(*)::int AS n FROM workforce_count c JOIN workforce_count_upload u ON u.id = c.upload_id WHERE c.area_kind = 'region'`)).toBe(7);
    // Every employer ODS code given maps to an ICB through the practice file, except the Welsh ones (outside the programme).
    expect(await count(`SELECT count(*)::int AS n FROM applicant_profile p LEFT JOIN practice pr ON pr.ods_code = p.employer_ods_code WHERE p.employer_ods_code IS NOT NULL AND p.employer_ods_code NOT LIKE 'W%' AND pr.icb_code IS NULL`)).toBe(0);
    const cells = await w.api.app.get(GapService).cells({ auditYear: thisYear, areaKind: 'region' });
    const shown = cells.filter((c) => !c.suppressed);
    expect(shown.length).toBeGreaterThan(50);
    expect(shown.some((c) => c.gap !== null && c.gap > 0)).toBe(true);
    expect(shown.some((c) => c.changeSinceLastYear !== null && c.changeSinceLastYear > 0)).toBe(true);
  });

  it('adds nothing on a second load (and the demo sign-ins still work)', async () => {
    const tables = ['user_account', 'application', 'application_transition', 'skills_audit', 'enrolment', 'budget_ledger_entry', 'payment_due', 'payment_run', 'practice', 'workforce_plan_version', 'workforce_count', 'seed_run', 'funding_round', 'cohort'];
    const before = await Promise.all(tables.map((t) => count(`SELECT count(*)::int AS n FROM ${t}`)));
    const t0 = process.hrtime.bigint();
    expect(await loadDemoData(w.api.app)).toBeNull();
    console.log(`second demo load (nothing to do) in ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms`);
    const after = await Promise.all(tables.map((t) => count(`SELECT count(*)::int AS n FROM ${t}`)));
    expect(Object.fromEntries(tables.map((t, i) => [t, after[i]]))).toEqual(Object.fromEntries(tables.map((t, i) => [t, before[i]])));
    for (const u of DEMO_USERS) expect(typeof (await w.signIn(u.email, u.password))).toBe('string');
  }, 60_000);
});
