import type { DataSource } from 'typeorm';
import type { ReportColumn, ReportFilters } from '../report-definition';
import {
  ACCEPTED_STATUSES,
  ELIGIBLE_STATUSES,
  narrowedToPeople,
  OFFERED_STATUSES,
  outcomeBase,
  reportQuery,
  share,
  shownCount,
  TRAINING_SUMMARY,
  type YearStart,
} from './outcome-sql';

export const FUNNEL_STAGES = ['applied', 'eligible', 'offered', 'accepted', 'started', 'completed', 'passed'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export const FUNNEL_STAGE_LABELS: Readonly<Record<FunnelStage, string>> = {
  applied: 'Applied (submitted)',
  eligible: 'Eligible',
  offered: 'Offered a bursary',
  accepted: 'Accepted the offer',
  started: 'Started training',
  completed: 'Completed training',
  passed: 'Passed',
};

export interface FunnelStep {
  stage: FunnelStage;
  label: string;
  /** Applications that reached this stage (null: withheld, 1 to 4 in a narrowed group). */
  applications: number | null;
  /** applications / the previous stage's, 0-1; null for the first stage or when either is withheld. */
  conversionFromPrevious: number | null;
}

export const FUNNEL_COLUMNS: readonly ReportColumn[] = [
  { key: 'stage', header: 'Stage', description: 'The step of the programme: applied, eligible, offered, accepted, started, completed, passed' },
  { key: 'label', header: 'Stage name', description: 'The stage in words' },
  {
    key: 'applications',
    header: 'Applications',
    description: 'Submitted applications that reached this stage at any time, even if they went further or were withdrawn later; empty when withheld (1 to 4 people in a region, ICB or role)',
  },
  { key: 'conversionFromPrevious', header: 'Conversion from previous stage', description: 'This stage\u2019s applications divided by the previous stage\u2019s (0 to 1); empty for the first stage or when withheld' },
];

/**
 * The funnel: how many submitted applications reached each stage. A stage is
 * reached if the application's history (application_transition) or current
 * status ever shows it, or its enrolment shows a start, completion or pass the
 * provider reported and has not voided; each stage also counts every
 * application that reached a later one, so the funnel never widens.
 */
export async function funnel(db: DataSource, filters: ReportFilters, yearStart: YearStart): Promise<FunnelStep[]> {
  const base = outcomeBase(filters, yearStart, 4);
  // One row per application from each of two summaries kept by triggers: the
  // history's stages (application_stage_summary, migration 1764460000000) and
  // the enrolments' (TRAINING_SUMMARY, migration 1764470000000), hash-joined
  // to the report's applications. Grouping the enrolment reports and
  // enrolments per request was half the report's time at 100,000 applications.
  const [row] = await reportQuery(db,
    `WITH apps AS (
       SELECT a.id, a.status ${base.sql}
     ), reached AS (
       SELECT apps.status = ANY($1::text[]) OR coalesce(h.reached_eligible, false) AS eligible,
              apps.status = ANY($2::text[]) OR coalesce(h.reached_offer, false) AS offered,
              apps.status = ANY($3::text[]) OR coalesce(h.reached_acceptance, false) AS accepted,
              coalesce(tr.started, false) AS started, coalesce(tr.completed, false) AS completed, coalesce(tr.passed, false) AS passed
       FROM apps LEFT JOIN application_stage_summary h ON h.application_id = apps.id LEFT JOIN ${TRAINING_SUMMARY} tr ON tr.application_id = apps.id
     )
     SELECT count(*)::int AS applied,
            count(*) FILTER (WHERE eligible OR offered OR accepted OR started OR completed OR passed)::int AS eligible,
            count(*) FILTER (WHERE offered OR accepted OR started OR completed OR passed)::int AS offered,
            count(*) FILTER (WHERE accepted OR started OR completed OR passed)::int AS accepted,
            count(*) FILTER (WHERE started OR completed OR passed)::int AS started,
            count(*) FILTER (WHERE completed OR passed)::int AS completed,
            count(*) FILTER (WHERE passed)::int AS passed
     FROM reached`,
    [ELIGIBLE_STATUSES, OFFERED_STATUSES, ACCEPTED_STATUSES, ...base.params],
  );
  const narrowed = narrowedToPeople(filters);
  let previous: number | null = null;
  return FUNNEL_STAGES.map((stage, i) => {
    const applications = shownCount(Number(row[stage]), narrowed);
    const step: FunnelStep = { stage, label: FUNNEL_STAGE_LABELS[stage], applications, conversionFromPrevious: i === 0 ? null : share(applications, previous) };
    previous = applications;
    return step;
  });
}
