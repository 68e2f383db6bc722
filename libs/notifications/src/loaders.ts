import { codeWords, humanise } from '@app/http';
import type { DataSource } from 'typeorm';
import { TOPIC, type Topic } from './topics';

/**
 * What a template needs beyond the ids in the outbox row, read at send time
 * from the tables that hold it (with SQL: this lib imports no other domain
 * lib). The queue and the outbox carry only ids, reference numbers, codes and
 * amounts; names, reasons and dates come from here.
 */
export type Loaded = Record<string, unknown>;

export interface LoaderContext {
  db: DataSource;
  data: Record<string, unknown>;
  offerExpiryDays: number;
  appealWindowDays: number;
  /** Reads an application row, batched with other emails being prepared at the same moment (optional). */
  application?: (id: string) => Promise<ApplicationRow | undefined>;
}

/** Thrown when what a message is about no longer exists: retrying cannot help. */
export class NothingToSay extends Error {}

type Loader = (c: LoaderContext) => Promise<Loaded>;

/** Plain-English wording for the review decision codes (libs/intake/src/review/reason-codes.ts). */
export const DECISION_REASONS: Record<string, string> = {
  not_a_programme_priority: 'Your application is not one of the programme’s priorities for this funding round.',
  insufficient_evidence: 'Your application did not include enough evidence to support it.',
  incomplete_application: 'Your application was not complete.',
  duplicate_application: 'You have already applied in this funding round.',
  outside_programme_scope: 'The training you applied for is outside what the programme funds.',
  not_eligible_on_review: 'When we reviewed your application, it did not meet the eligibility rules.',
  insufficient_funds: 'The money for this funding round is fully allocated at the moment.',
  awaiting_funds: 'The money for this funding round is fully allocated at the moment.',
  lower_priority: 'Other applications had a higher priority in this funding round.',
};

export function decisionReason(code: string | null | undefined): string {
  if (!code) return 'No reason was recorded.';
  return DECISION_REASONS[code] ?? `${humanise(code)}.`;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

export interface ApplicationRow {
  id: string;
  reference: string;
  status: string;
  eligibility: { outcome?: string; reasons?: { code: string; message: string }[] } | null;
  round_name: string;
  closes_at: Date;
  qualification_title: string;
  bursary_pence: number;
  offered_at: Date | null;
}

/** Applications by id, with their round and qualification, in the order asked (undefined where missing). */
export async function applicationRows(db: DataSource, ids: string[]): Promise<(ApplicationRow | undefined)[]> {
  const rows: ApplicationRow[] = await db.query(
    `SELECT a.id, a.reference, a.status, a.eligibility, r.name AS round_name, r.closes_at, q.title AS qualification_title, q.bursary_pence,
            (SELECT max(t.at) FROM application_transition t WHERE t.application_id = a.id AND t.to_status = 'offered') AS offered_at
     FROM application a JOIN funding_round r ON r.id = a.round_id JOIN qualification q ON q.id = a.qualification_id
     WHERE a.id = ANY($1::uuid[])`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id));
}

async function application(c: LoaderContext): Promise<Loaded> {
  const id = str(c.data.applicationId);
  if (!id) throw new NothingToSay('the message names no application');
  const a = c.application ? await c.application(id) : (await applicationRows(c.db, [id]))[0];
  if (!a) throw new NothingToSay(`application ${id} no longer exists`);
  const offeredAt: Date | null = a.offered_at;
  const eligibility = a.eligibility ?? null;
  return {
    application: {
      id: a.id,
      reference: a.reference,
      status: a.status,
      roundName: a.round_name,
      roundClosesAt: a.closes_at,
      qualificationTitle: a.qualification_title,
      // The offer's amount is the one recorded with the message when there is one (what was reserved).
      bursaryPence: typeof c.data.amountPence === 'number' ? c.data.amountPence : Number(a.bursary_pence),
      offerExpiresAt: offeredAt ? new Date(offeredAt.getTime() + c.offerExpiryDays * 86_400_000) : null,
      outcome: str(c.data.outcome) ?? eligibility?.outcome ?? null,
      reasons: (eligibility?.reasons ?? []).map((r) => r.message),
    },
  };
}

