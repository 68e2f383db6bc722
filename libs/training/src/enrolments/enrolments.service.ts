import { codeWords } from '@app/http';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { rowsOf } from '@app/database';
import { AuditService, type Actor } from '@app/identity';
import { ApplicationLifecycle, IntakeError } from '@app/intake';
import { OutboxService, TOPIC } from '@app/notifications';
import { TrainingError } from '../training.error';
import { recordPlacement } from './enrolment-moves';

export interface LearnerView {
  enrolmentId: string;
  applicationId: string;
  applicationReference: string;
  learnerName: string | null;
  /**
   * How the provider contacts the learner about starting: their account's
   * email and the profile's phone, if they gave one. Nothing else personal
   * reaches a provider. Null once the provider has turned them down: they are
   * then the programme team's to place, not this provider's to call.
   */
  learnerEmail: string | null;
  learnerPhone: string | null;
  cohortId: string;
  cohortName: string;
  qualificationId: string;
  status: string;
  startDate: string | null;
  outcome: string | null;
  completedOn: string | null;
  certificateReference: string | null;
  lastReportAt: string | null;
  reports: { id: string; type: string; milestone: string | null; outcome: string | null; date: string | null; reasonCode: string | null; voided: boolean; at: string }[];
}

/** What an applicant sees of their own place on a course. */
export interface ApplicantEnrolmentView {
  enrolmentId: string;
  status: string;
  cohortName: string;
  providerName: string;
  deliveryMode: string;
  /** When the cohort starts. */
  cohortStartDate: string;
  /** When the provider reported the learner started, once they have. */
  startDate: string | null;
  outcome: string | null;
  completedOn: string | null;
}

/**
 * Placing accepted offers on cohorts (by an admin, or the applicant choosing
 * one of the cohorts running their qualification) and showing providers
 * their own learners. A cohort's places are taken with a guarded UPDATE, so
 * the 21st learner in a 20-place cohort is refused however the requests interleave.
 */
