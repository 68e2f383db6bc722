import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '@app/config';
import { PipelineSource, type PipelineSnapshot } from '@app/budget';

/**
 * The budget forecast's view of applications: how many are at each stage
 * now, and how many of those that left each stage moved on, from the full
 * transition history.
 */
@Injectable()
export class IntakePipeline extends PipelineSource {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    super();
  }

  async snapshot(year: { label: string; startsOn: string; endsOn: string }): Promise<PipelineSnapshot> {
    const [r] = await this.dataSource.query(
      `WITH reached AS (
         SELECT a.id, a.status,
                bool_or(t.to_status = 'submitted') AS s, bool_or(t.to_status = 'under_review') AS u, bool_or(t.to_status = 'offered') AS o,
                bool_or(t.to_status = 'accepted') AS ac, bool_or(t.to_status = 'enrolled') AS e,
                bool_or(t.to_status = 'completed' AND t.at::date BETWEEN $1::date AND $2::date) AS c_year, bool_or(t.to_status = 'completed') AS c
         FROM application a JOIN application_transition t ON t.application_id = a.id
         GROUP BY a.id, a.status
       )
       SELECT
         count(*) FILTER (WHERE status IN ('submitted', 'referred'))::int AS submitted,
         count(*) FILTER (WHERE status IN ('under_review', 'waitlisted', 'appealed'))::int AS under_review,
         count(*) FILTER (WHERE status = 'offered')::int AS offered,
         count(*) FILTER (WHERE status = 'accepted')::int AS accepted,
         count(*) FILTER (WHERE status = 'enrolled')::int AS enrolled,
         count(*) FILTER (WHERE status = 'completed' AND c_year)::int AS completed,
         count(*) FILTER (WHERE s AND status NOT IN ('submitted', 'referred'))::int AS s_left, count(*) FILTER (WHERE u)::int AS s_on,
         count(*) FILTER (WHERE u AND status NOT IN ('under_review', 'waitlisted', 'appealed'))::int AS u_left, count(*) FILTER (WHERE o)::int AS u_on,
         count(*) FILTER (WHERE o AND status <> 'offered')::int AS o_left, count(*) FILTER (WHERE ac)::int AS o_on,
         count(*) FILTER (WHERE ac AND status <> 'accepted')::int AS ac_left, count(*) FILTER (WHERE e)::int AS ac_on,
         count(*) FILTER (WHERE e AND status <> 'enrolled')::int AS e_left, count(*) FILTER (WHERE c)::int AS e_on
       FROM reached`,
      [year.startsOn, year.endsOn],
    );
    const [{ recent }] = await this.dataSource.query(`SELECT count(*)::int AS recent FROM application WHERE submitted_at > $1::timestamptz - interval '90 days'`, [this.clock.now()]);
    const [{ start_percent }] = await this.dataSource.query(
      `SELECT round(avg(q.start_payment_percent))::int AS start_percent FROM application a JOIN qualification q ON q.id = a.qualification_id WHERE a.status <> 'draft'`,
    );
    return {
      counts: { submitted: r.submitted, underReview: r.under_review, offered: r.offered, accepted: r.accepted, enrolled: r.enrolled, completed: r.completed },
      conversions: {
        submitted: { left: r.s_left, movedOn: Math.min(r.s_on, r.s_left) },
        underReview: { left: r.u_left, movedOn: Math.min(r.u_on, r.u_left) },
        offered: { left: r.o_left, movedOn: Math.min(r.o_on, r.o_left) },
        accepted: { left: r.ac_left, movedOn: Math.min(r.ac_on, r.ac_left) },
        enrolled: { left: r.e_left, movedOn: Math.min(r.e_on, r.e_left) },
      },
      submissionsPerMonth: Math.round(recent / 3),
      ...(start_percent !== null ? { startPaymentPercent: start_percent } : {}),
    };
  }
}
