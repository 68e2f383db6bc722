import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig, Clock } from '@app/config';
import { whatIf, type EligibilityFacts, type WhatIfReport } from '@app/eligibility';
import { AuditService, type Actor } from '@app/identity';
import { OutboxService, TOPIC } from '@app/notifications';
import { Appeal, Application, ApplicationTransition } from '../entities';
import { RuleSets } from '../eligibility/rule-sets';
import { IntakeError } from '../intake.error';
import type { PriorityBreakdown } from '../eligibility/facts';
import { historyOf, offerView, type HistoryEntry, type OfferView, type StoredEligibility } from '../applications/application-view';
import { STATUSES, type ApplicationStatus } from '../applications/status';
import { moveApplication } from '../applications/transitions';
import { previewBulk, type BulkCandidate, type BulkPreview } from './bulk-preview';
import { caseFacts, type CaseFacts } from './case-facts';
import { assertNoConflict } from './conflicts.service';
import { OfferFunding, type MoneyAtDecision } from './offer-funding';
import { QUEUE_FROM, queueOrder, queueWhere, type QueueQuery } from './queue-filter';
import { REASON_CODES, type Decision } from './reason-codes';

export type { QueueQuery, QueueSort } from './queue-filter';

export interface QueueItem {
  id: string;
  reference: string;
  status: ApplicationStatus;
  roundId: string;
  qualificationId: string;
  applicantName: string | null;
  region: string | null;
  currentRole: string | null;
  priorityScore: number | null;
  eligibilityOutcome: string | null;
  duplicateOf: string | null;
  submittedAt: string | null;
  qualificationLevel: number | null;
  /** The reviewer working on it, if anyone. */
  assignedTo: { id: string; name: string } | null;
  /** On hold since (kept out of decisions until released). */
  heldAt: string | null;
}

/** A page of the queue, and how many applications each status has under the same filters but any status. */
export interface QueuePage {
  items: QueueItem[];
  total: number;
  counts: Partial<Record<ApplicationStatus, number>>;
}

export interface ApplicationDetail extends QueueItem, CaseFacts {
  applicantId: string;
  /** How the priority score was made; null for scores from before it was kept. */
  priorityBreakdown: PriorityBreakdown | null;
  employerSupport: { name: string; email: string } | null;
  statement: string | null;
  facts: EligibilityFacts | null;
  eligibility: StoredEligibility | null;
  history: HistoryEntry[];
  appeals: { id: string; statement: string; submittedAt: string; decision: string | null; note: string | null }[];
  /** What approving would do to the round's pot now (null when the round has no pot). */
  money: MoneyAtDecision | null;
}

/** One appeal in full, for deciding it. */
export interface AppealView {
  id: string;
  applicationId: string;
  reference: string;
  statement: string;
  previousStatus: ApplicationStatus;
  submittedAt: string;
  decision: 'uphold' | 'dismiss' | null;
  decidedAt: string | null;
  note: string | null;
}

/** The most applications one bulk decision takes. */
export const BULK_DECISION_MAX = 100;

export interface DecisionInput {
  decision: Decision;
  reasonCode: string;
  note?: string;
}

/** What a decision did: the new status, why it is waitlisted when funds ran out, and the offer when one was made. */
export interface DecisionOutcome {
  status: ApplicationStatus;
  reason?: 'insufficient_funds';
  offer?: OfferView;
}

export const QUEUE_PAGE_SIZE = 50;

/**
 * The review queue: staff see applications by priority, decide with a reason
 * code, in bulk if they wish, decide appeals, and preview a draft rule set.
 */
