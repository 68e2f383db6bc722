import type { DataSource } from 'typeorm';
import type { ReportColumn, ReportFilters } from '../report-definition';
import {
  ACCEPTED_STATUSES,
  ELIGIBLE_STATUSES,
  ENROLMENT_COMPLETED,
  ENROLMENT_PASSED,
  ENROLMENT_STARTED,
  narrowedToPeople,
  OFFERED_STATUSES,
  outcomeBase,
  reportQuery,
  share,
  shownCount,
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
  const reachedStatus = (n: string) =>
    `(a.status = ANY(${n}::text[]) OR EXISTS (SELECT 1 FROM application_transition t WHERE t.application_id = a.id AND t.to_status = ANY(${n}::text[])))`;
  const enrolment = (condition: string) => `EXISTS (SELECT 1 FROM enrolment e WHERE e.application_id = a.id AND ${condition})`;
  const [row] = await reportQuery(db,
    `WITH reached AS (
       SELECT ${reachedStatus('$1')} AS eligible, ${reachedStatus('$2')} AS offered, ${reachedStatus('$3')} AS accepted,
              ${enrolment(ENROLMENT_STARTED)} AS started, ${enrolment(ENROLMENT_COMPLETED)} AS completed, ${enrolment(ENROLMENT_PASSED)} AS passed
       ${base.sql}
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
