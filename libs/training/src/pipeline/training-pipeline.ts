import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '@app/config';
import { PipelineSource, type PipelineSnapshot, type RoundWindow } from '@app/budget';

const DAY_MS = 86_400_000;
/** How far back the submission rate is measured, and the fewest open days in that window to trust it (else all history). */
const RATE_WINDOW_DAYS = 90;
const MIN_OPEN_DAYS = 14;
/**
 * Training's outcomes count learners whose qualification's length and this
 * many days more have run: time for a pass to be reported. Counting them as
 * soon as the length has run would take early withdrawals before late-reported
 * passes (the pass rate too low) and short reporting delays before long ones.
 */
export const REPORTING_DAYS = 60;

/**
 * The budget forecast's view of the pipeline. It lives in the training lib
 * because only training knows whether a learner placed on a cohort has
 * started (an application is `enrolled` from its placement on). Counts per
 * stage now; outcomes per stage from the history, each of its own kind (a
 * withdrawal before a start belongs to the accepted or placed stage, never to
 * training, and training's outcomes count only learners whose qualification's
 * length has run since their start); learners placed and in training with
 * their dates and qualification lengths; the year's rounds.
 */
@Injectable()
export class TrainingPipeline extends PipelineSource {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    super();
  }

  async snapshot(year: { label: string; startsOn: string; endsOn: string }): Promise<PipelineSnapshot> {
    const now = this.clock.now();
    const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => this.dataSource.query(sql, params) as Promise<T[]>;
    const rounds = (await q<{ opens_at: Date; closes_at: Date }>(`SELECT opens_at, closes_at FROM funding_round ORDER BY opens_at`)).map(
      (x): RoundWindow => ({ opensAt: new Date(x.opens_at).toISOString(), closesAt: new Date(x.closes_at).toISOString() }),
    );
    const rate = submissionWindow(now, rounds);
    // Two lanes, each on its own connection (so one report takes at most two of the pool's): the stage counts
    // (the longest statement, 190 ms at 100,000 applications) beside the rest (about as long together).
    const applications = q<Record<string, number>>(STAGES_REACHED, [year.startsOn, year.endsOn, now]);
    // Kept from rejecting unhandled while the other lane runs; awaited (and so thrown) below.
    applications.catch(() => undefined);
    // Training's outcomes: learners who started and whose course has run its length (and the reporting days) by now; those still in training are not outcomes yet.
    const [t] = await q<Record<string, number | null> & { late_deciles: number[] | null }>(
      `SELECT count(*) FILTER (WHERE e.outcome = 'passed' AND e.status = 'completed')::int AS passed,
              count(*) FILTER (WHERE e.status = 'withdrawn')::int AS withdrew,
              -- The application's status only for the few failed completions: joining every application cost more than the rest.
              count(*) FILTER (WHERE e.status = 'completed' AND e.outcome = 'failed' AND (SELECT a.status FROM application a WHERE a.id = e.application_id) = 'not_passed')::int AS failed,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY e.completed_on - (e.start_date + make_interval(months => q.duration_months))::date)
                FILTER (WHERE e.outcome = 'passed' AND e.status = 'completed') AS days_late,
              percentile_cont(ARRAY[0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95]) WITHIN GROUP (ORDER BY e.completed_on - (e.start_date + make_interval(months => q.duration_months))::date)
                FILTER (WHERE e.outcome = 'passed' AND e.status = 'completed') AS late_deciles
       FROM enrolment e JOIN cohort c ON c.id = e.cohort_id JOIN qualification q ON q.id = c.qualification_id
       WHERE e.start_date IS NOT NULL AND e.start_date + make_interval(months => q.duration_months, days => $2) <= $1::date`,
      [now, REPORTING_DAYS],
    );
    const [days] = await q<Record<string, number | null>>(MEDIAN_DAYS, [now]);
    // Learners placed (by their cohort's start) and in training (by their own start), in one pass over the enrolments.
    const groups = await q<{ placed: boolean; on_date: string; months: number; count: number }>(
      // Grouped by the date and formatted after: to_char on every enrolment was an eighth of the statement.
      `SELECT placed, to_char(on_date, 'YYYY-MM-DD') AS on_date, months, count FROM (
         SELECT e.status IN ('placed', 'deferred') AS placed, CASE WHEN e.status IN ('placed', 'deferred') THEN c.start_date ELSE e.start_date END AS on_date,
                q.duration_months AS months, count(*)::int AS count
         FROM enrolment e JOIN application a ON a.id = e.application_id JOIN cohort c ON c.id = e.cohort_id JOIN qualification q ON q.id = c.qualification_id
         WHERE a.status = 'enrolled' AND (e.status IN ('placed', 'deferred') OR (e.status IN ('started', 'completed') AND e.start_date IS NOT NULL))
         GROUP BY 1, 2, 3
       ) g ORDER BY g.on_date, g.months`,
    );
    const placedGroups = groups.filter((g) => g.placed);
    const trainingGroups = groups.filter((g) => !g.placed);
    // The waiting pipeline's mix of qualification lengths, the average start payment over every submitted
    // application and the submissions in the rate's window, in one pass over the applications (grouped by
    // qualification before the join: a fifth quicker).
    const byQualification = await q<{ months: number; pipeline: number; submitted: number; percent: number; recent: number }>(
      `SELECT q.duration_months AS months, q.start_payment_percent AS percent, x.pipeline, x.submitted, x.recent
       FROM (
         SELECT a.qualification_id,
                count(*) FILTER (WHERE a.status IN ('submitted', 'referred', 'under_review', 'waitlisted', 'appealed', 'offered', 'accepted'))::int AS pipeline,
                count(*) FILTER (WHERE a.status <> 'draft')::int AS submitted,
                count(*) FILTER (WHERE a.submitted_at > $1 AND a.submitted_at <= $2)::int AS recent
         FROM application a GROUP BY a.qualification_id
       ) x JOIN qualification q ON q.id = x.qualification_id`,
      [new Date(rate.since), now],
    );
    const [r] = await applications;
    const mix = new Map<number, number>();
    for (const g of byQualification) if (g.pipeline > 0) mix.set(g.months, (mix.get(g.months) ?? 0) + g.pipeline);
    const submitted = byQualification.reduce((n, g) => n + g.submitted, 0);
    // Rounded half up as round(avg(...)) over the applications was (the weights are whole numbers).
    const start_percent = submitted ? Math.round(byQualification.reduce((n, g) => n + g.percent * g.submitted, 0) / submitted) : null;
    const recent = byQualification.reduce((n, g) => n + g.recent, 0);
    const submissionsPerMonth = rate.openDays > 0 ? Math.round((recent / rate.openDays) * (365.25 / 12) * 10) / 10 : 0;
    const yearStart = Date.parse(year.startsOn);
    const yearEnd = Date.parse(year.endsOn) + DAY_MS;
    const stage = (left: number, movedOn: number) => ({ left, movedOn: Math.min(movedOn, left) });
    const median = (x: number | null | undefined) => (x === null || x === undefined ? undefined : Math.max(0, Number(x)));
    const resolved = Number(t.passed) + Number(t.withdrew) + Number(t.failed);
    return {
      counts: { submitted: r.submitted, underReview: r.under_review, offered: r.offered, accepted: r.accepted, placed: r.placed, started: r.started, completed: r.completed },
      conversions: {
        submitted: stage(r.s_left, r.s_on),
        underReview: stage(r.u_left, r.u_on),
        offered: stage(r.o_left, r.o_on),
        accepted: stage(r.ac_left, r.ac_on),
        placed: stage(r.p_left, r.p_on),
        started: { left: resolved, movedOn: Number(t.passed), withdrew: Number(t.withdrew) },
      },
      medianDaysInStage: Object.fromEntries(
        Object.entries({ submitted: days.submitted, underReview: days.under_review, offered: days.offered, accepted: days.accepted, placed: days.placed })
          .map(([k, v]) => [k, median(v)])
          .filter(([, v]) => typeof v === 'number' && v > 0),
      ),
      submissionsPerMonth,
      rounds: rounds.filter((x) => Date.parse(x.closesAt) > yearStart && Date.parse(x.opensAt) < yearEnd),
      placedGroups: placedGroups.map((g) => ({ startsOn: g.on_date, durationMonths: g.months, count: g.count })),
      trainingGroups: trainingGroups.map((g) => ({ startedOn: g.on_date, durationMonths: g.months, count: g.count })),
      durationMix: Object.fromEntries(mix),
      ...(median(t.days_late) !== undefined ? { medianDaysLate: median(t.days_late) } : {}),
      ...(t.late_deciles ? { daysLateDeciles: t.late_deciles.map((d) => Math.max(0, Math.round(Number(d)))) } : {}),
      ...(start_percent !== null ? { startPaymentPercent: start_percent } : {}),
    };
  }
}

