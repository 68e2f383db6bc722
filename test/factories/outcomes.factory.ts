import { randomBytes } from 'node:crypto';
import type { World } from '../support/world';
import { openRound, qualification } from './intake.factory';

/** A cohort written straight to the table, so a test can place it in the past. */
export async function pastCohort(w: World, providerId: string, qualificationId: string, startDate: string): Promise<string> {
  const [c] = await w.db.query(
    `INSERT INTO cohort (provider_id, qualification_id, name, start_date, capacity, places_taken, delivery_mode) VALUES ($1, $2, $3, $4, 20, 0, 'online') RETURNING id`,
    [providerId, qualificationId, `Cohort ${randomBytes(3).toString('hex')}`, startDate],
  );
  return c.id;
}

/** A practice in the reference file. */
export async function practice(w: World, p: { odsCode: string; region: string; icbCode: string; icbName?: string }): Promise<void> {
  await w.db.query(`INSERT INTO practice (ods_code, name, icb_code, icb_name, region) VALUES ($1, $2, $3, $4, $5)`, [
    p.odsCode,
    `Practice ${p.odsCode}`,
    p.icbCode,
    p.icbName ?? `ICB ${p.icbCode}`,
    p.region,
  ]);
}

export interface RuleOutcome {
  ruleId: string;
  passed: boolean;
  onFail: 'ineligible' | 'refer';
}

export interface SeededEnrolment {
  providerId: string;
  cohortId: string;
  status: 'placed' | 'started' | 'deferred' | 'withdrawn' | 'completed' | 'declined_by_provider';
  createdAt: string;
  startDate?: string;
  outcome?: 'passed' | 'failed';
  completedOn?: string;
  lastReportAt?: string;
  /** Reports the provider made, in order; `voided` marks one voided. */
  reports?: { type: 'start' | 'progress' | 'completion' | 'withdrawal' | 'decline'; onDate: string; outcome?: 'passed' | 'failed'; voided?: boolean }[];
}

export interface SeededApplication {
  roundId: string;
  qualificationId: string;
  /** The region the applicant gave (the practice file's wins when the ODS code is known). */
  region: string;
  role: string;
  odsCode?: string;
  /** Null: still a draft. */
  submittedAt: string | null;
  /** Statuses after submitted, each with when (ISO); the last is the current status. */
  moves: [string, string][];
  rules?: RuleOutcome[];
  ruleSetVersion?: string;
  enrolments?: SeededEnrolment[];
}

/**
 * One application with its whole history written straight to the tables
 * (profile, transitions, stored eligibility decision, enrolments and provider
 * reports), so a report test can put every date where its hand-computed
 * figures need it.
 */
export async function seededApplication(w: World, s: SeededApplication): Promise<string> {
  const tag = randomBytes(5).toString('hex');
  const [user] = await w.db.query(
    `INSERT INTO user_account (email, full_name, role, email_verified_at) VALUES ($1, $2, 'applicant', now()) RETURNING id`,
    [`outcome.${tag}@example.org`, `Applicant ${tag}`],
  );
  await w.db.query(
    `INSERT INTO applicant_profile (user_id, full_name, email_normalised, date_of_birth, postcode, region, job_role, employer_ods_code, years_in_role, highest_qualification_level, has_level2_english_and_maths, skills)
     VALUES ($1, $2, $3, '1985-03-14', 'LS1 4AP', $4, $5, $6, 4, 3, true, '{}'::jsonb)`,
    [user.id, `Applicant ${tag}`, `outcome.${tag}@example.org`, s.region, s.role, s.odsCode ?? null],
  );
  const status = s.submittedAt === null ? 'draft' : (s.moves.at(-1)?.[0] ?? 'submitted');
  const eligibility =
    s.submittedAt === null || !s.rules
      ? null
      : {
          outcome: s.rules.some((r) => !r.passed && r.onFail === 'ineligible') ? 'ineligible' : s.rules.some((r) => !r.passed) ? 'refer' : 'eligible',
          ruleSetVersion: s.ruleSetVersion ?? '2026-1',
          results: s.rules.map((r) => ({ ...r, sentence: `The ${r.ruleId.replace(/_/g, ' ')} rule` })),
          reasons: [],
          decidedAt: s.submittedAt,
        };
  const [app] = await w.db.query(
    `INSERT INTO application (reference, applicant_id, round_id, qualification_id, status, eligibility, submitted_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($7::timestamptz, now())) RETURNING id`,
    [`PMB-O-${tag}`, user.id, s.roundId, s.qualificationId, status, eligibility, s.submittedAt],
  );
  const history: [string | null, string, string][] = [];
  if (s.submittedAt) {
    history.push([null, 'draft', s.submittedAt], ['draft', 'submitted', s.submittedAt]);
    let from = 'submitted';
    for (const [to, at] of s.moves) {
      history.push([from, to, at]);
      from = to;
    }
  }
  for (const [from, to, at] of history) {
    await w.db.query(`INSERT INTO application_transition (application_id, from_status, to_status, at) VALUES ($1, $2, $3, $4)`, [app.id, from, to, at]);
  }
  for (const e of s.enrolments ?? []) {
    const [row] = await w.db.query(
      `INSERT INTO enrolment (application_id, cohort_id, provider_id, status, start_date, outcome, completed_on, last_report_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [app.id, e.cohortId, e.providerId, e.status, e.startDate ?? null, e.outcome ?? null, e.completedOn ?? null, e.lastReportAt ?? null, e.createdAt],
    );
    for (const r of e.reports ?? []) {
      await w.db.query(
        `INSERT INTO enrolment_report (enrolment_id, type, outcome, on_date, reported_by, voided_at, created_at) VALUES ($1, $2, $3, $4, 'provider', $5, $4::date)`,
        [row.id, r.type, r.outcome ?? null, r.onDate, r.voided ? `${r.onDate}T12:00:00Z` : null],
      );
    }
  }
  return app.id;
}

export const PASS: RuleOutcome[] = [
  { ruleId: 'english_maths', passed: true, onFail: 'ineligible' },
  { ruleId: 'years_in_role', passed: true, onFail: 'refer' },
  { ruleId: 'employer_support', passed: true, onFail: 'refer' },
];
const failing = (...ids: string[]): RuleOutcome[] => PASS.map((r) => (ids.includes(r.ruleId) ? { ...r, passed: false } : r));
const at = (day: string) => `${day}T10:00:00Z`;
const SUBMITTED = '2026-05-01T09:00:00Z';

/**
 * The small programme the outcome report tests count by hand (the comments
 * give each application's figures). Twelve submitted applications and one
 * draft: six in London (by their practice L00001, ICB QMJ, though they gave
 * north_west), practice managers; six in the North West (by the region they
 * gave), assistant practice managers. Meant for "today" 2027-03-01: set the
 * clock first.
 */
export async function outcomeProgramme(w: World): Promise<{ p1: string; p2: string; q1: string; q2: string; round: string }> {
  const p1 = (await w.provider('Alpha Training')).id;
  const p2 = (await w.provider('Beta Learning')).id;
  const q1 = (await qualification(w, { level: 5 })).id;
  const q2 = (await qualification(w, { level: 7 })).id;
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
  return { p1, p2, q1, q2, round };
}