@Injectable()
export class ReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly ruleSets: RuleSets,
    private readonly funding: OfferFunding,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /**
   * Applications, filtered (QueueQuery) and sorted: by default highest
   * priority first, then oldest submission. Drafts are the applicant's own
   * business. `actor` is who asks, for assigned=me. The counts per status
   * are for the same filters with any status.
   */
  async queue(query: QueueQuery, actor?: Actor): Promise<QueuePage> {
    const page = Math.max(1, query.page ?? 1);
    const params: unknown[] = [];
    const filter = queueWhere(query, params, actor?.userId);
    const countParams: unknown[] = [];
    const anyStatus = queueWhere(query, countParams, actor?.userId, { withStatus: false });
    const [[{ total }], rows, byStatus] = await Promise.all([
      this.dataSource.query(`SELECT count(*)::int AS total ${QUEUE_FROM} WHERE ${filter}`, params),
      this.dataSource.query(`${QUEUE_SELECT} WHERE ${filter} ORDER BY ${queueOrder(query.sort)} LIMIT ${QUEUE_PAGE_SIZE} OFFSET ${(page - 1) * QUEUE_PAGE_SIZE}`, params),
      this.dataSource.query(`SELECT a.status, count(*)::int AS n ${QUEUE_FROM} WHERE ${anyStatus} GROUP BY a.status`, countParams),
    ]);
    const counts = Object.fromEntries(byStatus.map((r: { status: string; n: number }) => [r.status, r.n]));
    return { items: rows.map(queueItem), total, counts };
  }

  /** Everything about one application: facts, each rule's result, history, appeals. */
  async detail(id: string): Promise<ApplicationDetail> {
    const [row] = await this.dataSource.query(`${QUEUE_SELECT} WHERE a.id = $1`, [id]);
    if (!row) throw new IntakeError('application_not_found', 'No application with that id');
    const history = await this.dataSource.getRepository(ApplicationTransition).find({ where: { applicationId: id }, order: { id: 'ASC' } });
    const appeals = await this.dataSource.getRepository(Appeal).find({ where: { applicationId: id }, order: { submittedAt: 'ASC' } });
    return {
      ...queueItem(row),
      applicantId: row.applicant_id,
      priorityBreakdown: row.priority_breakdown ?? null,
      employerSupport: row.employer_support_name ? { name: row.employer_support_name, email: row.employer_support_email } : null,
      statement: row.statement,
      facts: row.facts,
      eligibility: row.eligibility,
      history: historyOf(history),
      appeals: appeals.map((a) => ({ id: a.id, statement: a.statement, submittedAt: a.submittedAt.toISOString(), decision: a.decision, note: a.note })),
      ...(await caseFacts(this.dataSource, id)),
      money: await this.funding.moneyAtDecision(id),
    };
  }

  /** What approving this application would do to the money now; read-only. */
  moneyAtDecision(id: string): Promise<MoneyAtDecision | null> {
    return this.funding.moneyAtDecision(id);
  }

  /** Applications waiting for a decision (to review by default), in queue order, for choosing a bulk decision; at most 100. */
  async decidable(query: { status?: ApplicationStatus; roundId?: string }): Promise<BulkCandidate[]> {
    const status = query.status && ['under_review', 'referred', 'waitlisted'].includes(query.status) ? query.status : 'under_review';
    const params: unknown[] = [status];
    const round = query.roundId ? ` AND a.round_id = $${params.push(query.roundId)}` : '';
    const rows = await this.dataSource.query(
      `${CANDIDATE_SELECT} WHERE a.status = $1 AND a.held_at IS NULL${round}
       ORDER BY a.priority_score DESC NULLS LAST, a.submitted_at ASC, a.id LIMIT ${BULK_DECISION_MAX}`,
      params,
    );
    return rows.map(candidate);
  }

  /**
   * What deciding these applications the same way would do, in the order
   * decideMany should take them (the queue's): each one's outcome and the
   * money, offered while each pot lasts, then waitlisted. Nothing is written.
   */
  async previewMany(ids: string[], decision: Decision): Promise<BulkPreview & { potNames: Record<string, string> }> {
    const rows = await this.dataSource.query(`${CANDIDATE_SELECT} WHERE a.id = ANY($1::uuid[]) AND a.status <> 'draft'`, [ids]);
    const candidates: BulkCandidate[] = rows.map(candidate);
    const { available, names } = await this.funding.available(candidates.map((c) => c.potId).filter((p): p is string => !!p));
    return { ...previewBulk(candidates, decision, available), potNames: names };
  }

  /**
   * Decides one application. Approving reserves the bursary: `offered`, or
   * `waitlisted` with reason insufficient_funds when the pot cannot cover it.
   * A referred application is cleared to review first (or found ineligible on reject).
   * An offer made is returned with its amount and when it expires.
   */
  async decide(id: string, input: DecisionInput, actor: Actor): Promise<DecisionOutcome> {
    if (!(REASON_CODES[input.decision] as readonly string[]).includes(input.reasonCode)) {
      throw new IntakeError('invalid_reason', `A ${input.decision} decision needs one of these reason codes: ${REASON_CODES[input.decision].join(', ')}`, [
        { field: 'reasonCode', message: `must be one of ${REASON_CODES[input.decision].join(', ')}` },
      ]);
    }
    return this.dataSource.transaction(async (manager) => {
      await assertNoConflict(manager, id, actor.userId);
      const app = await manager.findOne(Application, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!app) throw new IntakeError('application_not_found', 'No application with that id');
      if (app.heldAt) throw new IntakeError('application_on_hold', 'This application is on hold, so it cannot be decided: release it first');
      const before = app.status;
      const reason = { code: input.reasonCode, note: input.note };
      let outcome: DecisionOutcome;
      if (input.decision === 'reject') {
        await moveApplication(manager, app, app.status === 'referred' ? 'ineligible' : 'rejected', 'staff', actor, reason, this.clock.now());
        outcome = { status: app.status };
        await this.outbox.add(manager, {
          topic: app.status === 'rejected' ? TOPIC.rejected : TOPIC.eligibilityOutcome,
          recipientUserId: app.applicantId,
          data: { applicationId: app.id, reference: app.reference, reasonCode: input.reasonCode },
        });
      } else {
        if (app.status === 'referred') await moveApplication(manager, app, 'under_review', 'staff', actor, { code: 'referral_cleared', note: input.note }, this.clock.now());
        outcome = input.decision === 'approve' ? await this.offer(manager, app, actor, reason) : await this.waitlist(manager, app, actor, reason);
      }
      await this.audit.record(manager, actor, {
        action: `application.${input.decision}`,
        target: { type: 'application', id },
        before: { status: before },
        after: { status: outcome.status, reasonCode: input.reasonCode, ...(outcome.reason ? { fundingReason: outcome.reason } : {}) },
      });
      return outcome;
    });
  }

  /** Decides many applications the same way; each stands or falls on its own. */
  async decideMany(ids: string[], input: DecisionInput, actor: Actor) {
    const results: { id: string; status?: ApplicationStatus; reason?: string; error?: string }[] = [];
    for (const id of ids) {
      try {
        const { status, reason } = await this.decide(id, input, actor);
        results.push({ id, status, ...(reason ? { reason } : {}) });
      } catch (err) {
        if (err instanceof IntakeError && err.code === 'invalid_reason') throw err;
        if (err instanceof IntakeError) results.push({ id, error: err.message });
        else throw err;
      }
    }
    return { results };
  }

  private async offer(manager: EntityManager, app: Application, actor: Actor, reason: { code: string; note?: string }) {
    const [{ bursary_pence, pot_id }] = await manager.query(
      `SELECT q.bursary_pence, r.pot_id FROM qualification q, funding_round r WHERE q.id = $1 AND r.id = $2`,
      [app.qualificationId, app.roundId],
    );
    const { reserved } = await this.funding.reserve(manager, { applicationId: app.id, roundId: app.roundId, potId: pot_id, amountPence: bursary_pence, actor });
    if (reserved) {
      await moveApplication(manager, app, 'offered', 'staff', actor, reason, this.clock.now());
      await this.outbox.add(manager, { topic: TOPIC.offerMade, recipientUserId: app.applicantId, data: { applicationId: app.id, reference: app.reference, amountPence: bursary_pence } });
      // Made just now, in this transaction: the expiry the applicant will see runs from this transition.
      const [{ at }] = await manager.query(`SELECT at FROM application_transition WHERE application_id = $1 AND to_status = 'offered' ORDER BY id DESC LIMIT 1`, [app.id]);
      return { status: app.status, offer: offerView(bursary_pence, at, this.config.programme.offerExpiryDays) };
    }
    if (app.status !== 'waitlisted') {
      await moveApplication(manager, app, 'waitlisted', 'staff', actor, { code: 'insufficient_funds', note: reason.note }, this.clock.now());
      await this.outbox.add(manager, { topic: TOPIC.waitlisted, recipientUserId: app.applicantId, data: { applicationId: app.id, reference: app.reference, reason: 'insufficient_funds' } });
    }
    return { status: app.status, reason: 'insufficient_funds' as const };
  }

  private async waitlist(manager: EntityManager, app: Application, actor: Actor, reason: { code: string; note?: string }) {
    await moveApplication(manager, app, 'waitlisted', 'staff', actor, reason, this.clock.now());
    await this.outbox.add(manager, { topic: TOPIC.waitlisted, recipientUserId: app.applicantId, data: { applicationId: app.id, reference: app.reference } });
    return { status: app.status };
  }

  /** Upholds (back to review) or dismisses (back to the outcome appealed) an appeal. */
  async decideAppeal(appealId: string, input: { decision: 'uphold' | 'dismiss'; note: string }, actor: Actor): Promise<{ status: ApplicationStatus }> {
    return this.dataSource.transaction(async (manager) => {
      const appeal = await manager.findOne(Appeal, { where: { id: appealId }, lock: { mode: 'pessimistic_write' } });
      if (!appeal || appeal.decision) throw new IntakeError('appeal_not_found', 'No open appeal with that id');
      await assertNoConflict(manager, appeal.applicationId, actor.userId);
      const app = await manager.findOneOrFail(Application, { where: { id: appeal.applicationId }, lock: { mode: 'pessimistic_write' } });
      const to: ApplicationStatus = input.decision === 'uphold' ? 'under_review' : appeal.previousStatus;
      await moveApplication(manager, app, to, 'staff', actor, { code: `appeal_${input.decision === 'uphold' ? 'upheld' : 'dismissed'}`, note: input.note }, this.clock.now());
      Object.assign(appeal, { decision: input.decision, decidedBy: actor.userId ?? null, decidedAt: this.clock.now(), note: input.note });
      await manager.save(appeal);
      await this.outbox.add(manager, { topic: TOPIC.appealOutcome, recipientUserId: app.applicantId, data: { applicationId: app.id, reference: app.reference, decision: input.decision } });
      await this.audit.record(manager, actor, { action: `appeal.${input.decision}`, target: { type: 'application', id: app.id }, before: { status: 'appealed' }, after: { status: to } });
      return { status: to };
    });
  }

  /** One appeal, open or decided. */
  async appeal(appealId: string): Promise<AppealView> {
    const [r] = await this.dataSource.query(
      `SELECT ap.*, a.reference FROM appeal ap JOIN application a ON a.id = ap.application_id WHERE ap.id = $1`,
      [appealId],
    );
    if (!r) throw new IntakeError('appeal_not_found', 'No appeal with that id');
    return {
      ...appealSummary(r),
      decision: r.decision ?? null,
      decidedAt: r.decided_at ? (r.decided_at as Date).toISOString() : null,
      note: r.note ?? null,
    };
  }

  /** Open appeals, oldest first. */
  async openAppeals() {
    const rows = await this.dataSource.query(
      `SELECT ap.id, ap.application_id, a.reference, ap.statement, ap.previous_status, ap.submitted_at
       FROM appeal ap JOIN application a ON a.id = ap.application_id WHERE ap.decision IS NULL ORDER BY ap.submitted_at`,
    );
    return rows.map(appealSummary);
  }

  /**
   * Runs a (draft) rule set over the submitted applications of a round, using
   * the facts stored at submission, and reports how many outcomes would
   * change and which rules cause it. Nothing is written.
   */
  async whatIf(roundId: string, ruleSetVersion: string): Promise<WhatIfReport> {
    const [round] = await this.dataSource.query(`SELECT rule_set_version FROM funding_round WHERE id = $1`, [roundId]);
    if (!round) throw new IntakeError('round_not_found', 'No funding round with that id');
    const rows: { id: string; facts: EligibilityFacts }[] = await this.dataSource.query(
      `SELECT id, facts FROM application WHERE round_id = $1 AND facts IS NOT NULL`,
      [roundId],
    );
    return whatIf(await this.ruleSets.get(round.rule_set_version), await this.ruleSets.get(ruleSetVersion), rows.map((r) => ({ applicationId: r.id, facts: r.facts })));
  }
}

