import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig, Clock } from '@app/config';
import { financialYearOf } from '@app/budget';
import { RuleSets, submitFacts, type SubmitRow } from '@app/intake';
import { demoFaker, demoPeople, type DemoPerson } from './demo-people';
import { insertDemoPractices } from './demo-practices';
import { STORIES, storyOf, type CohortGroup } from './demo-stories';

/**
 * A programme in progress, on top of the first demo data set: about 300 invented applicants
 * in three rounds (last year's, this spring's, and the open one) at every stage, learners on
 * the demo provider's cohorts with their reports, the money reserved, committed and paid
 * through the ledger (with a paid payment run and payments still due), skills audits over two
 * audit years, role profiles, regional targets and official counts. Written in one transaction
 * as batch inserts, marked by seed_run 'demo-programme' so it is loaded once.
 */
export const DEMO_PROGRAMME_SEED = 'demo-programme';
const DAY = 86_400_000;

export interface DemoProgrammeSummary {
  applicants: number;
  applications: number;
  auditRows: number;
  enrolments: number;
  ledgerEntries: number;
  paymentsDue: number;
}

interface Ctx {
  now: Date;
  users: Record<string, string>;
  providerId: string;
  qualifications: { id: string; level: number; bursary: number; startPercent: number; months: number }[];
}

interface Entry {
  potId: string;
  kind: 'fund' | 'reserve' | 'commit' | 'pay' | 'release';
  bucket: string | null;
  amount: number;
  applicationId: string | null;
  reference: string | null;
  reason: string | null;
  at: Date;
}

/** Loads the programme unless it is there; call under the demo data's advisory lock. Null when already loaded. */
export async function loadDemoProgramme(app: INestApplicationContext): Promise<DemoProgrammeSummary | null> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  return dataSource.transaction(async (m) => {
    const [done] = await m.query(`SELECT 1 FROM seed_run WHERE name = $1`, [DEMO_PROGRAMME_SEED]);
    if (done) return null;
    const summary = await build(app, m);
    if (!summary) return null;
    await m.query(`INSERT INTO seed_run (name, summary) VALUES ($1, $2)`, [DEMO_PROGRAMME_SEED, summary]);
    return summary;
  });
}

