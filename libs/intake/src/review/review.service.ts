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
import { historyOf, offerView, type HistoryEntry, type OfferView, type StoredEligibility } from '../applications/application-view';
import { STATUSES, type ApplicationStatus } from '../applications/status';
import { moveApplication } from '../applications/transitions';
import { OfferFunding } from './offer-funding';
import { REASON_CODES, type Decision } from './reason-codes';

export interface QueueQuery {
  status?: ApplicationStatus;
  roundId?: string;
  page?: number;
}

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
}

export interface ApplicationDetail extends QueueItem {
  applicantId: string;
  employerSupport: { name: string; email: string } | null;
  statement: string | null;
  facts: EligibilityFacts | null;
  eligibility: StoredEligibility | null;
  history: HistoryEntry[];
  appeals: { id: string; statement: string; submittedAt: string; decision: string | null; note: string | null }[];
}

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

  /** Applications, highest priority first, then oldest submission. Drafts are the applicant's own business. */
  async queue(query: QueueQuery): Promise<{ items: QueueItem[]; total: number }> {
    const page = Math.max(1, query.page ?? 1);
    const where: string[] = [`a.status <> 'draft'`];
    const params: unknown[] = [];
    if (query.status) where.push(`a.status = $${params.push(query.status)}`);
    if (query.roundId) where.push(`a.round_id = $${params.push(query.roundId)}`);
    const filter = where.join(' AND ');
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM application a WHERE ${filter}`, params);
    const rows = await this.dataSource.query(
      `${QUEUE_SELECT} WHERE ${filter} ORDER BY a.priority_score DESC NULLS LAST, a.submitted_at ASC, a.id
       LIMIT ${QUEUE_PAGE_SIZE} OFFSET ${(page - 1) * QUEUE_PAGE_SIZE}`,
      params,
    );
    return { items: rows.map(queueItem), total };
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
      employerSupport: row.employer_support_name ? { name: row.employer_support_name, email: row.employer_support_email } : null,
      statement: row.statement,
      facts: row.facts,
      eligibility: row.eligibility,
      history: historyOf(history),
      appeals: appeals.map((a) => ({ id: a.id, statement: a.statement, submittedAt: a.submittedAt.toISOString(), decision: a.decision, note: a.note })),
    };
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
      const app = await manager.findOne(Application, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!app) throw new IntakeError('application_not_found', 'No application with that id');
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

  /** Open appeals, oldest first. */
  async openAppeals() {
    const rows = await this.dataSource.query(
      `SELECT ap.id, ap.application_id, a.reference, ap.statement, ap.previous_status, ap.submitted_at
       FROM appeal ap JOIN application a ON a.id = ap.application_id WHERE ap.decision IS NULL ORDER BY ap.submitted_at`,
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id,
      applicationId: r.application_id,
      reference: r.reference,
      statement: r.statement,
      previousStatus: r.previous_status,
      submittedAt: (r.submitted_at as Date).toISOString(),
    }));
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

const QUEUE_SELECT = `
  SELECT a.id, a.reference, a.status, a.round_id, a.qualification_id, a.applicant_id, a.priority_score, a.submitted_at,
         a.employer_support_name, a.employer_support_email, a.statement, a.facts, a.eligibility,
         d.reference AS duplicate_reference, p.full_name, p.region, p.job_role
  FROM application a
  LEFT JOIN applicant_profile p ON p.user_id = a.applicant_id
  LEFT JOIN application d ON d.id = a.duplicate_of`;

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
  };
}

export { STATUSES };