/** The latest decision that moved the application to one of `statuses`: its reason, note and the appeal deadline. */
async function decision(c: LoaderContext, statuses: string[]): Promise<Loaded> {
  const [t] = await c.db.query(
    // The staff or rules decision itself, not an appeal's return to it.
    `SELECT reason_code, note, at FROM application_transition
     WHERE application_id = $1 AND to_status = ANY($2) AND coalesce(reason_code, '') NOT LIKE 'appeal\\_%'
     ORDER BY id DESC LIMIT 1`,
    [c.data.applicationId, statuses],
  );
  const code = str(c.data.reasonCode) ?? t?.reason_code ?? null;
  const at: Date = t?.at ?? new Date();
  return {
    decision: {
      code,
      reason: decisionReason(code),
      note: str(c.data.note) ?? t?.note ?? null,
      at,
      appealBy: new Date(at.getTime() + c.appealWindowDays * 86_400_000),
    },
  };
}

async function appeal(c: LoaderContext): Promise<Loaded> {
  const [ap] = await c.db.query(
    `SELECT decision, note, decided_at FROM appeal WHERE application_id = $1 AND decision IS NOT NULL ORDER BY decided_at DESC LIMIT 1`,
    [c.data.applicationId],
  );
  const outcome = str(c.data.decision) ?? ap?.decision ?? null;
  if (outcome !== 'uphold' && outcome !== 'dismiss') throw new NothingToSay('no decided appeal for this application');
  return { appeal: { upheld: outcome === 'uphold', note: str(c.data.note) ?? ap?.note ?? null } };
}

async function enrolment(c: LoaderContext): Promise<Loaded> {
  const [e] = await c.db.query(
    `SELECT e.id, to_char(coalesce(e.start_date, c.start_date), 'YYYY-MM-DD') AS start_date, to_char(e.completed_on, 'YYYY-MM-DD') AS completed_on,
            e.certificate_reference, c.name AS cohort_name, c.delivery_mode, p.name AS provider_name, q.title AS qualification_title, a.reference
     FROM enrolment e JOIN cohort c ON c.id = e.cohort_id JOIN training_provider p ON p.id = e.provider_id
     JOIN qualification q ON q.id = c.qualification_id JOIN application a ON a.id = e.application_id
     WHERE CASE WHEN $1::uuid IS NOT NULL THEN e.id = $1::uuid ELSE e.application_id = $2::uuid END
     ORDER BY e.created_at DESC LIMIT 1`,
    [str(c.data.enrolmentId), str(c.data.applicationId)],
  );
  if (!e) throw new NothingToSay('the enrolment no longer exists');
  return {
    enrolment: {
      id: e.id,
      reference: e.reference,
      startDate: e.start_date,
      completedOn: e.completed_on,
      certificateReference: e.certificate_reference,
      cohortName: e.cohort_name,
      deliveryMode: codeWords(String(e.delivery_mode)),
      providerName: e.provider_name,
      qualificationTitle: e.qualification_title,
    },
  };
}

async function overdueLearners(c: LoaderContext): Promise<Loaded> {
  const ids = Array.isArray(c.data.enrolmentIds) ? (c.data.enrolmentIds as string[]) : [];
  const rows = await c.db.query(
    `SELECT e.id, a.reference, c.name AS cohort_name, coalesce(e.last_report_at, e.created_at) AS last_report_at
     FROM enrolment e JOIN cohort c ON c.id = e.cohort_id JOIN application a ON a.id = e.application_id
     WHERE e.id = ANY($1::uuid[]) ORDER BY c.name, a.reference`,
    [ids],
  );
  if (rows.length === 0) throw new NothingToSay('none of the learners exists any more');
  return {
    learners: rows.map((r: Record<string, unknown>) => ({ enrolmentId: r.id, reference: r.reference, cohortName: r.cohort_name, lastReportAt: r.last_report_at })),
  };
}

