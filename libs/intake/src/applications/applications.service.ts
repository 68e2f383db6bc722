import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig, Clock, type WorkforceFramework } from '@app/config';
import type { Decision, EligibilityFacts } from '@app/eligibility';
import type { Actor } from '@app/identity';
import { OutboxService, TOPIC } from '@app/notifications';
import { Appeal, Application, ApplicationTransition } from '../entities';
import { eligibilityFacts, priorityBreakdown, priorityParts, type PriorityPart } from '../eligibility/facts';
import { SubmissionPriority } from './submission-priority';
import { RuleSets } from '../eligibility/rule-sets';
import { OfferFunding } from '../review/offer-funding';
import { offerHasExpired } from '../review/offer-expiry';
import { IntakeError } from '../intake.error';
import { applicationView, offerView, type ApplicationView, type StoredEligibility } from './application-view';
import { auditMove, moveApplication, recordTransition } from './transitions';
import type { ApplicationStatus } from './status';
import type { ProfileInput } from '../profile/profile.service';

export interface DraftChanges {
  qualificationId?: string;
  employerSupport?: { name: string; email: string } | null;
  statement?: string | null;
}

/** What the task list knows of a draft beyond its view: the declaration and whether employer support was answered. */
export interface TaskAnswers {
  declaredAt: string | null;
  employerSupportAnswered: boolean;
}

/** The profile kept with an application when it was submitted, in ProfileInput's names. */
export type SubmittedAnswers = Omit<ProfileInput, 'employerOdsCode'> & { employerOdsCode: string | null };

/** Days after an ineligible or rejected outcome in which the applicant may appeal. */
export const APPEAL_WINDOW_DAYS = 28;

const OUTCOME_STATUS: Record<Decision['outcome'], ApplicationStatus> = { eligible: 'under_review', refer: 'referred', ineligible: 'ineligible' };

/** Everything the submit step needs, read in one statement (SUBMIT_QUERY). */
export interface SubmitRow {
  id: string;
  reference: string;
  status: ApplicationStatus;
  applicant_id: string;
  round_id: string;
  opens_at: Date;
  closes_at: Date;
  rule_set_version: string;
  level: number;
  offered: boolean;
  employer_support_name: string | null;
  employer_support_email: string | null;
  email_verified: boolean;
  has_profile: boolean;
  date_of_birth: string;
  postcode: string;
  region: string;
  job_role: string;
  employer_ods_code: string | null;
  years_in_role: number;
  highest_qualification_level: number;
  has_level2_english_and_maths: boolean;
  funded_levels: number[] | null;
  duplicate_id: string | null;
  duplicate_reference: string | null;
}

/**
 * An applicant's own applications: drafts, submission (with the eligibility
 * decision), withdrawal, answering an offer, and appeals. Every id is scoped
 * to the applicant: someone else's application is not found.
 */