async function build(app: INestApplicationContext, m: EntityManager): Promise<DemoProgrammeSummary | null> {
  const config = app.get(AppConfig);
  const now = app.get(Clock).now();
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  const fy = (d: Date) => financialYearOf(d, config.programme.financialYearStart).label;
  await insertDemoPractices(m);
  const userRows: { role: string; email: string; id: string }[] = await m.query(`SELECT id, role, email FROM user_account WHERE email LIKE '%@pmdp.example'`);
  const users = Object.fromEntries(userRows.map((u) => [u.email.split('@')[0], u.id]));
  const [provider] = await m.query(`SELECT id FROM training_provider WHERE ukprn = '10000001'`);
  const qualifications: Ctx['qualifications'] = (
    await m.query(`SELECT id, level, bursary_pence, start_payment_percent, duration_months FROM qualification WHERE is_example ORDER BY level`)
  ).map((q: Record<string, number | string>) => ({ id: q.id as string, level: Number(q.level), bursary: Number(q.bursary_pence), startPercent: Number(q.start_payment_percent), months: Number(q.duration_months) }));
  const byLevel = (level: number) => qualifications.find((q) => q.level === level)!;
  const [winter] = await m.query(`SELECT id, pot_id, rule_set_version FROM funding_round WHERE name = 'Winter bursary round (demo)' AND pot_id IS NOT NULL`);
  // A demo database changed by hand since (its round, provider or people gone) is left as it is.
  if (!winter || !provider || [3, 4, 5, 6, 7].some((l) => !qualifications.some((q) => q.level === l)) || !['admin', 'reviewer', 'finance', 'finance2', 'provider'].every((u) => users[u])) return null;
  const ctx: Ctx = { now, users, providerId: provider.id, qualifications };

  // Rounds and pots: last year's (closed, with its own pot), this spring's (closed) and the open one.
  await m.query(`UPDATE funding_round SET opens_at = $2 WHERE id = $1 AND opens_at > $2`, [winter.id, at(-30)]);
  const lastYear = fy(at(-450));
  const previousPot = randomUUID();
  const previousFund = 7_500_000;
  await m.query(`INSERT INTO budget_pot (id, name, purpose, financial_year, created_by, created_at) VALUES ($1, $2, 'bursaries', $3, $4, $5)`, [previousPot, `Bursaries ${lastYear} (demo)`, lastYear, users.finance, at(-480)]);
  const rounds = {
    previous: { id: randomUUID(), name: 'Autumn bursary round (demo)', opens: at(-470), closes: at(-420), pot: previousPot, levels: [3, 4, 5] },
    spring: { id: randomUUID(), name: 'Spring bursary round (demo)', opens: at(-240), closes: at(-180), pot: winter.pot_id as string, levels: [4, 5, 6] },
    winter: { id: winter.id as string, name: '', opens: at(-30), closes: at(60), pot: winter.pot_id as string, levels: [3, 4, 5, 6, 7] },
  };
  for (const r of [rounds.previous, rounds.spring]) {
    await m.query(`INSERT INTO funding_round (id, name, opens_at, closes_at, pot_id, rule_set_version, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $3)`, [
      r.id, r.name, r.opens, r.closes, r.pot, winter.rule_set_version, users.admin,
    ]);
    await m.query(`INSERT INTO round_qualification (round_id, qualification_id) SELECT $1, id FROM qualification WHERE is_example AND level = ANY($2::int[])`, [r.id, r.levels]);
  }

  // Cohorts: three that started last year, two this year; the two demo cohorts start soon.
  const cohortRows: { id: string; qualification_id: string; start_date: string }[] = await m.query(
    `INSERT INTO cohort (provider_id, qualification_id, name, start_date, capacity, delivery_mode)
     SELECT $1, q, t || ', ' || trim(to_char(d::date, 'FMDD FMMonth YYYY')), d::date, 60, 'blended' FROM unnest($2::uuid[], $3::text[], $4::text[]) AS v(q, t, d)
     RETURNING id, qualification_id, to_char(start_date, 'YYYY-MM-DD') AS start_date`,
    [
      provider.id,
      [byLevel(4).id, byLevel(5).id, byLevel(3).id, byLevel(4).id, byLevel(6).id],
      ['Level 4 practice management', 'Level 5 practice management', 'Level 3 primary care administration', 'Level 4 practice management', 'Level 6 leading networks'],
      [at(-400), at(-395), at(-390), at(-150), at(-120)].map((d) => d.toISOString().slice(0, 10)),
    ],
  );
  const cohortGroups: Record<CohortGroup, { id: string; qualification_id: string; start_date: string }[]> = {
    prev_short: [cohortRows[0], cohortRows[2]],
    prev_long: [cohortRows[1]],
    current: cohortRows.slice(3),
    future: [],
  };
  const future: { id: string; qualification_id: string; start_date: string }[] = await m.query(`SELECT id, qualification_id, to_char(start_date, 'YYYY-MM-DD') AS start_date FROM cohort WHERE start_date > $1::date AND cancelled_at IS NULL`, [now.toISOString().slice(0, 10)]);

  cohortGroups.future = future;

  // People: applicants, and people in the workforce who completed the skills audit without applying.
  const faker = demoFaker();
  const applicants = demoPeople(faker, config.workforce, STORIES.length, now, 'a');
  STORIES.forEach((key, i) => storyOf(key).fix?.(applicants[i]));
  const auditors = demoPeople(faker, config.workforce, 90, now, 'w', { roles: { practice_manager: 45, assistant_practice_manager: 30, business_or_network_manager: 15, receptionist_or_administrator: 10 }, lastYearShare: 0.67 });
  const ids = await insertUsers(m, [...applicants, ...auditors], at(-500));
  const applicantIds = ids.slice(0, applicants.length);
  await insertProfiles(m, applicants, applicantIds, now);
  const auditRows = await insertAudits(m, applicants, applicantIds, auditors, ids.slice(applicants.length), now, fy);

  // Applications, each following its story; the eligibility engine decides the submitted ones.
  const ruleSet = await app.get(RuleSets).getPublished(winter.rule_set_version);
  const apps: AppRow[] = [];
  const transitions: TransitionRow[] = [];
  const entries: Entry[] = [{ potId: previousPot, kind: 'fund', bucket: null, amount: previousFund, applicationId: null, reference: null, reason: null, at: at(-480) }];
  const enrolments: EnrolmentRow[] = [];
  const appeals: { applicationId: string; at: Date }[] = [];
  let sequence = 0;
  STORIES.forEach((storyName, i) => {
    const person = applicants[i];
    const story = storyOf(storyName);
    const round = rounds[story.round];
    const cohorts = story.cohort ? cohortGroups[story.cohort] : [];
    const cohort = cohorts.length ? cohorts[i % cohorts.length] : undefined;
    const q = cohort ? qualifications.find((x) => x.id === cohort.qualification_id)! : byLevel(round.levels[i % round.levels.length]);
    const id = randomUUID();
    const timeline = story.timeline(faker, round.opens, cohort ? new Date(`${cohort.start_date}T09:00:00Z`) : undefined, q.months, now);
    const row: AppRow = {
      id,
      reference: `${config.programme.shortName}-${timeline.created.getUTCFullYear()}-D${String(++sequence).padStart(5, '0')}`,
      applicantId: applicantIds[i],
      roundId: round.id,
      qualificationId: q.id,
      status: story.status,
      supportName: story.supportNamed ? faker.person.fullName() : null,
      supportEmail: story.supportNamed ? `practice.support.${i + 1}@example.org` : null,
      statement: faker.lorem.sentences({ min: 2, max: 4 }),
      facts: null,
      eligibility: null,
      score: null,
      submittedAt: timeline.submitted ?? null,
      createdAt: timeline.created,
      updatedAt: timeline.last,
    };
    if (timeline.submitted) {
      const submitRow = { ...profileRow(person), level: q.level, offered: true, employer_support_name: row.supportName, employer_support_email: row.supportEmail, funded_levels: [] } as unknown as SubmitRow;
      const { facts, score } = submitFacts(submitRow, timeline.submitted, config.workforce);
      const decision = ruleSet.evaluate(facts);
      row.facts = facts;
      row.eligibility = { ...decision, decidedAt: timeline.submitted.toISOString() };
      row.score = score;
      const expected = story.eligibility;
      if (decision.outcome !== expected) throw new Error(`Demo story ${storyName} expected ${expected}, the rules said ${decision.outcome}`);
    }
    apps.push(row);
    for (const t of story.moves(timeline)) transitions.push({ applicationId: id, from: t.from, to: t.to, actorId: t.by === 'applicant' ? row.applicantId : t.by === 'staff' ? users.reviewer : t.by === 'provider' ? users.provider : null, role: t.by, reason: t.reason ?? null, at: t.at });
    if (story.appeal) appeals.push({ applicationId: id, at: timeline.last });
    // Money: reserved at the offer, committed at the start, paid as stages fall due, released when it ends early.
    const start = Math.round((q.bursary * q.startPercent) / 100);
    const money = (kind: Entry['kind'], amount: number, when: Date, extra: Partial<Entry> = {}) =>
      entries.push({ potId: round.pot, kind, bucket: null, amount, applicationId: id, reference: null, reason: null, at: when, ...extra });
    if (timeline.offered) money('reserve', q.bursary, timeline.offered);
    if (timeline.released) money('release', q.bursary, timeline.released, { bucket: 'reserved', reason: story.status === 'declined' ? 'offer declined' : story.status === 'expired' ? 'offer expired' : 'application withdrawn' });
    if (cohort) {
      const enrolment: EnrolmentRow = { id: randomUUID(), applicationId: id, cohortId: cohort.id, status: story.enrolment!, startDate: timeline.started ? cohort.start_date : null, outcome: story.outcome ?? null, completedOn: timeline.finished && story.outcome ? day(timeline.finished) : null, certificate: story.outcome === 'passed' ? `CERT-DEMO-${sequence}` : null, placed: timeline.placed!, reports: [], lastReport: timeline.placed! };
      enrolment.reports.push({ type: 'placement', onDate: null, outcome: null, from: null, to: 'placed', at: timeline.placed!, pay: null, reason: null });
      if (timeline.started) {
        const startedAt = new Date(timeline.started.getTime() + 3 * DAY);
        money('commit', q.bursary, startedAt);
        const ref = `${enrolment.id}:start`;
        money('pay', start, startedAt, { reference: ref });
        enrolment.reports.push({ type: 'start', onDate: day(timeline.started), outcome: null, from: 'placed', to: 'started', at: startedAt, pay: { kind: 'start', amount: start, entry: entries.length - 1, dueOn: day(timeline.started) }, reason: null });
        enrolment.lastReport = startedAt;
      }
      if (story.enrolment === 'deferred') enrolment.reports.push({ type: 'deferral', onDate: day(timeline.finished!), outcome: null, from: 'started', to: 'deferred', at: timeline.finished!, pay: null, reason: 'personal_circumstances' });
      if (story.enrolment === 'withdrawn') {
        enrolment.reports.push({ type: 'withdrawal', onDate: day(timeline.finished!), outcome: null, from: 'started', to: 'withdrawn', at: timeline.finished!, pay: null, reason: 'personal_circumstances' });
        money('release', q.bursary - start, timeline.finished!, { bucket: 'committed', reason: 'learner withdrew' });
      }
      if (story.outcome) {
        const pay = story.outcome === 'passed' ? { kind: 'completion', amount: q.bursary - start, entry: entries.length, dueOn: day(timeline.finished!) } : null;
        if (pay) money('pay', q.bursary - start, timeline.finished!, { reference: `${enrolment.id}:completion` });
        else money('release', q.bursary - start, timeline.finished!, { bucket: 'committed', reason: 'not passed, no resit' });
        enrolment.reports.push({ type: 'completion', onDate: day(timeline.finished!), outcome: story.outcome, from: 'started', to: 'completed', at: timeline.finished!, pay, reason: null });
      }
      enrolment.lastReport = enrolment.reports[enrolment.reports.length - 1].at;
      enrolments.push(enrolment);
    }
  });

  await insertApplications(m, apps, transitions, appeals);
  const paymentsDue = await insertEnrolments(m, ctx, enrolments, entries);
  const ledgerEntries = await insertLedger(m, entries);
  await payRun(m, ctx, at(-60));
  await insertPlan(m, config, users.admin, at(-200));
  return { applicants: applicants.length, applications: apps.length, auditRows, enrolments: enrolments.length, ledgerEntries, paymentsDue };
}

