import type { DataSource } from 'typeorm';
import type { ReportColumn, ReportFilters } from '../report-definition';
import { narrowedToPeople, outcomeBase, reportQuery, shownCount, TRAINING_SUMMARY, type YearStart } from './outcome-sql';

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
  // One sort per measure for both percentiles (the array form), rounded to 1 place outside it.
  const stats = (column: string) => `count(${column})::int AS ${column}_n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${column}) AS ${column}_q`;
  const rounded = (column: string) =>
    `${column}_n, round(${column}_q[1]::numeric, 1)::float8 AS ${column}_median, round(${column}_q[2]::numeric, 1)::float8 AS ${column}_p90`;
  // The first decision is kept per application in application_stage_summary
  // (migration 1764460000000: DECISION_TRANSITION's first time), the first
  // start and completion in TRAINING_SUMMARY (migration 1764470000000), both
  // hash-joined to the report's applications (the correlated subqueries per
  // application this replaced passed the statement timeout at 100,000
  // applications; grouping every enrolment per request took half the time).
  // The UK days of submission and decision are stored beside their times
  // (migration 1764473000000): converting each per request took a quarter.
  const [row] = await reportQuery(db,
    `WITH apps AS (
       SELECT a.id, a.submitted_on ${base.sql}
     ), days AS (
       SELECT h.decided_on - apps.submitted_on AS to_decision, tr.started_on - apps.submitted_on AS to_start, tr.completed_on - apps.submitted_on AS to_completion
       FROM apps LEFT JOIN application_stage_summary h ON h.application_id = apps.id LEFT JOIN ${TRAINING_SUMMARY} tr ON tr.application_id = apps.id
     ), figures AS (
       SELECT ${stats('to_decision')}, ${stats('to_start')}, ${stats('to_completion')} FROM days
     )
     SELECT ${rounded('to_decision')}, ${rounded('to_start')}, ${rounded('to_completion')} FROM figures`,
    base.params,
  );
  const narrowed = narrowedToPeople(filters);
  return DURATION_MEASURES.map((measure) => {
    const applications = shownCount(Number(row[`to_${measure}_n`]), narrowed);
    const figure = (v: unknown) => (applications === null || v === null ? null : Number(v));
    return { measure, label: DURATION_LABELS[measure], applications, medianDays: figure(row[`to_${measure}_median`]), p90Days: figure(row[`to_${measure}_p90`]) };
  });
}