/** An appeal as the queue and its page show it, from a row of appeal joined to its application's reference. */
function appealSummary(r: Record<string, unknown>) {
  return {
    id: r.id as string,
    applicationId: r.application_id as string,
    reference: r.reference as string,
    statement: r.statement as string,
    previousStatus: r.previous_status as ApplicationStatus,
    submittedAt: (r.submitted_at as Date).toISOString(),
  };
}

const QUEUE_SELECT = `
  SELECT a.id, a.reference, a.status, a.round_id, a.qualification_id, a.applicant_id, a.priority_score, a.priority_breakdown, a.submitted_at,
         a.employer_support_name, a.employer_support_email, a.statement, a.facts, a.eligibility,
         d.reference AS duplicate_reference, p.full_name, p.region, p.job_role,
         ql.level AS qualification_level, a.assigned_to, ua.full_name AS assigned_name, a.held_at
  ${QUEUE_FROM}
  LEFT JOIN application d ON d.id = a.duplicate_of
  LEFT JOIN user_account ua ON ua.id = a.assigned_to`;

const CANDIDATE_SELECT = `
  SELECT a.id, a.reference, a.status, a.held_at, a.priority_score, a.submitted_at, r.pot_id, q.bursary_pence, p.full_name
  FROM application a JOIN funding_round r ON r.id = a.round_id JOIN qualification q ON q.id = a.qualification_id
  LEFT JOIN applicant_profile p ON p.user_id = a.applicant_id`;

