import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig, Clock } from '@app/config';
import { AuditService, type Actor } from '@app/identity';
import { IntakeError } from '../intake.error';
import type { ApplicationStatus } from '../applications/status';
import { assertNoConflict, conflictSql } from './conflicts.service';
import { QUEUE_FROM, queueOrder, queueWhere, type QueueQuery } from './queue-filter';

/** Statuses an application can be assigned in: those waiting for a reviewer's decision. */
export const ASSIGNABLE_STATUSES: readonly ApplicationStatus[] = ['under_review', 'referred', 'appealed'];
/** What "assign the next N" takes: applications waiting for review or a referral check. */
export const ASSIGN_NEXT_STATUSES: readonly ApplicationStatus[] = ['under_review', 'referred'];
export const ASSIGN_NEXT_MAX = 50;
/** The roles that review and so can be assigned applications. */
export const REVIEWER_ROLES = ['reviewer', 'admin'] as const;

export interface Assignment {
  applicationId: string;
  reference: string;
  assignedTo: { id: string; name: string } | null;
}

export interface ReviewerWorkload {
  id: string;
  name: string;
  role: string;
  /** Assigned to them and still waiting for a decision. */
  assigned: number;
  decidedThisWeek: number;
  decidedThisYear: number;
}

/** The transitions that are a reviewer's decision (the referral cleared on the way to a decision is not one). */
const DECISION_SQL = `(t.to_status IN ('offered', 'waitlisted', 'rejected', 'ineligible') OR t.reason_code = 'appeal_upheld') AND t.actor_role IN ('reviewer', 'admin')`;

/**
 * Who works on which application. Anyone who reviews may take one for
 * themselves; only an admin assigns to someone else. "Assign the next N"
 * takes only unassigned applications, in queue order, with one UPDATE whose
 * rows are locked SKIP LOCKED, so two people asking at once never get the
 * same one; it passes over applications the reviewer has a conflict of
 * interest with. Each change is audited, one row per application.
 */