/**
 * Where the submission rate (submissions a month while a round is open) is
 * measured: over the last 90 days' open time, or all history when rounds
 * were open too little of it; `since` is epoch ms, `openDays` the open days.
 */
function submissionWindow(now: Date, rounds: RoundWindow[]): { since: number; openDays: number } {
  const to = now.getTime();
  const from = to - RATE_WINDOW_DAYS * DAY_MS;
  const recentOpen = openDays(rounds, from, to);
  return recentOpen >= MIN_OPEN_DAYS ? { since: from, openDays: recentOpen } : { since: 0, openDays: openDays(rounds, 0, to) };
}

/** Counts per stage now and the stages' conversions, over `reached` (one row per application with history). */
const STAGE_COUNTS = `SELECT
         count(*) FILTER (WHERE status IN ('submitted', 'referred'))::int AS submitted,
         count(*) FILTER (WHERE status IN ('under_review', 'waitlisted', 'appealed'))::int AS under_review,
         count(*) FILTER (WHERE status = 'offered')::int AS offered,
         count(*) FILTER (WHERE status = 'accepted')::int AS accepted,
         count(*) FILTER (WHERE status = 'enrolled' AND coalesce(enrolment_status, 'placed') IN ('placed', 'deferred'))::int AS placed,
         count(*) FILTER (WHERE status = 'enrolled' AND enrolment_status IN ('started', 'completed'))::int AS started,
         count(*) FILTER (WHERE status = 'completed' AND c_year)::int AS completed,
         count(*) FILTER (WHERE s AND status NOT IN ('submitted', 'referred'))::int AS s_left, count(*) FILTER (WHERE s AND u)::int AS s_on,
         count(*) FILTER (WHERE u AND status NOT IN ('under_review', 'waitlisted', 'appealed'))::int AS u_left, count(*) FILTER (WHERE u AND o)::int AS u_on,
         count(*) FILTER (WHERE o AND status <> 'offered')::int AS o_left, count(*) FILTER (WHERE o AND ac)::int AS o_on,
         count(*) FILTER (WHERE ac AND status <> 'accepted')::int AS ac_left, count(*) FILTER (WHERE ac AND e)::int AS ac_on,
         -- Placed: out of the stage once started, or withdrawn without a start.
         count(*) FILTER (WHERE e AND (started OR status = 'withdrawn'))::int AS p_left, count(*) FILTER (WHERE e AND started)::int AS p_on
       FROM reached`;