function candidate(r: Record<string, unknown>): BulkCandidate {
  return {
    id: r.id as string,
    reference: r.reference as string,
    applicantName: (r.full_name as string) ?? null,
    status: r.status as ApplicationStatus,
    held: !!r.held_at,
    priorityScore: (r.priority_score as number) ?? null,
    submittedAt: r.submitted_at ? (r.submitted_at as Date).toISOString() : null,
    potId: (r.pot_id as string) ?? null,
    bursaryPence: Number(r.bursary_pence),
  };
}

function queueItem(r: Record<string, unknown>): QueueItem {
  const e = r.eligibility as StoredEligibility | null;
  return {
    id: r.id as string,
    reference: r.reference as string,
    status: r.status as ApplicationStatus,
    roundId: r.round_id as string,
    qualificationId: r.qualification_id as string,
    applicantName: (r.full_name as string) ?? null,
    region: (r.region as string) ?? null,
    currentRole: (r.job_role as string) ?? null,
    priorityScore: (r.priority_score as number) ?? null,
    eligibilityOutcome: e?.outcome ?? null,
    duplicateOf: (r.duplicate_reference as string) ?? null,
    submittedAt: r.submitted_at ? (r.submitted_at as Date).toISOString() : null,
    qualificationLevel: (r.qualification_level as number) ?? null,
    assignedTo: r.assigned_to ? { id: r.assigned_to as string, name: r.assigned_name as string } : null,
    heldAt: r.held_at ? (r.held_at as Date).toISOString() : null,
  };
}

export { STATUSES };
