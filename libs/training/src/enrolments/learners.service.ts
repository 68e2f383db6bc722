import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TrainingError } from '../training.error';
import type { PaymentKind } from '../payments/payments-due';
import { ENROLMENT_STATUSES, type EnrolmentStatus } from './enrolment-status';

/** How many enrolments the programme team's list shows at a time. */
export const LEARNERS_PAGE_SIZE = 50;

export interface LearnerFilters {
  providerId?: string;
  cohortId?: string;
  qualificationId?: string;
  status?: EnrolmentStatus;
  /** From 1. */
  page?: number;
}

/** One enrolment as the programme team lists it. */
export interface EnrolmentListing {
  enrolmentId: string;
  learnerName: string | null;
  applicationId: string;
  applicationReference: string;
  providerId: string;
  providerName: string;
  cohortId: string;
  cohortName: string;
  qualificationId: string;
  qualificationTitle: string;
  status: EnrolmentStatus;
  startDate: string | null;
  outcome: string | null;
}

/** One report in an enrolment's history, as staff read it: the move it made, who made it, and its void if voided. */
export interface StaffReport {
  id: string;
  type: string;
  milestone: string | null;
  outcome: string | null;
  date: string | null;
  reasonCode: string | null;
  note: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  reportedByRole: string | null;
  at: string;
  voided: boolean;
  voidedAt: string | null;
  voidReason: string | null;
  voidedByRole: string | null;
}

export interface StaffPayment {
  id: string;
  kind: PaymentKind;
  /** The progress milestone a milestone payment is for. */
  milestone: string | null;
  amountPence: number;
  dueOn: string;
  paidAt: string | null;
  voided: boolean;
}

/** One enrolment in full, for the programme team. */
export interface EnrolmentDetail extends EnrolmentListing {
  applicationStatus: string;
  completedOn: string | null;
  certificateReference: string | null;
  lastReportAt: string | null;
  cohortStartDate: string;
  cohortCancelled: boolean;
  bursaryPence: number;
  /** The latest progress milestone reported (not voided), if any. */
  latestMilestone: string | null;
  reports: StaffReport[];
  payments: StaffPayment[];
}

/** An accepted applicant waiting for a place: never placed, or turned down by a provider (or their cohort cancelled). */
export interface AwaitingPlacement {
  applicationId: string;
  applicationReference: string;
  learnerName: string | null;
  qualificationId: string;
  qualificationTitle: string;
  /** Why they are waiting again, when they had a place: the provider turned them down, or the cohort was cancelled. */
  previous: { providerName: string; cohortName: string; reason: 'decline' | 'cohort_cancelled'; reasonCode: string | null } | null;
}

const LISTING_SQL = `
  SELECT e.id, COALESCE(p.full_name, u.full_name) AS learner_name, e.application_id, a.reference, e.provider_id, tp.name AS provider_name,
         e.cohort_id, c.name AS cohort_name, c.qualification_id, q.title AS qualification_title, e.status,
         to_char(e.start_date, 'YYYY-MM-DD') AS start_date, e.outcome
  FROM enrolment e
  JOIN cohort c ON c.id = e.cohort_id
  JOIN qualification q ON q.id = c.qualification_id
  JOIN training_provider tp ON tp.id = e.provider_id
  JOIN application a ON a.id = e.application_id
  JOIN user_account u ON u.id = a.applicant_id
  LEFT JOIN applicant_profile p ON p.user_id = a.applicant_id`;

const listing = (r: Record<string, unknown>): EnrolmentListing => ({
  enrolmentId: r.id as string,
  learnerName: (r.learner_name as string) ?? null,
  applicationId: r.application_id as string,
  applicationReference: r.reference as string,
  providerId: r.provider_id as string,
  providerName: r.provider_name as string,
  cohortId: r.cohort_id as string,
  cohortName: r.cohort_name as string,
  qualificationId: r.qualification_id as string,
  qualificationTitle: r.qualification_title as string,
  status: r.status as EnrolmentStatus,
  startDate: (r.start_date as string) ?? null,
  outcome: (r.outcome as string) ?? null,
});