@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly ruleSets: RuleSets,
    private readonly outbox: OutboxService,
    private readonly funding: OfferFunding,
    private readonly clock: Clock,
    // Absent (the worker, a bench server): the fixed weights alone.
    @Optional() private readonly submissionPriority?: SubmissionPriority,
  ) {}

  /** Starts a draft for a qualification in an open round. */
  async create(actor: Actor, input: { roundId: string; qualificationId: string }): Promise<{ id: string; reference: string; status: ApplicationStatus }> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const [round] = await manager.query(
        `SELECT r.opens_at <= $3 AND r.closes_at > $3 AS open,
                EXISTS (SELECT 1 FROM round_qualification rq JOIN qualification q ON q.id = rq.qualification_id WHERE rq.round_id = r.id AND rq.qualification_id = $2 AND q.retired_at IS NULL) AS offered
         FROM funding_round r WHERE r.id = $1`,
        [input.roundId, input.qualificationId, now],
      );
      if (!round) throw new IntakeError('round_not_found', 'No funding round with that id', [{ field: 'roundId', message: 'is not a funding round' }]);
      if (!round.open) throw new IntakeError('round_not_open', 'This funding round is not taking applications now', [{ field: 'roundId', message: 'is not open' }]);
      if (!round.offered) throw new IntakeError('qualification_not_in_round', 'That qualification is not offered in this round', [{ field: 'qualificationId', message: 'is not offered in this round' }]);
      let created: { id: string; reference: string }[];
      try {
        created = await manager.query(
          `INSERT INTO application (reference, applicant_id, round_id, qualification_id)
           VALUES ($1 || '-' || to_char($5::timestamptz, 'YYYY') || '-' || lpad(nextval('application_reference_seq')::text, 6, '0'), $2, $3, $4)
           RETURNING id, reference`,
          [this.config.programme.shortName, actor.userId, input.roundId, input.qualificationId, now],
        );
      } catch (err) {
        if ((err as { driverError?: { code?: string } }).driverError?.code === '23505') {
          throw new IntakeError('already_applied', 'You already have an application in this round', [{ field: 'roundId', message: 'already has your application' }]);
        }
        throw err;
      }
      await recordTransition(manager, created[0].id, null, 'draft', 'applicant', actor, {}, now);
      return { ...created[0], status: 'draft' as const };
    });
  }

  /** Changes a draft; a submitted application cannot be changed. */
  async update(actor: Actor, id: string, changes: DraftChanges): Promise<ApplicationView> {
    await this.dataSource.transaction(async (manager) => {
      const app = await this.own(manager, actor, id, true);
      if (app.status !== 'draft') throw new IntakeError('not_draft', 'Only a draft can be changed; this application has been submitted');
      if (changes.qualificationId && changes.qualificationId !== app.qualificationId) {
        const [offered] = await manager.query(`SELECT 1 FROM round_qualification rq JOIN qualification q ON q.id = rq.qualification_id WHERE rq.round_id = $1 AND rq.qualification_id = $2 AND q.retired_at IS NULL`, [app.roundId, changes.qualificationId]);
        if (!offered) throw new IntakeError('qualification_not_in_round', 'That qualification is not offered in this round', [{ field: 'qualificationId', message: 'is not offered in this round' }]);
        app.qualificationId = changes.qualificationId;
      }
      if (changes.employerSupport !== undefined) {
        app.employerSupportName = changes.employerSupport?.name ?? null;
        app.employerSupportEmail = changes.employerSupport?.email ?? null;
        app.employerSupportAnsweredAt = this.clock.now();
      }
      if (changes.statement !== undefined) app.statement = changes.statement;
      await manager.save(app);
    });
    return this.get(actor, id);
  }

  /**
   * Records the applicant's declaration that the draft's answers are true
   * and that they will tell the programme if they change.
   */
  async declare(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const app = await this.own(manager, actor, id, true);
      if (app.status !== 'draft') throw new IntakeError('not_draft', 'Only a draft can be changed; this application has been submitted');
      app.declaredAt = this.clock.now();
      await manager.save(app);
    });
  }

  /** The declaration and the employer support answer of one of the applicant's applications. */
  async taskAnswers(actor: Actor, id: string): Promise<TaskAnswers> {
    const app = await this.own(this.dataSource.manager, actor, id, false);
    return { declaredAt: app.declaredAt?.toISOString() ?? null, employerSupportAnswered: !!app.employerSupportAnsweredAt || !!app.employerSupportName };
  }

  /** The profile as it was when the applicant submitted the application; null for a draft (or one submitted before it was kept). */
  async submittedAnswers(actor: Actor, id: string): Promise<SubmittedAnswers | null> {
    const p = (await this.own(this.dataSource.manager, actor, id, false)).submittedProfile as Record<string, never> | null;
    if (!p) return null;
    return {
      fullName: p.full_name,
      dateOfBirth: p.date_of_birth,
      postcode: p.postcode,
      region: p.region,
      currentRole: p.job_role,
      employerOdsCode: p.employer_ods_code,
      yearsInRole: p.years_in_role,
      highestQualificationLevel: p.highest_qualification_level,
      hasLevel2EnglishAndMaths: p.has_level2_english_and_maths,
      skills: p.skills,
    };
  }

  /**
   * Submits a draft: the round's rule set decides eligibility from the
   * applicant's profile, the decision and every rule's result are stored,
   * and the application moves to under review, referred or ineligible.
   */
  async submit(actor: Actor, id: string): Promise<{ status: ApplicationStatus; eligibility: Pick<StoredEligibility, 'outcome' | 'ruleSetVersion' | 'reasons'> }> {
    return this.dataSource.transaction(async (manager) => {
      const [row]: SubmitRow[] = await manager.query(SUBMIT_QUERY, [id, actor.userId]);
      if (!row) throw new IntakeError('application_not_found', 'No application with that id');
      if (row.status !== 'draft') throw new IntakeError('not_draft', 'This application has already been submitted');
      const now = this.clock.now();
      if (now < row.opens_at || now >= row.closes_at) throw new IntakeError('round_not_open', 'This funding round has closed: the draft can no longer be submitted');
      if (!row.email_verified) throw new IntakeError('email_not_verified', 'Confirm your email address before you submit: use the link we emailed you');
      if (!row.has_profile) throw new IntakeError('profile_missing', 'Fill in your profile (PUT /me/profile) before you submit');

      const { facts, parts } = submitFacts(row, now, this.config.workforce);
      const breakdown = priorityBreakdown(parts, (await this.submissionPriority?.gapPart(manager, id)) ?? null);
      const decision = (await this.ruleSets.getPublished(row.rule_set_version)).evaluate(facts);
      if (row.duplicate_reference) {
        // The same person applying twice goes to a person, with the match named.
        decision.reasons.push({ code: 'possible_duplicate', message: `This looks like the same person as application ${row.duplicate_reference}` });
        if (decision.outcome === 'eligible') decision.outcome = 'refer';
      }
      const eligibility: StoredEligibility = { ...decision, decidedAt: now.toISOString() };
      const to = OUTCOME_STATUS[decision.outcome];
      await manager.query(
        `UPDATE application SET status = $2, facts = $3, eligibility = $4, priority_score = $5, duplicate_of = $6, submitted_at = $7, updated_at = $7, priority_breakdown = $8,
           -- Submitting through the API is the applicant's declaration; the portal asks for it as its own task first.
           declared_at = COALESCE(declared_at, $7),
           submitted_profile = (SELECT to_jsonb(p) - 'email_normalised' - 'user_id' FROM applicant_profile p WHERE p.user_id = application.applicant_id)
         WHERE id = $1 AND status = 'draft'`,
        [id, to, facts, eligibility, breakdown.total, row.duplicate_id, now, breakdown],
      );
      await manager.query(
        `INSERT INTO application_transition (application_id, from_status, to_status, actor_id, actor_role, reason_code, at)
         VALUES ($1, 'draft', 'submitted', $2, 'applicant', NULL, $5), ($1, 'submitted', $3, NULL, 'system', $4, $5)`,
        [id, actor.userId, to, `eligibility_${decision.outcome}`, now],
      );
      // Two moves in one statement above, so two audit rows: the applicant's submission, then the system's eligibility decision.
      await auditMove(manager, id, 'draft', 'submitted', 'applicant', actor, {});
      await auditMove(manager, id, 'submitted', to, 'system', actor, { code: `eligibility_${decision.outcome}` });
      const topic = { eligible: TOPIC.applicationSubmitted, refer: TOPIC.referred, ineligible: TOPIC.eligibilityOutcome }[decision.outcome];
      await this.outbox.add(manager, { topic, recipientUserId: row.applicant_id, data: { applicationId: id, reference: row.reference, outcome: decision.outcome } });
      return { status: to, eligibility: { outcome: eligibility.outcome, ruleSetVersion: eligibility.ruleSetVersion, reasons: eligibility.reasons } };
    });
  }

  /**
   * Withdraws an application at any stage before it is final. Money it held
   * goes back to the pot, and the round's waiting list moves up.
   */
  async withdraw(actor: Actor, id: string, reason: string): Promise<ApplicationView> {
    await this.dataSource.transaction(async (manager) => {
      const app = await this.own(manager, actor, id, true);
      if (app.status === 'enrolled') throw new IntakeError('withdraw_through_provider', 'You are enrolled with a training provider: ask them to report your withdrawal');
      await moveApplication(manager, app, 'withdrawn', 'applicant', actor, { code: 'withdrawn_by_applicant', note: reason }, this.clock.now());
      await this.releaseAndPromote(manager, app, 'application withdrawn', actor);
    });
    return this.get(actor, id);
  }

  /** Accepts or declines an offer; a declined offer's money goes to the waiting list. */
  async answerOffer(actor: Actor, id: string, answer: 'accepted' | 'declined'): Promise<{ status: ApplicationStatus }> {
    return this.dataSource.transaction(async (manager) => {
      const app = await this.own(manager, actor, id, true);
      // Expired by the worker's schedule, or past its date and not yet marked: either way its own code (409, as other moves refused).
      if (app.status === 'expired' || (app.status === 'offered' && answer === 'accepted' && (await this.offerExpired(manager, app.id)))) {
        throw new IntakeError('offer_expired', 'This offer has expired');
      }
      await moveApplication(manager, app, answer, 'applicant', actor, {}, this.clock.now());
      if (answer === 'declined') await this.releaseAndPromote(manager, app, 'offer declined', actor);
      return { status: app.status };
    });
  }

  /** Releases what the application held; the budget offers the money to the waiting list in the same transaction. */
  async releaseAndPromote(manager: EntityManager, app: { id: string; roundId: string }, reason: string, actor: Actor | null): Promise<void> {
    await this.funding.release(manager, app.id, reason, actor);
  }

  private async offerExpired(manager: EntityManager, id: string): Promise<boolean> {
    const [row] = await manager.query(`SELECT max(at) AS offered_at FROM application_transition WHERE application_id = $1 AND to_status = 'offered'`, [id]);
    return !!row?.offered_at && offerHasExpired(new Date(row.offered_at), this.clock.now(), this.config.programme.offerExpiryDays);
  }

  /** Appeals an ineligible or rejected outcome within 28 days. */
  async appeal(actor: Actor, id: string, statement: string): Promise<{ appealId: string; status: ApplicationStatus }> {
    return this.dataSource.transaction(async (manager) => {
      const app = await this.own(manager, actor, id, true);
      if (app.status !== 'ineligible' && app.status !== 'rejected') {
        throw new IntakeError('invalid_transition', 'Only an ineligible or rejected application can be appealed');
      }
      const [outcome] = await manager.query(
        `SELECT at FROM application_transition WHERE application_id = $1 AND to_status = $2 ORDER BY id DESC LIMIT 1`,
        [id, app.status],
      );
      if (outcome && this.clock.now().getTime() - new Date(outcome.at).getTime() > APPEAL_WINDOW_DAYS * 86_400_000) {
        throw new IntakeError('appeal_window_closed', `Appeals must be made within ${APPEAL_WINDOW_DAYS} days of the decision`);
      }
      const previous = app.status;
      await moveApplication(manager, app, 'appealed', 'applicant', actor, { code: 'appeal_submitted' }, this.clock.now());
      const appeal = manager.create(Appeal, { applicationId: id, statement, previousStatus: previous });
      await manager.save(appeal);
      return { appealId: appeal.id, status: app.status };
    });
  }

  /** The applicant's applications, newest first. */
  async list(actor: Actor): Promise<ApplicationView[]> {
    const apps = await this.dataSource.getRepository(Application).find({ where: { applicantId: actor.userId! }, order: { createdAt: 'DESC' } });
    const history = await this.history(apps.map((a) => a.id));
    return apps.map((a) => applicationView(a, history.filter((h) => h.applicationId === a.id)));
  }

  /** One of the applicant's applications with its history; anyone else's is not found. */
  async get(actor: Actor, id: string): Promise<ApplicationView> {
    const app = await this.own(this.dataSource.manager, actor, id, false);
    const view = applicationView(app, await this.history([id]));
    return { ...view, ...(await this.offerOf(app, view)) };
  }

  /** The offer, while one stands or has been accepted: the bursary and when it expires. */
  private async offerOf(app: Application, view: ApplicationView): Promise<{ offer?: { amountPence: number; expiresAt: string } }> {
    if (!['offered', 'accepted', 'enrolled', 'completed', 'not_passed'].includes(app.status)) return {};
    const offeredAt = [...view.history].reverse().find((h) => h.status === 'offered')?.at;
    if (!offeredAt) return {};
    const [{ bursary_pence }] = await this.dataSource.query(`SELECT bursary_pence FROM qualification WHERE id = $1`, [app.qualificationId]);
    return { offer: offerView(bursary_pence, offeredAt, this.config.programme.offerExpiryDays) };
  }

  private async own(manager: EntityManager, actor: Actor, id: string, lock: boolean): Promise<Application> {
    const app = await manager.findOne(Application, { where: { id, applicantId: actor.userId! }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!app) throw new IntakeError('application_not_found', 'No application with that id');
    return app;
  }

  private history(ids: string[]): Promise<ApplicationTransition[]> {
    return this.dataSource
      .getRepository(ApplicationTransition)
      .createQueryBuilder('t')
      .where('t.application_id = ANY(:ids)', { ids })
      .orderBy('t.id', 'ASC')
      .getMany();
  }
}