/**
 * The stages each application with history by now ($3) had reached by then,
 * and whether it completed in the year ($1 to $2), from the first times kept
 * in application_stage_summary (migration 1764460000000) rather than
 * grouping every transition; its live enrolment's status and whether any
 * enrolment has a start date from application_training_summary (migration
 * 1764470000000) rather than sorting every enrolment.
 */
const STAGES_REACHED = `WITH reached AS (
         SELECT a.status, ts.live_status AS enrolment_status, coalesce(ts.had_start_date, false) AS started,
                coalesce(r.submitted_at <= $3, false) AS s, coalesce(r.under_review_at <= $3, false) AS u, coalesce(r.offered_at <= $3, false) AS o,
                coalesce(r.accepted_at <= $3, false) AS ac, coalesce(r.enrolled_at <= $3, false) AS e,
                EXISTS (SELECT 1 FROM unnest(r.completed_ats) c(at) WHERE c.at <= $3 AND c.at::date BETWEEN $1::date AND $2::date) AS c_year
         FROM application a JOIN application_stage_summary r ON r.application_id = a.id AND r.first_at <= $3
         LEFT JOIN application_training_summary ts ON ts.application_id = a.id
       )
       ${STAGE_COUNTS}`;

const PLACED_MEDIAN = `(SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY e.start_date - e.created_at::date) FROM enrolment e WHERE e.start_date IS NOT NULL)`;

/**
 * Median days in each stage: each transition's time to the application's
 * next, counting only steps whose next transition was by now ($1), from
 * application_stage_step's index on (stage, days). The middle one or two
 * values are combined as percentile_cont(0.5) over the steps would (the
 * lower plus half the difference, in double precision): the same figures as
 * the window over every transition this replaces, without the sort.
 */
const MEDIAN_DAYS = `WITH stage(to_status) AS (VALUES ('submitted'), ('under_review'), ('offered'), ('accepted')),
       -- Materialised: inlined, each stage's count ran once for every use of n.
       counted AS MATERIALIZED (
         SELECT st.to_status, (SELECT count(*) FROM application_stage_step s WHERE s.to_status = st.to_status AND s.next_at <= $1) AS n FROM stage st
       ),
       middle AS (
         SELECT c.to_status, c.n, m.v
         FROM counted c CROSS JOIN LATERAL (
           SELECT array_agg(x.days ORDER BY x.days) AS v FROM (
             SELECT s.days FROM application_stage_step s WHERE s.to_status = c.to_status AND s.next_at <= $1 ORDER BY s.days OFFSET (c.n - 1) / 2 LIMIT 2 - c.n % 2
           ) x
         ) m
         WHERE c.n > 0
       ),
       median AS (
         SELECT to_status, CASE WHEN n % 2 = 1 THEN v[1] ELSE v[1] + (v[2] - v[1]) * 0.5::double precision END AS days FROM middle
       )
       SELECT (SELECT days FROM median WHERE to_status = 'submitted') AS submitted,
              (SELECT days FROM median WHERE to_status = 'under_review') AS under_review,
              (SELECT days FROM median WHERE to_status = 'offered') AS offered,
              (SELECT days FROM median WHERE to_status = 'accepted') AS accepted,
              ${PLACED_MEDIAN} AS placed`;

/** Days within [from, to) (epoch ms) on which some round is open. */
function openDays(rounds: RoundWindow[], from: number, to: number): number {
  const spans = rounds.map((r) => [Math.max(from, Date.parse(r.opensAt)), Math.min(to, Date.parse(r.closesAt))] as const).filter(([a, z]) => z > a).sort(([a], [b]) => a - b);
  let covered = 0;
  let reach = from;
  for (const [a, z] of spans) {
    const start = Math.max(a, reach);
    if (z > start) covered += z - start;
    reach = Math.max(reach, z);
  }
  return covered / DAY_MS;
}
