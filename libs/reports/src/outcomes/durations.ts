import type { DataSource } from 'typeorm';
import type { ReportColumn, ReportFilters } from '../report-definition';
import { ENROLMENT_STAGES_SQL, londonDay, narrowedToPeople, outcomeBase, reportQuery, shownCount, type YearStart } from './outcome-sql';

export const DURATION_MEASURES = ['decision', 'start', 'completion'] as const;
export type DurationMeasure = (typeof DURATION_MEASURES)[number];

export const DURATION_LABELS: Readonly<Record<DurationMeasure, string>> = {
  decision: 'Submission to decision',
  start: 'Submission to start of training',
  completion: 'Submission to completion of training',
};

export interface Duration {
  measure: DurationMeasure;
  label: string;
  /** Applications that have reached the end point (null: withheld). */
  applications: number | null;
  /** Median days (null when none, or withheld). */
  medianDays: number | null;
  /** 90th percentile of days. */
  p90Days: number | null;
}

export const DURATION_COLUMNS: readonly ReportColumn[] = [
  { key: 'measure', header: 'Measure', description: 'decision, start or completion' },
  { key: 'label', header: 'Measure in words', description: 'From submission to what' },
  { key: 'applications', header: 'Applications', description: 'Submitted applications that have reached the end point (only these are measured); empty when withheld' },
  { key: 'medianDays', header: 'Median days', description: 'Half took this many UK calendar days or fewer (interpolated: percentile_cont 0.5), to 1 decimal place' },
  { key: 'p90Days', header: '90th percentile days', description: 'Nine in ten took this many UK calendar days or fewer (percentile_cont 0.9), to 1 decimal place' },
];

/**
 * A transition `t` that decides an application: an offer, waiting-list place
 * or rejection, or a person finding a referred application ineligible.
 * application_stage_summary.decided_at (migration 1764460000000) is the first
 * such transition's time, kept by triggers: change both together
 * (outcome-sql.spec.ts checks).
 */
export const DECISION_TRANSITION = `(t.to_status IN ('offered', 'waitlisted', 'rejected') OR (t.to_status = 'ineligible' AND t.from_status = 'referred'))`;

/**
 * Days from submission to decision, to start and to completion, in UK
 * calendar days. The decision is the first offer, waiting-list place or
 * rejection, or a person finding a referred application ineligible (the
 * engine's own "ineligible" at submission is not a decision anyone waited
 * for); the start is the start date the provider reported; the completion its
 * completion date. Only applications that reached the end point are measured.
 */
export async function durations(db: DataSource, filters: ReportFilters, yearStart: YearStart): Promise<Duration[]> {
  const base = outcomeBase(filters, yearStart);
  const stats = (column: string) =>
    `count(${column})::int AS ${column}_n,
     round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ${column})::numeric, 1)::float8 AS ${column}_median,
     round(percentile_cont(0.9) WITHIN GROUP (ORDER BY ${column})::numeric, 1)::float8 AS ${column}_p90`;
  // The first decision is kept per application in application_stage_summary
  // (migration 1764460000000: DECISION_TRANSITION's first time).
  // Set-based: each source is aggregated once, grouped by application, and
  // hash-joined to the report's applications (the correlated subqueries per
  // application passed the statement timeout at 100,000 applications).
  // The aggregates are not narrowed to the filtered applications: an
  // IN (SELECT ...) there was estimated at 200 rows and planned as 95,000
  // index probes, three times slower than aggregating everything.
  const [row] = await reportQuery(db,
    `WITH apps AS (
       SELECT a.id, ${londonDay('a.submitted_at')} AS submitted_on ${base.sql}
     ), trained AS (
       SELECT s.application_id,
              min(s.start_date) FILTER (WHERE s.started) AS started_on,
              min(s.completed_on) FILTER (WHERE s.completed) AS completed_on
       FROM (${ENROLMENT_STAGES_SQL}) s
       GROUP BY s.application_id
     ), days AS (
       SELECT ${londonDay('h.decided_at')} - apps.submitted_on AS to_decision, tr.started_on - apps.submitted_on AS to_start, tr.completed_on - apps.submitted_on AS to_completion
       FROM apps LEFT JOIN application_stage_summary h ON h.application_id = apps.id LEFT JOIN trained tr ON tr.application_id = apps.id
     )
     SELECT ${stats('to_decision')}, ${stats('to_start')}, ${stats('to_completion')} FROM days`,
    base.params,
  );
  const narrowed = narrowedToPeople(filters);
  return DURATION_MEASURES.map((measure) => {
    const applications = shownCount(Number(row[`to_${measure}_n`]), narrowed);
    const figure = (v: unknown) => (applications === null || v === null ? null : Number(v));
    return { measure, label: DURATION_LABELS[measure], applications, medianDays: figure(row[`to_${measure}_median`]), p90Days: figure(row[`to_${measure}_p90`]) };
  });
}
