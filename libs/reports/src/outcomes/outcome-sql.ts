import type { DataSource } from 'typeorm';
import { PROFILE_AREA_JOIN, PROFILE_AREA_SQL, suppressed } from '@app/workforce';
import type { ReportFilters } from '../report-definition';

/** The filters every outcome report takes. */
export const OUTCOME_FILTERS = ['roundId', 'financialYear', 'region', 'icb', 'role', 'providerId', 'qualificationId'] as const;

export interface YearStart {
  month: number;
  day: number;
}

/**
 * The applications an outcome report counts, as SQL over `application a`
 * joined to the applicant's profile `p` and practice `pr`: every submitted
 * application (never a draft), narrowed by the filters. Region and ICB place
 * the applicant by PROFILE_AREA_SQL, the one rule every report uses; role is
 * the profile's job role; a financial year is the UK year the application was
 * submitted in; a provider keeps applications placed with it (any enrolment).
 * Parameters are numbered from `first`.
 */
export function outcomeBase(filters: ReportFilters, yearStart: YearStart, first = 1): { sql: string; from: string; where: string; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = ['a.submitted_at IS NOT NULL'];
  const p = (value: unknown) => {
    params.push(value);
    return `$${first + params.length - 1}`;
  };
  if (filters.roundId) where.push(`a.round_id = ${p(filters.roundId)}::uuid`);
  if (filters.qualificationId) where.push(`a.qualification_id = ${p(filters.qualificationId)}::uuid`);
  if (filters.financialYear) {
    const from = yearStartDate(filters.financialYear, yearStart, 0);
    const to = yearStartDate(filters.financialYear, yearStart, 1);
    where.push(`a.submitted_at >= (${p(from)}::date)::timestamp AT TIME ZONE 'Europe/London' AND a.submitted_at < (${p(to)}::date)::timestamp AT TIME ZONE 'Europe/London'`);
  }
  if (filters.region) where.push(`${PROFILE_AREA_SQL.region} = ${p(filters.region)}`);
  if (filters.icb) where.push(`${PROFILE_AREA_SQL.icb} = ${p(filters.icb)}`);
  if (filters.role) where.push(`p.job_role = ${p(filters.role)}`);
  if (filters.providerId) where.push(`EXISTS (SELECT 1 FROM enrolment fe WHERE fe.application_id = a.id AND fe.provider_id = ${p(filters.providerId)}::uuid)`);
  const from = `FROM application a LEFT JOIN applicant_profile p ON p.user_id = a.applicant_id ${PROFILE_AREA_JOIN}`;
  return { sql: `${from} WHERE ${where.join(' AND ')}`, from, where: where.join(' AND '), params };
}

/** The first day of financial year `label` ("2026-27"), or of the year `offset` after it, as YYYY-MM-DD. */
export function yearStartDate(label: string, start: YearStart, offset: number): string {
  const year = Number(label.slice(0, 4)) + offset;
  return `${year}-${String(start.month).padStart(2, '0')}-${String(start.day).padStart(2, '0')}`;
}

/**
 * Whether the report is narrowed to a small group of people (a region, an
 * ICB or a role): then every count of people from 1 to 4, and every figure
 * made from one, is withheld (MIN_CELL_PEOPLE). Programme-wide figures (no
 * area or role filter) are shown whole.
 */
export function narrowedToPeople(filters: ReportFilters): boolean {
  return Boolean(filters.region || filters.icb || filters.role);
}

/** A count as shown: null when the group is narrowed and the count is 1 to 4. */
export function shownCount(count: number, narrowed: boolean): number | null {
  return narrowed && suppressed(count) ? null : count;
}

/** part / whole to 3 decimal places (a share, 0-1); null when either is withheld or the whole is 0. */
export function share(part: number | null, whole: number | null): number | null {
  if (part === null || whole === null || whole === 0) return null;
  return Math.round((part / whole) * 1000) / 1000;
}