/**
 * Learners as the programme team sees them: every enrolment, across
 * providers, filtered and paged; one enrolment in full with its reports
 * (voided ones marked) and payments due; the accepted applicants waiting for
 * a place. Read-only: the moves are EnrolmentsService's, CohortsService's and
 * ReportsService's.
 */
@Injectable()
export class LearnersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every enrolment matching the filters, by cohort start then learner name, a page at a time. */
  async list(filters: LearnerFilters): Promise<{ items: EnrolmentListing[]; total: number; page: number; pageSize: number }> {
    const page = Math.max(1, Math.floor(filters.page ?? 1));
    if (filters.status && !ENROLMENT_STATUSES.includes(filters.status)) throw new TrainingError('invalid_report', 'Unknown status', [{ field: 'status', message: 'is not an enrolment status' }]);
    const where = `WHERE ($1::uuid IS NULL OR e.provider_id = $1) AND ($2::uuid IS NULL OR e.cohort_id = $2) AND ($3::uuid IS NULL OR c.qualification_id = $3) AND ($4::text IS NULL OR e.status = $4)`;
    const params = [filters.providerId ?? null, filters.cohortId ?? null, filters.qualificationId ?? null, filters.status ?? null];
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(`${LISTING_SQL} ${where} ORDER BY c.start_date DESC, learner_name, e.id LIMIT ${LEARNERS_PAGE_SIZE} OFFSET $5`, [...params, (page - 1) * LEARNERS_PAGE_SIZE]),
      this.dataSource.query(`SELECT count(*)::int AS total FROM enrolment e JOIN cohort c ON c.id = e.cohort_id ${where}`, params),
    ]);
    return { items: rows.map(listing), total, page, pageSize: LEARNERS_PAGE_SIZE };
  }

  /** How many of a cohort's enrolments are in each status (statuses with none are absent). */
  async countsOnCohort(cohortId: string): Promise<Partial<Record<EnrolmentStatus, number>>> {
    const rows: { status: EnrolmentStatus; n: number }[] = await this.dataSource.query(`SELECT status, count(*)::int AS n FROM enrolment WHERE cohort_id = $1 GROUP BY status`, [cohortId]);
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** One enrolment in full; not found for an unknown id. */
  async get(enrolmentId: string): Promise<EnrolmentDetail> {
    const [row] = await this.dataSource.query(
      `SELECT x.*, a.status AS application_status, to_char(e.completed_on, 'YYYY-MM-DD') AS completed_on, e.certificate_reference, e.last_report_at,
              to_char(c.start_date, 'YYYY-MM-DD') AS cohort_start_date, c.cancelled_at IS NOT NULL AS cohort_cancelled, q.bursary_pence
       FROM (${LISTING_SQL} WHERE e.id = $1) x
       JOIN enrolment e ON e.id = x.id JOIN application a ON a.id = e.application_id JOIN cohort c ON c.id = e.cohort_id JOIN qualification q ON q.id = c.qualification_id`,
      [enrolmentId],
    );
    if (!row) throw new TrainingError('enrolment_not_found', 'No learner with that enrolment id');
    const [reports, payments] = await Promise.all([
      this.dataSource.query(
        `SELECT id, type, milestone, outcome, to_char(on_date, 'YYYY-MM-DD') AS on_date, reason_code, note, from_status, to_status, reported_by_role, created_at,
                voided_at, void_reason, voided_by_role
         FROM enrolment_report WHERE enrolment_id = $1 ORDER BY id`,
        [enrolmentId],
      ),
      this.dataSource.query(
        `SELECT id, kind, milestone, amount_pence, to_char(due_on, 'YYYY-MM-DD') AS due_on, paid_at, voided_at FROM payment_due WHERE enrolment_id = $1 ORDER BY due_on, created_at`,
        [enrolmentId],
      ),
    ]);
    const history: StaffReport[] = reports.map((r: Record<string, unknown>) => ({
      id: String(r.id),
      type: r.type as string,
      milestone: (r.milestone as string) ?? null,
      outcome: (r.outcome as string) ?? null,
      date: (r.on_date as string) ?? null,
      reasonCode: (r.reason_code as string) ?? null,
      note: (r.note as string) ?? null,
      fromStatus: (r.from_status as string) ?? null,
      toStatus: (r.to_status as string) ?? null,
      reportedByRole: (r.reported_by_role as string) ?? null,
      at: (r.created_at as Date).toISOString(),
      voided: !!r.voided_at,
      voidedAt: r.voided_at ? (r.voided_at as Date).toISOString() : null,
      voidReason: (r.void_reason as string) ?? null,
      voidedByRole: (r.voided_by_role as string) ?? null,
    }));
    return {
      ...listing(row),
      applicationStatus: row.application_status,
      completedOn: row.completed_on ?? null,
      certificateReference: row.certificate_reference ?? null,
      lastReportAt: row.last_report_at ? (row.last_report_at as Date).toISOString() : null,
      cohortStartDate: row.cohort_start_date,
      cohortCancelled: row.cohort_cancelled,
      bursaryPence: row.bursary_pence,
      latestMilestone: history.filter((r) => r.type === 'progress' && !r.voided).at(-1)?.milestone ?? null,
      reports: history,
      payments: payments.map((p: Record<string, unknown>) => ({
        id: p.id as string,
        kind: p.kind as PaymentKind,
        milestone: (p.milestone as string | null) ?? null,
        amountPence: p.amount_pence as number,
        dueOn: p.due_on as string,
        paidAt: p.paid_at ? (p.paid_at as Date).toISOString() : null,
        voided: !!p.voided_at,
      })),
    };
  }

  /** Accepted applicants with no live place, oldest acceptance first: those never placed, and those turned down or whose cohort was cancelled. */
  async awaitingPlacement(applicationId?: string): Promise<AwaitingPlacement[]> {
    const rows = await this.dataSource.query(
      `SELECT a.id, a.reference, COALESCE(p.full_name, u.full_name) AS learner_name, a.qualification_id, q.title AS qualification_title,
              last.provider_name, last.cohort_name, last.report_type, last.reason_code
       FROM application a
       JOIN qualification q ON q.id = a.qualification_id
       JOIN user_account u ON u.id = a.applicant_id
       LEFT JOIN applicant_profile p ON p.user_id = a.applicant_id
       LEFT JOIN LATERAL (
         SELECT tp.name AS provider_name, c.name AS cohort_name, r.type AS report_type, r.reason_code
         FROM enrolment e JOIN cohort c ON c.id = e.cohort_id JOIN training_provider tp ON tp.id = e.provider_id
         LEFT JOIN LATERAL (SELECT type, reason_code FROM enrolment_report WHERE enrolment_id = e.id AND voided_at IS NULL ORDER BY id DESC LIMIT 1) r ON true
         WHERE e.application_id = a.id AND e.status = 'declined_by_provider'
         ORDER BY e.created_at DESC LIMIT 1
       ) last ON true
       WHERE a.status = 'accepted' AND ($1::uuid IS NULL OR a.id = $1)
       ORDER BY a.updated_at, a.reference`,
      [applicationId ?? null],
    );
    return rows.map((r: Record<string, unknown>) => ({
      applicationId: r.id as string,
      applicationReference: r.reference as string,
      learnerName: (r.learner_name as string) ?? null,
      qualificationId: r.qualification_id as string,
      qualificationTitle: r.qualification_title as string,
      previous: r.provider_name
        ? { providerName: r.provider_name as string, cohortName: r.cohort_name as string, reason: r.report_type === 'cohort_cancelled' ? 'cohort_cancelled' : 'decline', reasonCode: (r.reason_code as string) ?? null }
        : null,
    }));
  }

  /** Accepted applicants a provider turned down (or whose cohort was cancelled), still without a place: the staff home page's count. */
  async turnedDownCount(): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM application a
       WHERE a.status = 'accepted' AND EXISTS (SELECT 1 FROM enrolment e WHERE e.application_id = a.id AND e.status = 'declined_by_provider')`,
    );
    return row.n;
  }

  /** One applicant waiting for a place; not placeable if the application is not accepted. */
  async awaiting(applicationId: string): Promise<AwaitingPlacement> {
    const [found] = await this.awaitingPlacement(applicationId);
    if (!found) throw new TrainingError('not_placeable', 'Only an accepted offer that is not on a course can be placed on a cohort');
    return found;
  }
}
