import { randomBytes } from 'node:crypto';
import type { World } from '../support/world';

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
