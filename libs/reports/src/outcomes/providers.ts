import type { DataSource } from 'typeorm';
import { REPORT_OVERDUE_DAYS } from '@app/notifications';
import type { ReportColumn, ReportFilters } from '../report-definition';
import { ENROLMENT_REPORT_FLAGS, ENROLMENT_STAGE, narrowedToPeople, outcomeBase, reportQuery, share, shownCount, type YearStart } from './outcome-sql';

export interface ProviderOutcome {
  /** Whether the row is a provider or a qualification. */
  groupBy: 'provider' | 'qualification';
  id: string;
  name: string;
  /** Learners placed (enrolments the provider did not turn down and whose cohort went ahead). */
  learners: number | null;
  started: number | null;
  completed: number | null;
  passed: number | null;
  withdrawn: number | null;
  /** completed / started. */
  completionRate: number | null;
  /** withdrawn / learners. */
  withdrawalRate: number | null;
  /** Placed, started or deferred learners with no report for REPORT_OVERDUE_DAYS: the rule the reminder to providers uses. */
  overdueReports: number | null;
  /** Started learners past their cohort's start date plus the qualification's length, with no completion reported. */
  pastExpectedEnd: number | null;
}

export const PROVIDER_COLUMNS: readonly ReportColumn[] = [
  { key: 'groupBy', header: 'Grouped by', description: 'provider or qualification' },
  { key: 'id', header: 'Id', description: 'The provider\u2019s or qualification\u2019s id' },
  { key: 'name', header: 'Name', description: 'The provider\u2019s name or the qualification\u2019s title' },
  { key: 'learners', header: 'Learners placed', description: 'Enrolments on a cohort, except those the provider turned down or a cancelled cohort ended' },
  { key: 'started', header: 'Started', description: 'Of those, learners whose start the provider reported (and did not void), even if they left later' },
  { key: 'completed', header: 'Completed', description: 'Of those, learners whose completion was reported, passed or not' },
  { key: 'passed', header: 'Passed', description: 'Of those, learners who passed' },
  { key: 'withdrawn', header: 'Withdrawn', description: 'Learners withdrawn from training' },
  { key: 'completionRate', header: 'Completion rate', description: 'Completed divided by started (0 to 1)' },
  { key: 'withdrawalRate', header: 'Withdrawal rate', description: 'Withdrawn divided by learners placed (0 to 1)' },
  { key: 'overdueReports', header: 'Overdue reports', description: `Learners placed, started or deferred with no report from the provider for ${REPORT_OVERDUE_DAYS} days` },
  {
    key: 'pastExpectedEnd',
    header: 'Completion overdue',
    description: 'Learners still started after their cohort\u2019s start date plus the qualification\u2019s length in months, with no completion reported',
  },
];

/**
 * Completion and withdrawal rates by provider and by qualification, with the
 * learners each provider owes a report: one row per provider (those with
 * overdue reports first), then one per qualification. Counts enrolments of
 * the filtered applications (a learner placed again after a turning down is
 * counted with the provider that has them). `now` is the Clock's.
 */
export async function providerOutcomes(db: DataSource, filters: ReportFilters, yearStart: YearStart, now: Date): Promise<ProviderOutcome[]> {
  const base = outcomeBase(filters, yearStart, 3);
  const providerOnly = filters.providerId ? `AND e.provider_id = $${3 + base.params.length}::uuid` : '';
  const params = [now, REPORT_OVERDUE_DAYS, ...base.params, ...(filters.providerId ? [filters.providerId] : [])];
  const totals = `count(*)::int AS learners, count(*) FILTER (WHERE started)::int AS started, count(*) FILTER (WHERE completed)::int AS completed,
                  count(*) FILTER (WHERE passed)::int AS passed, count(*) FILTER (WHERE withdrawn)::int AS withdrawn,
                  count(*) FILTER (WHERE overdue)::int AS overdue, count(*) FILTER (WHERE past_end)::int AS past_end`;
  const rows: Record<string, unknown>[] = await reportQuery(db,
    `WITH learner AS (
       SELECT e.provider_id, c.qualification_id, ${ENROLMENT_STAGE.started} AS started, ${ENROLMENT_STAGE.completed} AS completed, ${ENROLMENT_STAGE.passed} AS passed,
              e.status = 'withdrawn' AS withdrawn,
              (e.status IN ('placed', 'started', 'deferred') AND coalesce(e.last_report_at, e.created_at) < $1::timestamptz - make_interval(days => $2)) AS overdue,
              (e.status = 'started' AND c.start_date + make_interval(months => q.duration_months) < ($1::timestamptz AT TIME ZONE 'Europe/London')::date) AS past_end
       ${base.from} JOIN enrolment e ON e.application_id = a.id JOIN cohort c ON c.id = e.cohort_id JOIN qualification q ON q.id = c.qualification_id
       LEFT JOIN ${ENROLMENT_REPORT_FLAGS} r ON r.enrolment_id = e.id
       WHERE ${base.where} AND e.status <> 'declined_by_provider' ${providerOnly}
     )
     SELECT 'provider' AS group_by, tp.id, tp.name, x.* FROM (SELECT provider_id AS key, ${totals} FROM learner GROUP BY provider_id) x JOIN training_provider tp ON tp.id = x.key
     UNION ALL
     SELECT 'qualification', q.id, q.title, x.* FROM (SELECT qualification_id AS key, ${totals} FROM learner GROUP BY qualification_id) x JOIN qualification q ON q.id = x.key
     ORDER BY 1, overdue DESC, 3, 2`,
    params,
  );
  const narrowed = narrowedToPeople(filters);
  return rows.map((r) => {
    const n = (k: string) => shownCount(Number(r[k]), narrowed);
    const learners = n('learners');
    const started = n('started');
    const completed = n('completed');
    const withdrawn = n('withdrawn');
    return {
      groupBy: r.group_by as 'provider' | 'qualification',
      id: String(r.id),
      name: String(r.name),
      learners,
      started,
      completed,
      passed: n('passed'),
      withdrawn,
      completionRate: share(completed, started),
      withdrawalRate: share(withdrawn, learners),
      overdueReports: n('overdue'),
      pastExpectedEnd: n('past_end'),
    };
  });
}