const day = (d: Date) => d.toISOString().slice(0, 10);

function profileRow(p: DemoPerson) {
  return {
    date_of_birth: p.dateOfBirth,
    postcode: p.postcode,
    region: p.region,
    job_role: p.role,
    employer_ods_code: p.odsCode,
    years_in_role: p.yearsInRole,
    highest_qualification_level: p.highestLevel,
    has_level2_english_and_maths: p.hasLevel2,
  };
}

interface AppRow {
  id: string;
  reference: string;
  applicantId: string;
  roundId: string;
  qualificationId: string;
  status: string;
  supportName: string | null;
  supportEmail: string | null;
  statement: string;
  facts: unknown;
  eligibility: unknown;
  score: number | null;
  submittedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
interface TransitionRow { applicationId: string; from: string | null; to: string; actorId: string | null; role: string; reason: string | null; at: Date }
interface ReportRow { type: string; onDate: string | null; outcome: string | null; from: string | null; to: string; at: Date; pay: { kind: string; amount: number; entry: number; dueOn: string } | null; reason: string | null }
interface EnrolmentRow { id: string; applicationId: string; cohortId: string; status: string; startDate: string | null; outcome: string | null; completedOn: string | null; certificate: string | null; placed: Date; lastReport: Date; reports: ReportRow[] }

async function insertUsers(m: EntityManager, people: DemoPerson[], createdAt: Date): Promise<string[]> {
  const ids = people.map(() => randomUUID());
  await m.query(
    `INSERT INTO user_account (id, email, full_name, role, email_verified_at, created_at, updated_at)
     SELECT id, email, name, 'applicant', $4, $4, $4 FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, email, name)`,
    [ids, people.map((p) => p.email), people.map((p) => p.fullName), createdAt],
  );
  return ids;
}

async function insertProfiles(m: EntityManager, people: DemoPerson[], ids: string[], now: Date): Promise<void> {
  const col = <T>(f: (p: DemoPerson) => T) => people.map(f);
  await m.query(
    `INSERT INTO applicant_profile (user_id, full_name, email_normalised, date_of_birth, postcode, region, job_role, employer_ods_code, years_in_role, highest_qualification_level, has_level2_english_and_maths, skills, updated_at)
     SELECT u, n, e, d, pc, r, j, o, y, l, h, s, $12::timestamptz
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[], $8::text[], $9::smallint[], $10::smallint[], $11::boolean[], $13::jsonb[]) AS v(u, n, e, d, pc, r, j, o, y, l, h, s)`,
    [ids, col((p) => p.fullName), col((p) => p.email.toLowerCase()), col((p) => p.dateOfBirth), col((p) => p.postcode), col((p) => p.region), col((p) => p.role), col((p) => p.odsCode), col((p) => p.yearsInRole), col((p) => p.highestLevel), col((p) => p.hasLevel2), now, col((p) => JSON.stringify(p.skills))],
  );
}

/** Applicants' profiles count as this year's (and some last year's) self-assessments, source 'profile'; the others answered the audit itself. */
async function insertAudits(m: EntityManager, applicants: DemoPerson[], applicantIds: string[], auditors: DemoPerson[], auditorIds: string[], now: Date, fy: (d: Date) => string): Promise<number> {
  const thisYear = new Date(now.getTime() - 20 * DAY);
  const lastYear = new Date(now.getTime() - 385 * DAY);
  const rows: { user: string; source: string; year: string; p: DemoPerson; skills: Record<string, number>; at: Date }[] = [];
  const add = (people: DemoPerson[], ids: string[], source: string) =>
    people.forEach((p, i) => {
      if (p.lastYearSkills) rows.push({ user: ids[i], source, year: fy(lastYear), p, skills: p.lastYearSkills, at: new Date(lastYear.getTime() - i * 3_600_000) });
      rows.push({ user: ids[i], source, year: fy(thisYear), p, skills: p.skills, at: new Date(thisYear.getTime() - i * 3_600_000) });
    });
  add(applicants, applicantIds, 'profile');
  add(auditors, auditorIds, 'audit');
  const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
  await m.query(
    `INSERT INTO skills_audit (user_id, source, audit_year, job_role, region, employer_ods_code, skills, consented_at, submitted_at)
     SELECT u, s, y, j, r, o, k, t, t FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::timestamptz[]) AS v(u, s, y, j, r, o, k, t)`,
    [col((r) => r.user), col((r) => r.source), col((r) => r.year), col((r) => r.p.role), col((r) => r.p.region), col((r) => r.p.odsCode), col((r) => JSON.stringify(r.skills)), col((r) => r.at)],
  );
  return rows.length;
}

async function insertApplications(m: EntityManager, apps: AppRow[], transitions: TransitionRow[], appeals: { applicationId: string; at: Date }[]): Promise<void> {
  const col = <T>(f: (a: AppRow) => T) => apps.map(f);
  await m.query(
    `INSERT INTO application (id, reference, applicant_id, round_id, qualification_id, status, employer_support_name, employer_support_email, statement, facts, eligibility, priority_score, submitted_at, created_at, updated_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[], $11::jsonb[], $12::smallint[], $13::timestamptz[], $14::timestamptz[], $15::timestamptz[])`,
    [
      col((a) => a.id), col((a) => a.reference), col((a) => a.applicantId), col((a) => a.roundId), col((a) => a.qualificationId), col((a) => a.status),
      col((a) => a.supportName), col((a) => a.supportEmail), col((a) => a.statement), col((a) => (a.facts ? JSON.stringify(a.facts) : null)),
      col((a) => (a.eligibility ? JSON.stringify(a.eligibility) : null)), col((a) => a.score), col((a) => a.submittedAt), col((a) => a.createdAt), col((a) => a.updatedAt),
    ],
  );
  const t = <T>(f: (r: TransitionRow) => T) => transitions.map(f);
  await m.query(
    `INSERT INTO application_transition (application_id, from_status, to_status, actor_id, actor_role, reason_code, at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[]) ORDER BY 7`,
    [t((r) => r.applicationId), t((r) => r.from), t((r) => r.to), t((r) => r.actorId), t((r) => r.role), t((r) => r.reason), t((r) => r.at)],
  );
  if (appeals.length) {
    await m.query(
      `INSERT INTO appeal (application_id, statement, previous_status, submitted_at) SELECT a, 'I think my experience in the practice was not taken into account (example appeal).', 'rejected', t FROM unnest($1::uuid[], $2::timestamptz[]) AS v(a, t)`,
      [appeals.map((a) => a.applicationId), appeals.map((a) => a.at)],
    );
  }
}

async function insertEnrolments(m: EntityManager, ctx: Ctx, enrolments: EnrolmentRow[], entries: Entry[]): Promise<number> {
  const e = <T>(f: (r: EnrolmentRow) => T) => enrolments.map(f);
  await m.query(
    `INSERT INTO enrolment (id, application_id, cohort_id, provider_id, status, start_date, outcome, completed_on, certificate_reference, last_report_at, created_at, updated_at)
     SELECT id, a, c, $11, s, sd, o, co, cr, lr, pl, lr FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::date[], $6::text[], $7::date[], $8::text[], $9::timestamptz[], $10::timestamptz[]) AS v(id, a, c, s, sd, o, co, cr, lr, pl)`,
    [e((r) => r.id), e((r) => r.applicationId), e((r) => r.cohortId), e((r) => r.status), e((r) => r.startDate), e((r) => r.outcome), e((r) => r.completedOn), e((r) => r.certificate), e((r) => r.lastReport), e((r) => r.placed), ctx.providerId],
  );
  await m.query(
    `UPDATE cohort c SET places_taken = n FROM (SELECT cohort_id, count(*)::int AS n FROM enrolment WHERE status NOT IN ('withdrawn', 'declined_by_provider') GROUP BY cohort_id) x WHERE x.cohort_id = c.id`,
  );
  const reports = enrolments.flatMap((en) => en.reports.map((r) => ({ en, r })));
  const c = <T>(f: (x: (typeof reports)[number]) => T) => reports.map(f);
  const ids: { id: string }[] = await m.query(
    `INSERT INTO enrolment_report (enrolment_id, type, outcome, on_date, certificate_reference, reason_code, from_status, to_status, reported_by, reported_by_role, created_at)
     SELECT e, t, o, d, c, r, f, s, $10, 'provider', a FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[]) WITH ORDINALITY AS v(e, t, o, d, c, r, f, s, a, i)
     ORDER BY i RETURNING id`,
    [c((x) => x.en.id), c((x) => x.r.type), c((x) => x.r.outcome), c((x) => x.r.onDate), c((x) => (x.r.type === 'completion' ? x.en.certificate : null)), c((x) => x.r.reason), c((x) => x.r.from), c((x) => x.r.to), c((x) => x.r.at), ctx.users.provider],
  );
  // Payments due point at their report and at the ledger entry that paid them (ids made here, before the ledger insert).
  const due = reports.map((x, i) => ({ ...x, reportId: ids[i].id })).filter((x) => x.r.pay);
  for (const d of due) (entries[d.r.pay!.entry] as Entry & { id?: string }).id ??= randomUUID();
  const p = <T>(f: (x: (typeof due)[number]) => T) => due.map(f);
  await m.query(
    `INSERT INTO payment_due (enrolment_id, provider_id, report_id, kind, amount_pence, due_on, ledger_entry_id, created_at)
     SELECT e, $7, r, k, a, d, l, d::timestamptz FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::int[], $5::date[], $6::uuid[]) AS v(e, r, k, a, d, l)`,
    [p((x) => x.en.id), p((x) => x.reportId), p((x) => x.r.pay!.kind), p((x) => x.r.pay!.amount), p((x) => x.r.pay!.dueOn), p((x) => (entries[x.r.pay!.entry] as Entry & { id: string }).id), ctx.providerId],
  );
  return due.length;
}

/**
 * The ledger, dated as it happened (so budget use over time has a shape), in time order, and
 * each pot's balances set from the entries in the same transaction: what the reconciliation recomputes.
 */
async function insertLedger(m: EntityManager, entries: Entry[]): Promise<number> {
  const rows = (entries as (Entry & { id?: string })[]).map((e) => ({ ...e, id: e.id ?? randomUUID() })).sort((a, b) => a.at.getTime() - b.at.getTime());
  const c = <T>(f: (e: (typeof rows)[number]) => T) => rows.map(f);
  await m.query(
    `INSERT INTO budget_ledger_entry (id, pot_id, kind, bucket, amount_pence, application_id, reference, reason, actor_role, at)
     SELECT id, p, k, b, a, ap, rf, rs, 'system', t FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::bigint[], $6::uuid[], $7::text[], $8::text[], $9::timestamptz[]) WITH ORDINALITY AS v(id, p, k, b, a, ap, rf, rs, t, i)
     ORDER BY i`,
    [c((e) => e.id), c((e) => e.potId), c((e) => e.kind), c((e) => e.bucket), c((e) => e.amount), c((e) => e.applicationId), c((e) => e.reference), c((e) => e.reason), c((e) => e.at)],
  );
  const pots = [...new Set(rows.map((e) => e.potId))];
  // This seed's own entries only, added to whatever the pot held before (the first demo's funding).
  await m.query(
    `UPDATE budget_pot p SET funded_pence = p.funded_pence + x.f, reserved_pence = p.reserved_pence + x.r, committed_pence = p.committed_pence + x.c,
            paid_pence = p.paid_pence + x.pd, available_pence = p.available_pence + x.f - x.r - x.c - x.pd, updated_at = now()
     FROM (SELECT pot_id,
             coalesce(sum(amount_pence) FILTER (WHERE kind = 'fund'), 0) AS f,
             coalesce(sum(amount_pence) FILTER (WHERE kind = 'reserve'), 0) - coalesce(sum(amount_pence) FILTER (WHERE kind = 'commit'), 0) - coalesce(sum(amount_pence) FILTER (WHERE kind = 'release' AND bucket = 'reserved'), 0) AS r,
             coalesce(sum(amount_pence) FILTER (WHERE kind = 'commit'), 0) - coalesce(sum(amount_pence) FILTER (WHERE kind = 'pay'), 0) - coalesce(sum(amount_pence) FILTER (WHERE kind = 'release' AND bucket = 'committed'), 0) AS c,
             coalesce(sum(amount_pence) FILTER (WHERE kind = 'pay'), 0) AS pd
           FROM budget_ledger_entry WHERE id = ANY($1::uuid[]) GROUP BY pot_id) x
     WHERE x.pot_id = p.id AND p.id = ANY($2::uuid[])`,
    [rows.map((r) => r.id), pots],
  );
  const funded = rows.filter((e) => e.kind === 'fund').reduce((s, e) => s + e.amount, 0);
  await m.query(`UPDATE budget_programme SET allocated_pence = allocated_pence + $1, updated_at = now() WHERE id = 1`, [funded]);
  return rows.length;
}

/** One payment run, built, approved by the second finance user and paid: every payment that fell due before `cutoff`. */
async function payRun(m: EntityManager, ctx: Ctx, cutoff: Date): Promise<void> {
  const paidOn = new Date(cutoff.getTime() + 10 * DAY);
  const [run] = await m.query(
    `INSERT INTO payment_run (reference, status, criteria, created_by, created_at, submitted_by, submitted_at, approved_by, approved_at, paid_on, remittance_reference, paid_recorded_by, paid_recorded_at)
     VALUES ('PR-' || lpad(nextval('payment_run_number')::text, 5, '0'), 'paid', $1, $2, $3, $2, $3, $4, $3, $5::date, 'BACS-DEMO-0001', $2, $6) RETURNING id`,
    [JSON.stringify({ dueBefore: day(cutoff) }), ctx.users.finance, new Date(cutoff.getTime() + DAY), ctx.users.finance2, day(paidOn), paidOn],
  );
  await m.query(
    `INSERT INTO payment_run_line (run_id, payment_due_id, provider_id, amount_pence) SELECT $1, id, provider_id, amount_pence FROM payment_due WHERE due_on < $2::date AND voided_at IS NULL AND paid_at IS NULL`,
    [run.id, day(cutoff)],
  );
  await m.query(`UPDATE payment_due p SET paid_at = $2 FROM payment_run_line l WHERE l.run_id = $1 AND p.id = l.payment_due_id`, [run.id, paidOn]);
}

/** Role profiles (the level each competency should reach in each role), regional targets summing to the programme's 1,000, and official counts. */
async function insertPlan(m: EntityManager, config: AppConfig, adminId: string, at: Date): Promise<void> {
  const competencies = config.workforce.competencies.map((c) => c.code);
  const required: Record<string, number> = { school_leaver: 2, not_in_general_practice: 2, receptionist_or_administrator: 2, assistant_practice_manager: 3, practice_manager: 3, business_or_network_manager: 4, other: 2 };
  const profiles = Object.fromEntries(
    config.workforce.currentRoles.map((r) => [r.code, Object.fromEntries(competencies.map((c) => [c, Math.min(4, (required[r.code] ?? 2) + (r.code === 'practice_manager' && ['finance', 'contracts_commissioning', 'governance_compliance'].includes(c) ? 1 : 0))]))]),
  );
  const share: Record<string, number> = { north_east_and_yorkshire: 160, north_west: 150, midlands: 180, east_of_england: 120, london: 150, south_east: 150, south_west: 90 };
  const regions = config.workforce.regions.map((r) => r.code);
  const targets = regions.map((code) => ({ areaKind: 'region', areaCode: code, qualifiedNeeded: share[code] ?? 0 }));
  const gap = config.programme.annualQualifiedTarget - targets.reduce((s, t) => s + t.qualifiedNeeded, 0);
  targets[0].qualifiedNeeded += gap;
  await m.query(
    `INSERT INTO workforce_plan_version (kind, version, body, note, created_by, created_at)
     SELECT k, coalesce((SELECT max(version) FROM workforce_plan_version w WHERE w.kind = k), 0) + 1, b, n, $4, $5 FROM unnest($1::text[], $2::jsonb[], $3::text[]) AS v(k, b, n)`,
    [['role_profiles', 'targets'], [JSON.stringify(profiles), JSON.stringify(targets)], ['Demo role profiles (invented)', 'Demo targets: 1,000 qualified a year, shared by region (invented)'], adminId, at],
  );
  const counts: Record<string, number> = { north_east_and_yorkshire: 1040, north_west: 1135, midlands: 1490, east_of_england: 905, london: 1210, south_east: 1305, south_west: 815 };
  const [upload] = await m.query(
    `INSERT INTO workforce_count_upload (source, period, row_count, uploaded_by, uploaded_at) VALUES ('General Practice Workforce statistics (demo figures, invented)', 'September 2026', $1, $2, $3) RETURNING id`,
    [regions.length, adminId, at],
  );
  await m.query(`INSERT INTO workforce_count (upload_id, area_kind, area_code, practice_managers) SELECT $1, 'region', r, n FROM unnest($2::text[], $3::numeric[]) AS v(r, n)`, [
    upload.id, regions, regions.map((r) => counts[r] ?? 500),
  ]);
}