/** The learners a daily summary lists (a learner since removed is left out; none left means nothing to send). */
async function placedLearners(c: LoaderContext): Promise<Loaded> {
  const ids = Array.isArray(c.data.enrolmentIds) ? (c.data.enrolmentIds as string[]) : [];
  const rows = await c.db.query(
    `SELECT e.id, a.reference, coalesce(ap.full_name, u.full_name) AS full_name, q.title AS qualification_title, c.name AS cohort_name,
            to_char(coalesce(e.start_date, c.start_date), 'YYYY-MM-DD') AS start_date
     FROM enrolment e JOIN cohort c ON c.id = e.cohort_id JOIN qualification q ON q.id = c.qualification_id JOIN application a ON a.id = e.application_id
     JOIN user_account u ON u.id = a.applicant_id LEFT JOIN applicant_profile ap ON ap.user_id = a.applicant_id
     WHERE e.id = ANY($1::uuid[]) ORDER BY c.start_date, c.name, full_name`,
    [ids],
  );
  if (rows.length === 0) throw new NothingToSay('none of the learners exists any more');
  return {
    learners: rows.map((r: Record<string, unknown>) => ({
      enrolmentId: r.id,
      reference: r.reference,
      fullName: r.full_name,
      qualificationTitle: r.qualification_title,
      cohortName: r.cohort_name,
      startDate: r.start_date,
    })),
  };
}

async function pot(c: LoaderContext): Promise<Loaded> {
  const [p] = await c.db.query(
    `SELECT id, name, financial_year, funded_pence::text, available_pence::text, (reserved_pence + committed_pence + paid_pence)::text AS used_pence FROM budget_pot WHERE id = $1`,
    [c.data.potId],
  );
  if (!p) throw new NothingToSay('the pot no longer exists');
  const funded = Number(p.funded_pence);
  const used = Number(p.used_pence);
  return {
    pot: {
      id: p.id,
      name: p.name,
      financialYear: p.financial_year,
      fundedPence: funded,
      usedPence: used,
      availablePence: Number(p.available_pence),
      percentUsed: funded > 0 ? Math.floor((used * 100) / funded) : 100,
    },
  };
}

async function round(c: LoaderContext): Promise<Loaded> {
  const [r] = await c.db.query(`SELECT id, name, opens_at, closes_at FROM funding_round WHERE id = $1`, [c.data.roundId]);
  if (!r) throw new NothingToSay('the round no longer exists');
  const qualifications = await c.db.query(
    `SELECT q.title, q.level, q.bursary_pence FROM round_qualification rq JOIN qualification q ON q.id = rq.qualification_id WHERE rq.round_id = $1 ORDER BY q.level, q.title`,
    [r.id],
  );
  return {
    round: {
      id: r.id,
      name: r.name,
      opensAt: r.opens_at,
      closesAt: r.closes_at,
      qualifications: qualifications.map((q: Record<string, unknown>) => ({ title: q.title, level: q.level, bursaryPence: Number(q.bursary_pence) })),
    },
  };
}

const both =
  (...loaders: Loader[]): Loader =>
  async (c) =>
    Object.assign({}, ...(await Promise.all(loaders.map((l) => l(c)))));

const none: Loader = async () => ({});

/** The loader for each topic. */
export const LOADERS: Record<Topic, Loader> = {
  [TOPIC.verifyEmail]: none,
  [TOPIC.passwordReset]: none,
  [TOPIC.invitation]: none,
  [TOPIC.securityChanged]: none,
  [TOPIC.registrationAttempted]: none,
  [TOPIC.applicationSubmitted]: application,
  [TOPIC.eligibilityOutcome]: both(application, (c) => decision(c, ['ineligible', 'under_review', 'referred'])),
  [TOPIC.referred]: application,
  [TOPIC.draftReminder]: application,
  [TOPIC.offerMade]: application,
  [TOPIC.offerExpiring]: application,
  [TOPIC.offerExpired]: application,
  [TOPIC.waitlisted]: application,
  [TOPIC.promoted]: application,
  [TOPIC.rejected]: both(application, (c) => decision(c, ['rejected', 'ineligible'])),
  [TOPIC.appealOutcome]: both(application, appeal),
  [TOPIC.enrolmentConfirmed]: both(application, enrolment),
  [TOPIC.completed]: both(application, enrolment),
  [TOPIC.notPassed]: both(application, enrolment),
  [TOPIC.roundOpened]: round,
  [TOPIC.learnerPlaced]: enrolment,
  [TOPIC.placedLearnersSummary]: placedLearners,
  [TOPIC.reportOverdue]: overdueLearners,
  [TOPIC.potThreshold]: pot,
  [TOPIC.dailyDigest]: none,
  [TOPIC.skillsAuditInvitation]: none,
};