@Injectable()
export class EnrolmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: ApplicationLifecycle,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** Places an accepted application on a cohort; `applicantId` limits it to the applicant's own. */
  async place(applicationId: string, cohortId: string, actor: Actor, as: { mover: 'staff' | 'applicant'; applicantId?: string }): Promise<{ enrolmentId: string }> {
    return this.dataSource.transaction(async (manager) => {
      const app = await this.lifecycle.lock(manager, applicationId);
      if (as.applicantId && app.applicantId !== as.applicantId) throw new IntakeError('application_not_found', 'No application with that id');
      if (app.status !== 'accepted') throw new TrainingError('not_placeable', `Only an accepted offer can be placed on a cohort; this application is ${codeWords(app.status)}`);
      const [cohort] = await manager.query(`SELECT id, provider_id, qualification_id, start_date, cancelled_at FROM cohort WHERE id = $1`, [cohortId]);
      if (!cohort) throw new TrainingError('cohort_not_found', 'No cohort with that id', [{ field: 'cohortId', message: 'is not a cohort' }]);
      if (cohort.cancelled_at) throw new TrainingError('cohort_cancelled', 'That cohort has been cancelled', [{ field: 'cohortId', message: 'has been cancelled' }]);
      if (cohort.qualification_id !== app.qualificationId) {
        throw new TrainingError('not_placeable', 'That cohort runs a different qualification from the one funded', [{ field: 'cohortId', message: 'runs a different qualification' }]);
      }
      const taken = rowsOf(await manager.query(`UPDATE cohort SET places_taken = places_taken + 1 WHERE id = $1 AND places_taken < capacity AND cancelled_at IS NULL RETURNING id`, [cohortId]));
      if (taken.length === 0) throw new TrainingError('cohort_full', 'That cohort is full', [{ field: 'cohortId', message: 'has no places left' }]);
      const [enrolment] = await manager.query(`INSERT INTO enrolment (application_id, cohort_id, provider_id) VALUES ($1, $2, $3) RETURNING id`, [
        applicationId,
        cohortId,
        cohort.provider_id,
      ]);
      await recordPlacement(manager, enrolment.id, actor);
      // Audited below as enrolment.placed (one row, naming the cohort), whoever placed them.
      await this.lifecycle.advance(manager, app, 'enrolled', as.mover, actor, { code: 'placed_on_cohort' }, { audited: true });
      // The learner hears they are enrolled; the provider's users hear they have a new learner.
      await this.outbox.add(manager, { topic: TOPIC.enrolmentConfirmed, recipientUserId: app.applicantId, data: { applicationId, enrolmentId: enrolment.id } });
      await this.outbox.addForAudience(manager, { providerId: cohort.provider_id }, { topic: TOPIC.learnerPlaced, data: { enrolmentId: enrolment.id } });
      await this.audit.record(manager, actor, { action: 'enrolment.placed', target: { type: 'application', id: applicationId }, after: { cohortId, enrolmentId: enrolment.id } });
      return { enrolmentId: enrolment.id };
    });
  }

  /** A provider's learners (optionally in one cohort), with each one's reports. */
  async learners(providerId: string, cohortId?: string, enrolmentId?: string): Promise<LearnerView[]> {
    const rows = await this.dataSource.query(
      `SELECT e.id, e.application_id, a.reference, p.full_name, u.email, p.phone, e.cohort_id, c.name AS cohort_name, c.qualification_id, e.status,
              to_char(e.start_date, 'YYYY-MM-DD') AS start_date, e.outcome, to_char(e.completed_on, 'YYYY-MM-DD') AS completed_on,
              e.certificate_reference, e.last_report_at
       FROM enrolment e JOIN cohort c ON c.id = e.cohort_id JOIN application a ON a.id = e.application_id
       JOIN user_account u ON u.id = a.applicant_id
       LEFT JOIN applicant_profile p ON p.user_id = a.applicant_id
       WHERE e.provider_id = $1 AND ($2::uuid IS NULL OR e.cohort_id = $2) AND ($3::uuid IS NULL OR e.id = $3)
       ORDER BY c.start_date, p.full_name`,
      [providerId, cohortId ?? null, enrolmentId ?? null],
    );
    const reports = rows.length
      ? await this.dataSource.query(
          `SELECT id, enrolment_id, type, milestone, outcome, to_char(on_date, 'YYYY-MM-DD') AS on_date, reason_code, voided_at, created_at
           FROM enrolment_report WHERE enrolment_id = ANY($1::uuid[]) ORDER BY id`,
          [rows.map((r: { id: string }) => r.id)],
        )
      : [];
    return rows.map((r: Record<string, unknown>) => {
      const contactable = r.status !== 'declined_by_provider';
      return {
        enrolmentId: r.id as string,
        applicationId: r.application_id as string,
        applicationReference: r.reference as string,
        learnerName: (r.full_name as string) ?? null,
        learnerEmail: contactable ? ((r.email as string) ?? null) : null,
        learnerPhone: contactable ? ((r.phone as string) ?? null) : null,
        cohortId: r.cohort_id as string,
        cohortName: r.cohort_name as string,
        qualificationId: r.qualification_id as string,
        status: r.status as string,
        startDate: (r.start_date as string) ?? null,
        outcome: (r.outcome as string) ?? null,
        completedOn: (r.completed_on as string) ?? null,
        certificateReference: (r.certificate_reference as string) ?? null,
        lastReportAt: r.last_report_at ? (r.last_report_at as Date).toISOString() : null,
        reports: reports
          .filter((x: { enrolment_id: string }) => x.enrolment_id === r.id)
          .map((x: Record<string, unknown>) => ({
            id: String(x.id),
            type: x.type as string,
            milestone: (x.milestone as string) ?? null,
            outcome: (x.outcome as string) ?? null,
            date: (x.on_date as string) ?? null,
            reasonCode: (x.reason_code as string) ?? null,
            voided: !!x.voided_at,
            at: (x.created_at as Date).toISOString(),
          })),
      };
    });
  }

  /**
   * The applicant's place for one of their own applications: the live
   * enrolment, or the latest one if none is live (a learner turned down and
   * not yet placed again). Undefined when the application has never been
   * placed, or is not the applicant's.
   */
  async ofApplication(applicantId: string, applicationId: string): Promise<ApplicantEnrolmentView | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT e.id, e.status, c.name AS cohort_name, p.name AS provider_name, c.delivery_mode,
              to_char(c.start_date, 'YYYY-MM-DD') AS cohort_start_date, to_char(e.start_date, 'YYYY-MM-DD') AS start_date,
              e.outcome, to_char(e.completed_on, 'YYYY-MM-DD') AS completed_on
       FROM enrolment e JOIN application a ON a.id = e.application_id JOIN cohort c ON c.id = e.cohort_id JOIN training_provider p ON p.id = e.provider_id
       WHERE e.application_id = $1 AND a.applicant_id = $2
       ORDER BY (e.status NOT IN ('declined_by_provider', 'withdrawn')) DESC, e.created_at DESC
       LIMIT 1`,
      [applicationId, applicantId],
    );
    if (!row) return undefined;
    return {
      enrolmentId: row.id,
      status: row.status,
      cohortName: row.cohort_name,
      providerName: row.provider_name,
      deliveryMode: row.delivery_mode,
      cohortStartDate: row.cohort_start_date,
      startDate: row.start_date ?? null,
      outcome: row.outcome ?? null,
      completedOn: row.completed_on ?? null,
    };
  }

  /** One learner of the provider's; another provider's id is not found. */
  async learner(providerId: string, enrolmentId: string): Promise<LearnerView> {
    const [found] = await this.learners(providerId, undefined, enrolmentId);
    if (!found) throw new TrainingError('enrolment_not_found', 'No learner with that enrolment id');
    return found;
  }
}