/** The eligibility facts, the fixed priority parts and their score of a SUBMIT_QUERY row, judged on `now`. */
export function submitFacts(row: SubmitRow, now: Date, workforce: WorkforceFramework): { facts: EligibilityFacts; score: number; parts: PriorityPart[] } {
  const facts = eligibilityFacts(
    {
      profile: {
        dateOfBirth: row.date_of_birth,
        postcode: row.postcode,
        region: row.region,
        currentRole: row.job_role,
        employerOdsCode: row.employer_ods_code,
        yearsInRole: row.years_in_role,
        highestQualificationLevel: row.highest_qualification_level,
        hasLevel2EnglishAndMaths: row.has_level2_english_and_maths,
      },
      employerSupportNamed: !!(row.employer_support_name && row.employer_support_email),
      qualificationLevel: row.level,
      qualificationOffered: row.offered,
      fundedLevels: row.funded_levels ?? [],
      on: now,
    },
    workforce,
  );
  const parts = priorityParts({ region: row.region, currentRole: row.job_role, highestQualificationLevel: row.highest_qualification_level }, workforce);
  return { facts, score: priorityBreakdown(parts, null).total, parts };
}

/**
 * The application, its round and qualification, the profile, whether the
 * email is confirmed, the levels this programme already funded for the
 * person, and any other person's application that looks like theirs.
 */