/** Statuses meaning an application passed eligibility (reached review). */
export const ELIGIBLE_STATUSES = ['under_review', 'offered', 'waitlisted', 'rejected', 'accepted', 'declined', 'expired', 'enrolled', 'completed', 'not_passed'];
/** Statuses meaning an offer was made. */
export const OFFERED_STATUSES = ['offered', 'accepted', 'declined', 'expired', 'enrolled', 'completed', 'not_passed'];
/** Statuses meaning an offer was accepted. */
export const ACCEPTED_STATUSES = ['accepted', 'enrolled', 'completed', 'not_passed'];

/**
 * Each enrolment's unvoided provider reports, aggregated once per enrolment
 * (join as `r` on r.enrolment_id = e.id, LEFT: most have none): whether it
 * has a start, a completion, a passing completion. Reports over every
 * application read enrolment_report once this way instead of probing it per
 * enrolment (correlated EXISTS took seconds at 100,000 applications).
 */
export const ENROLMENT_REPORT_FLAGS = `(
    SELECT enrolment_id, bool_or(type = 'start') AS started, bool_or(type = 'completion') AS completed,
           bool_or(type = 'completion' AND outcome IS NOT DISTINCT FROM 'passed') AS passed
    FROM enrolment_report WHERE voided_at IS NULL GROUP BY enrolment_id
  )`;

/**
 * SQL conditions on an enrolment `e` (joined to ENROLMENT_REPORT_FLAGS `r`)
 * for having reached a training stage: a start the provider reported and
 * has not voided (or a status only a start leads to), a completion
 * likewise, a pass. A learner who started and then withdrew still started.
 * Never null.
 */
export const ENROLMENT_STAGE = {
  started: `(e.status IN ('started', 'completed') OR coalesce(r.started, false))`,
  completed: `(e.status = 'completed' OR coalesce(r.completed, false))`,
  passed: `((e.status = 'completed' AND e.outcome IS NOT DISTINCT FROM 'passed') OR coalesce(r.passed, false))`,
} as const;

/**
 * Per application, what its enrolments reached (ENROLMENT_STAGE over all of
 * them: started, completed, passed) and when (started_on, completed_on), kept
 * by triggers on enrolment and enrolment_report (migration 1764470000000,
 * whose conditions outcome-sql.spec.ts checks against ENROLMENT_STAGE and
 * ENROLMENT_REPORT_FLAGS); no row when it has no enrolment. Join as
 * `LEFT JOIN ${TRAINING_SUMMARY} tr ON tr.application_id = a.id`.
 */
export const TRAINING_SUMMARY = 'application_training_summary';

/** A UK calendar date of a timestamp column. */
export const londonDay = (column: string) => `(${column} AT TIME ZONE 'Europe/London')::date`;

/**
 * Runs one report query read-only with PostgreSQL's JIT off: compiling these
 * queries took seconds (18 s for the funnel on a dozen rows when it was
 * correlated subqueries, the planner's estimates passing jit_above_cost), far
 * longer than running them.
 */
export function reportQuery<T = Record<string, unknown>>(db: DataSource, sql: string, params: unknown[]): Promise<T[]> {
  return db.transaction(async (m) => {
    await m.query('SET TRANSACTION READ ONLY');
    await m.query('SET LOCAL jit = off');
    // Parallel plans of these aggregates built each hash table again in every
    // worker (loops=3 on the Hash nodes in EXPLAIN ANALYZE at 100,000
    // applications): a third slower on two cores than one backend doing it once.
    await m.query('SET LOCAL max_parallel_workers_per_gather = 0');
    // At the default 4 MB the enrolments' grouping per application (60,000 at
    // 100,000 applications) sorted on disk instead of hashing: 10-15% of the
    // funnel's and durations' time.
    await m.query(`SET LOCAL work_mem = '16MB'`);
    return m.query(sql, params);
  });
}