@Injectable()
export class AssignmentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Takes an application for oneself. */
  assignToMe(applicationId: string, actor: Actor): Promise<Assignment> {
    return this.assign(applicationId, actor.userId, actor);
  }

  /**
   * Assigns an application to a reviewer (the actor when none is named).
   * Refused: to someone else unless an admin; an application assigned to
   * someone else already unless an admin; one not waiting for a decision;
   * a reviewer with a conflict of interest.
   */
  async assign(applicationId: string, reviewerId: string | undefined, actor: Actor): Promise<Assignment> {
    const to = reviewerId ?? actor.userId;
    if (!to) throw new IntakeError('assignment_not_allowed', 'Only a person can be assigned an application');
    this.mayAssignTo(to, actor);
    return this.dataSource.transaction(async (manager) => {
      const reviewer = await this.reviewer(manager, to);
      const [app] = await manager.query(`SELECT id, reference, status, assigned_to FROM application WHERE id = $1 FOR UPDATE`, [applicationId]);
      if (!app || app.status === 'draft') throw new IntakeError('application_not_found', 'No application with that id');
      if (!ASSIGNABLE_STATUSES.includes(app.status)) {
        throw new IntakeError('not_assignable', 'Only an application waiting for a decision (to review, referred or appealed) can be assigned');
      }
      if (app.assigned_to === to) return { applicationId: app.id, reference: app.reference, assignedTo: { id: to, name: reviewer.name } };
      if (app.assigned_to && actor.role !== 'admin') {
        const [holder] = await manager.query(`SELECT full_name FROM user_account WHERE id = $1`, [app.assigned_to]);
        throw new IntakeError('already_assigned', `This application is assigned to ${holder?.full_name ?? 'another reviewer'} already: they or an administrator can unassign it`);
      }
      await assertNoConflict(manager, applicationId, to, actor.userId);
      await manager.query(`UPDATE application SET assigned_to = $2, assigned_at = $3 WHERE id = $1`, [applicationId, to, this.clock.now()]);
      await this.audit.record(manager, actor, {
        action: 'application.assign',
        target: { type: 'application', id: applicationId },
        before: { assignedTo: app.assigned_to },
        after: { assignedTo: to },
      });
      return { applicationId: app.id, reference: app.reference, assignedTo: { id: to, name: reviewer.name } };
    });
  }

  /** Takes an application off whoever has it: the reviewer themselves, or an admin. Unassigned already is no change. */
  async unassign(applicationId: string, actor: Actor): Promise<Assignment> {
    return this.dataSource.transaction(async (manager) => {
      const [app] = await manager.query(`SELECT id, reference, status, assigned_to FROM application WHERE id = $1 FOR UPDATE`, [applicationId]);
      if (!app || app.status === 'draft') throw new IntakeError('application_not_found', 'No application with that id');
      if (!app.assigned_to) return { applicationId: app.id, reference: app.reference, assignedTo: null };
      if (app.assigned_to !== actor.userId && actor.role !== 'admin') {
        throw new IntakeError('assignment_not_allowed', 'Only the reviewer it is assigned to, or an administrator, can unassign an application');
      }
      await manager.query(`UPDATE application SET assigned_to = NULL, assigned_at = NULL WHERE id = $1`, [applicationId]);
      await this.audit.record(manager, actor, {
        action: 'application.unassign',
        target: { type: 'application', id: applicationId },
        before: { assignedTo: app.assigned_to },
        after: { assignedTo: null },
      });
      return { applicationId: app.id, reference: app.reference, assignedTo: null };
    });
  }

  /**
   * Assigns the next `n` (1 to 50) unassigned applications to review or
   * referred that match `filter`, in the queue's order, to a reviewer,
   * skipping any they have a conflict of interest with. Returns those
   * assigned: fewer than `n` when fewer are left.
   */
  async assignNext(filter: QueueQuery, n: number, reviewerId: string | undefined, actor: Actor): Promise<Assignment[]> {
    if (!Number.isInteger(n) || n < 1 || n > ASSIGN_NEXT_MAX) {
      throw new IntakeError('invalid_assignment', `n must be a whole number from 1 to ${ASSIGN_NEXT_MAX}`, [{ field: 'n', message: `must be a whole number from 1 to ${ASSIGN_NEXT_MAX}` }]);
    }
    const to = reviewerId ?? actor.userId;
    if (!to) throw new IntakeError('assignment_not_allowed', 'Only a person can be assigned applications');
    this.mayAssignTo(to, actor);
    return this.dataSource.transaction(async (manager) => {
      const reviewer = await this.reviewer(manager, to);
      const params: unknown[] = [];
      // assigned and held are what this takes (unassigned, not on hold), whatever the filter said.
      const where = queueWhere({ ...filter, assigned: undefined, held: 'no', page: undefined, q: undefined }, params, actor.userId, { withStatus: false });
      const statuses = filter.status && ASSIGN_NEXT_STATUSES.includes(filter.status) ? [filter.status] : filter.status ? [] : [...ASSIGN_NEXT_STATUSES];
      const statusParam = `$${params.push(statuses)}`;
      const reviewerParam = `$${params.push(to)}`;
      const nowParam = `$${params.push(this.clock.now())}`;
      // One statement: the CTE picks and locks the rows (passing over rows another transaction holds), once;
      // the UPDATE writes only those. (An `id IN (subquery)` can be evaluated again when a row it meets was
      // changed concurrently, and then assign more than n: a materialised CTE cannot.)
      const rows: { id: string; reference: string }[] = await manager.query(
        `WITH picked AS MATERIALIZED (
           SELECT a.id ${QUEUE_FROM}
           WHERE ${where} AND a.status = ANY(${statusParam}::text[]) AND a.assigned_to IS NULL AND NOT ${conflictSql(reviewerParam)}
           ORDER BY ${queueOrder(filter.sort)}
           LIMIT ${n}
           FOR UPDATE OF a SKIP LOCKED
         )
         UPDATE application SET assigned_to = ${reviewerParam}, assigned_at = ${nowParam}
         FROM picked WHERE application.id = picked.id AND application.assigned_to IS NULL
         RETURNING application.id, application.reference`,
        params,
      ).then((result: unknown) => (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as { id: string; reference: string }[]);
      for (const row of rows) {
        await this.audit.record(manager, actor, {
          action: 'application.assign',
          target: { type: 'application', id: row.id },
          before: { assignedTo: null },
          after: { assignedTo: to, by: 'assign_next' },
        });
      }
      return rows.map((r) => ({ applicationId: r.id, reference: r.reference, assignedTo: { id: to, name: reviewer.name } }));
    });
  }

  /** Every reviewer and admin (enabled): assigned now, decided this week (from Monday) and this calendar year, by London time. */
  async workload(): Promise<ReviewerWorkload[]> {
    const rows = await this.dataSource.query(
      `WITH bounds AS (
         SELECT (date_trunc('week', $1::timestamptz AT TIME ZONE 'Europe/London') AT TIME ZONE 'Europe/London') AS week,
                (date_trunc('year', $1::timestamptz AT TIME ZONE 'Europe/London') AT TIME ZONE 'Europe/London') AS year
       )
       SELECT u.id, u.full_name, u.role,
              (SELECT count(*)::int FROM application a WHERE a.assigned_to = u.id AND a.status = ANY($2::text[])) AS assigned,
              (SELECT count(*)::int FROM application_transition t WHERE t.actor_id = u.id AND ${DECISION_SQL} AND t.at >= bounds.week) AS week,
              (SELECT count(*)::int FROM application_transition t WHERE t.actor_id = u.id AND ${DECISION_SQL} AND t.at >= bounds.year) AS year
       FROM user_account u, bounds
       WHERE u.role IN ('reviewer', 'admin') AND u.disabled_at IS NULL
       ORDER BY u.full_name, u.id`,
      [this.clock.now(), [...ASSIGNABLE_STATUSES]],
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id as string,
      name: r.full_name as string,
      role: r.role as string,
      assigned: r.assigned as number,
      decidedThisWeek: r.week as number,
      decidedThisYear: r.year as number,
    }));
  }

  /** The work waiting for one person: applications to review assigned to them, and applications on hold. */
  async waitingFor(userId: string | undefined): Promise<{ assignedToMe: number; onHold: number; offersExpiringThisWeek: number }> {
    const [row] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE assigned_to = $1 AND status = 'under_review')::int AS mine,
              count(*) FILTER (WHERE held_at IS NOT NULL)::int AS held,
              count(*) FILTER (WHERE status = 'offered' AND (
                SELECT max(t.at) FROM application_transition t WHERE t.application_id = application.id AND t.to_status = 'offered'
              ) + make_interval(days => $2) <= $3::timestamptz + interval '7 days')::int AS expiring
       FROM application WHERE status <> 'draft'`,
      [userId ?? null, this.config.programme.offerExpiryDays, this.clock.now()],
    );
    return { assignedToMe: row.mine, onHold: row.held, offersExpiringThisWeek: row.expiring };
  }

  /** The people applications can be assigned to. */
  async reviewers(): Promise<{ id: string; name: string; role: string }[]> {
    const rows = await this.dataSource.query(`SELECT id, full_name, role FROM user_account WHERE role IN ('reviewer', 'admin') AND disabled_at IS NULL ORDER BY full_name, id`);
    return rows.map((r: Record<string, string>) => ({ id: r.id, name: r.full_name, role: r.role }));
  }

  private mayAssignTo(to: string, actor: Actor): void {
    if (to !== actor.userId && actor.role !== 'admin') throw new IntakeError('assignment_not_allowed', 'Only an administrator can assign applications to someone else');
    if (!(REVIEWER_ROLES as readonly string[]).includes(actor.role)) throw new IntakeError('assignment_not_allowed', 'Only reviewers and administrators can be assigned applications');
  }

  private async reviewer(manager: EntityManager, id: string): Promise<{ name: string }> {
    const [user] = await manager.query(`SELECT full_name, role, disabled_at FROM user_account WHERE id = $1`, [id]);
    if (!user || user.disabled_at || !(REVIEWER_ROLES as readonly string[]).includes(user.role)) {
      throw new IntakeError('not_a_reviewer', 'reviewerId must be a reviewer or administrator whose account is open', [{ field: 'reviewerId', message: 'must be a reviewer or administrator' }]);
    }
    return { name: user.full_name };
  }
}