export const SUBMIT_QUERY = `
  SELECT a.id, a.reference, a.status, a.applicant_id, a.round_id, a.employer_support_name, a.employer_support_email,
         r.opens_at, r.closes_at, r.rule_set_version, q.level,
         EXISTS (SELECT 1 FROM round_qualification rq WHERE rq.round_id = a.round_id AND rq.qualification_id = a.qualification_id) AS offered,
         u.email_verified_at IS NOT NULL AS email_verified,
         p.user_id IS NOT NULL AS has_profile,
         to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, p.postcode, p.region, p.job_role, p.employer_ods_code,
         p.years_in_role, p.highest_qualification_level, p.has_level2_english_and_maths,
         (SELECT array_agg(fq.level) FROM application f JOIN qualification fq ON fq.id = f.qualification_id
           WHERE f.applicant_id = a.applicant_id AND f.id <> a.id AND f.status IN ('accepted', 'enrolled', 'completed')) AS funded_levels,
         d.id AS duplicate_id, d.reference AS duplicate_reference
  FROM application a
  JOIN funding_round r ON r.id = a.round_id
  JOIN qualification q ON q.id = a.qualification_id
  JOIN user_account u ON u.id = a.applicant_id
  LEFT JOIN applicant_profile p ON p.user_id = a.applicant_id
  LEFT JOIN LATERAL (
    SELECT o.id, o.reference FROM application o JOIN applicant_profile op ON op.user_id = o.applicant_id
    WHERE o.applicant_id <> a.applicant_id AND o.status NOT IN ('draft', 'withdrawn')
      AND (op.email_normalised = p.email_normalised
           OR (lower(op.full_name) = lower(p.full_name) AND op.date_of_birth = p.date_of_birth AND op.postcode = p.postcode))
    ORDER BY o.submitted_at LIMIT 1
  ) d ON true
  WHERE a.id = $1 AND a.applicant_id = $2
  FOR UPDATE OF a`;
