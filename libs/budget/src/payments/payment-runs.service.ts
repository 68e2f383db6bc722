import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@app/config';
import { formatDate } from '@app/http';
import { AuditService, type Actor } from '@app/identity';
import { BudgetError, refuse } from '../budget.error';
import { requireId, requireText } from '../money';

export const RUN_STATUSES = ['draft', 'submitted', 'approved', 'paid', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Which payments due a run is built from; every field narrows it, none means every payment due not yet in a run. */
export interface RunCriteria {
  providerId?: string;
  /** YYYY-MM: payments that fell due in that month. */
  month?: string;
  qualificationId?: string;
}

export interface RunLine {
  paymentDueId: string;
  providerId: string;
  providerName: string;
  enrolmentId: string;
  applicationReference: string;
  qualificationTitle: string;
  kind: string;
  milestone: string | null;
  amountPence: number;
  dueOn: string;
}

export interface RunProviderTotal {
  providerId: string;
  providerName: string;
  ukprn: string | null;
  lines: number;
  totalPence: number;
}

export interface PaymentRunView {
  id: string;
  reference: string;
  status: RunStatus;
  criteria: RunCriteria;
  totalPence: number;
  lineCount: number;
  providers: RunProviderTotal[];
  createdBy: { id: string; name: string | null };
  createdAt: string;
  submittedBy: { id: string; name: string | null } | null;
  submittedAt: string | null;
  approvedBy: { id: string; name: string | null } | null;
  approvedAt: string | null;
  paidOn: string | null;
  remittanceReference: string | null;
  paidRecordedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
}

export interface PaymentRunDetail extends PaymentRunView {
  lines: RunLine[];
}

/** What is due and not yet in a live run, for the build form's preview and finance's home. */
export interface DueNotInRun {
  lines: number;
  totalPence: number;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A run's id, or not found: a malformed id is simply a run that does not exist. */
const runId = (id: unknown): string => {
  try {
    return requireId(id, 'id');
  } catch {
    throw notFound();
  }
};
const notFound = () => new BudgetError('run_not_found', 'No payment run with that id', [{ field: 'id', message: 'is not a payment run' }]);

/** London's calendar date for `now`, YYYY-MM-DD. */
const londonDay = (now: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);

const RUN_SELECT = `
  SELECT r.*, to_char(r.paid_on, 'YYYY-MM-DD') AS paid_on_text,
         cu.full_name AS created_name, su.full_name AS submitted_name, au.full_name AS approved_name,
         coalesce(t.lines, 0)::int AS line_count, coalesce(t.total, 0)::text AS total
  FROM payment_run r
  LEFT JOIN user_account cu ON cu.id = r.created_by
  LEFT JOIN user_account su ON su.id = r.submitted_by
  LEFT JOIN user_account au ON au.id = r.approved_by
  LEFT JOIN LATERAL (SELECT count(*) AS lines, sum(l.amount_pence) AS total FROM payment_run_line l WHERE l.run_id = r.id AND l.released_at IS NULL) t ON true`;

/**
 * Payment runs (docs/budget.md, "Paying providers"): the money that has
 * fallen due (the ledger's `pay` entries, one payment_due line each) is sent
 * to providers in runs. Finance builds a run from the payments due and
 * submits it; a second finance user approves it, which locks its lines;
 * finance records it paid with the payment date and the remittance
 * reference. Recording it paid moves no ledger money (the money left the
 * pot's available balance when it fell due); it is what tells "due" from "paid".
 */
@Injectable()
export class PaymentRunsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Payments due and not yet in a live run (or paid), narrowed by `criteria`. */
  async dueNotInRun(criteria: RunCriteria = {}): Promise<DueNotInRun> {
    const { where, params } = dueWhere(checkCriteria(criteria));
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS lines, coalesce(sum(p.amount_pence), 0)::text AS total ${DUE_FROM} ${where}`, params);
    return { lines: row.lines, totalPence: Number(row.total) };
  }

  /** Payments due and not yet in a live run, by the month they fell due, newest first: what the build form offers. */
  async dueByMonth(): Promise<({ month: string } & DueNotInRun)[]> {
    const { where, params } = dueWhere({});
    const rows = await this.dataSource.query(
      `SELECT to_char(p.due_on, 'YYYY-MM') AS month, count(*)::int AS lines, coalesce(sum(p.amount_pence), 0)::text AS total ${DUE_FROM} ${where} GROUP BY 1 ORDER BY 1 DESC`,
      params,
    );
    return rows.map((r: { month: string; lines: number; total: string }) => ({ month: r.month, lines: r.lines, totalPence: Number(r.total) }));
  }

  /**
   * Builds a draft run of every payment due that `criteria` names and no
   * live run holds. Two runs built at the same moment from the same lines
   * each get a line once: the unique index on live lines makes the later
   * insert wait for the earlier and skip what it took. Refuses an empty run.
   */
  async build(criteria: RunCriteria, actor: Actor): Promise<PaymentRunDetail> {
    const checked = checkCriteria(criteria);
    const userId = staffUser(actor);
    const id = await this.dataSource.transaction(async (manager) => {
      const [run] = await manager.query(
        `INSERT INTO payment_run (reference, status, criteria, created_by)
         VALUES ('PR-' || lpad(nextval('payment_run_number')::text, 5, '0'), 'draft', $1, $2) RETURNING id, reference`,
        [JSON.stringify(checked), userId],
      );
      const { where, params } = dueWhere(checked, 2);
      const lines = await manager.query(
        `INSERT INTO payment_run_line (run_id, payment_due_id, provider_id, amount_pence)
         SELECT $1, p.id, p.provider_id, p.amount_pence ${DUE_FROM} ${where}
         ORDER BY p.due_on, p.id
         ON CONFLICT (payment_due_id) WHERE released_at IS NULL DO NOTHING
         RETURNING payment_due_id`,
        [run.id, ...params],
      );
      if (lines.length === 0) {
        throw new BudgetError('nothing_to_pay', 'No payments are due that match, or they are all in a payment run already', [{ field: 'criteria', message: 'match no payment due outside a run' }]);
      }
      await this.audit.record(manager, actor, { action: 'budget.payment_run_built', target: { type: 'payment_run', id: run.id }, after: { reference: run.reference, criteria: checked, lines: lines.length } });
      return run.id as string;
    });
    return this.get(id);
  }

  /** Runs, newest first, optionally of one status. */
  async list(filter: { status?: string } = {}): Promise<PaymentRunView[]> {
    if (filter.status !== undefined && !RUN_STATUSES.includes(filter.status as RunStatus)) {
      throw refuse('invalid_input', 'status', `must be one of ${RUN_STATUSES.join(', ')}`);
    }
    const rows = await this.dataSource.query(`${RUN_SELECT} ${filter.status ? 'WHERE r.status = $1' : ''} ORDER BY r.created_at DESC, r.reference DESC LIMIT 500`, filter.status ? [filter.status] : []);
    const totals = await this.providerTotals(rows.map((r: { id: string }) => r.id));
    return rows.map((r: Record<string, unknown>) => runView(r, totals.get(r.id as string) ?? []));
  }

  /** One run with every line. */
  async get(id: string): Promise<PaymentRunDetail> {
    const rid = runId(id);
    const [row] = await this.dataSource.query(`${RUN_SELECT} WHERE r.id = $1`, [rid]);
    if (!row) throw notFound();
    const lines = await this.dataSource.query(
      `SELECT l.payment_due_id, l.provider_id, tp.name AS provider_name, p.enrolment_id, a.reference, q.title, p.kind, p.milestone, p.amount_pence, to_char(p.due_on, 'YYYY-MM-DD') AS due_on
       FROM payment_run_line l JOIN payment_due p ON p.id = l.payment_due_id JOIN training_provider tp ON tp.id = l.provider_id
       JOIN enrolment e ON e.id = p.enrolment_id JOIN application a ON a.id = e.application_id JOIN qualification q ON q.id = a.qualification_id
       WHERE l.run_id = $1 AND l.released_at IS NULL ORDER BY tp.name, p.due_on, a.reference, p.kind`,
      [rid],
    );
    const totals = await this.providerTotals([rid]);
    return {
      ...runView(row, totals.get(rid) ?? []),
      lines: lines.map((l: Record<string, unknown>) => ({
        paymentDueId: l.payment_due_id as string,
        providerId: l.provider_id as string,
        providerName: l.provider_name as string,
        enrolmentId: l.enrolment_id as string,
        applicationReference: l.reference as string,
        qualificationTitle: l.title as string,
        kind: l.kind as string,
        milestone: (l.milestone as string | undefined) ?? null,
        amountPence: Number(l.amount_pence),
        dueOn: l.due_on as string,
      })),
    };
  }

  /** The builder sends a draft for approval. */
  async submit(id: string, actor: Actor): Promise<PaymentRunDetail> {
    const userId = staffUser(actor);
    await this.step(id, 'draft', actor, 'budget.payment_run_submitted', async (manager, rid) => {
      await manager.query(`UPDATE payment_run SET status = 'submitted', submitted_by = $2, submitted_at = now() WHERE id = $1`, [rid, userId]);
    });
    return this.get(id);
  }

  /**
   * A second finance user approves a submitted run, which locks its lines.
   * Never the person who built or submitted it (403; the database's CHECK
   * refuses it too, whatever reaches it).
   */
  async approve(id: string, actor: Actor): Promise<PaymentRunDetail> {
    const userId = staffUser(actor);
    await this.step(id, 'submitted', actor, 'budget.payment_run_approved', async (manager, rid, run) => {
      if (run.created_by === userId || run.submitted_by === userId) {
        throw new BudgetError('second_approver_required', 'A payment run must be approved by a second finance user, not the person who built or submitted it', [
          { field: 'approver', message: 'built or submitted this run: another finance user must approve it' },
        ]);
      }
      await manager.query(`UPDATE payment_run SET status = 'approved', approved_by = $2, approved_at = now() WHERE id = $1`, [rid, userId]);
    });
    return this.get(id);
  }

  /** Records an approved run as paid: the date the money was sent and the remittance reference; its payments are then paid. */
  async recordPaid(id: string, input: { paidOn: unknown; remittanceReference: unknown }, actor: Actor): Promise<PaymentRunDetail> {
    const userId = staffUser(actor);
    const problems: { field: string; message: string }[] = [];
    const paidOn = typeof input.paidOn === 'string' ? input.paidOn.trim() : '';
    const today = londonDay(this.clock.now());
    if (!DATE.test(paidOn) || Number.isNaN(Date.parse(`${paidOn}T00:00:00Z`)) || new Date(`${paidOn}T00:00:00Z`).toISOString().slice(0, 10) !== paidOn) {
      problems.push({ field: 'paidOn', message: 'must be a real date, YYYY-MM-DD' });
    } else if (paidOn > today) {
      problems.push({ field: 'paidOn', message: 'must be today or in the past: record a payment once it has been sent' });
    }
    const reference = typeof input.remittanceReference === 'string' ? input.remittanceReference.trim() : '';
    if (!reference) problems.push({ field: 'remittanceReference', message: 'must be given: the reference on the bank payment' });
    else if (reference.length > 100) problems.push({ field: 'remittanceReference', message: 'must be 100 characters or fewer' });
    if (problems.length) throw new BudgetError('invalid_input', problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
    await this.step(id, 'approved', actor, 'budget.payment_run_paid', async (manager, rid, run) => {
      const approvedOn = londonDay(new Date(run.approved_at as string));
      if (paidOn < approvedOn) throw refuse('invalid_input', 'paidOn', `must not be before the run was approved, on ${formatDate(approvedOn)}`);
      await manager.query(
        `UPDATE payment_run SET status = 'paid', paid_on = $2::date, remittance_reference = $3, paid_recorded_by = $4, paid_recorded_at = now() WHERE id = $1`,
        [rid, paidOn, reference, userId],
      );
      await manager.query(`UPDATE payment_due p SET paid_at = now() FROM payment_run_line l WHERE l.run_id = $1 AND l.released_at IS NULL AND p.id = l.payment_due_id`, [rid]);
    }, { paidOn, remittanceReference: reference });
    return this.get(id);
  }

  /** A draft or submitted run is cancelled with a reason (the approver returning it, or its builder); its payments are due again. */
  async cancel(id: string, reason: unknown, actor: Actor): Promise<PaymentRunDetail> {
    const text = requireText(reason, 'reason', 1000);
    const userId = staffUser(actor);
    const rid = runId(id);
    await this.dataSource.transaction(async (manager) => {
      const run = await this.lock(manager, rid);
      if (run.status !== 'draft' && run.status !== 'submitted') throw wrongState(run, 'draft or submitted', 'cancelled');
      await manager.query(`UPDATE payment_run_line SET released_at = now() WHERE run_id = $1 AND released_at IS NULL`, [rid]);
      await manager.query(`UPDATE payment_run SET status = 'cancelled', cancelled_by = $2, cancelled_at = now(), cancel_reason = $3 WHERE id = $1`, [rid, userId, text]);
      await this.audit.record(manager, actor, { action: 'budget.payment_run_cancelled', target: { type: 'payment_run', id: rid }, after: { reference: run.reference, reason: text } });
    });
    return this.get(id);
  }

  /**
   * Called by whoever voids payments due (a provider voiding a report):
   * a payment in a submitted, approved or paid run cannot be voided (finance
   * must cancel the run first, or recover the money); one in a draft leaves
   * the draft. Inside the caller's transaction.
   */
  async releaseVoided(manager: EntityManager, paymentDueIds: string[]): Promise<void> {
    if (paymentDueIds.length === 0) return;
    const held = await manager.query(
      `SELECT r.reference, r.status FROM payment_run_line l JOIN payment_run r ON r.id = l.run_id
       WHERE l.payment_due_id = ANY($1::uuid[]) AND l.released_at IS NULL ORDER BY r.reference FOR UPDATE OF r`,
      [paymentDueIds],
    );
    const locked = held.find((h: { status: string }) => h.status !== 'draft');
    if (locked) {
      throw new BudgetError('payment_in_run', `Its payment is in payment run ${locked.reference}, ${locked.status}: ask finance`, [
        { field: 'reportId', message: `has a payment in payment run ${locked.reference} (${locked.status}); ask finance to cancel the run first` },
      ]);
    }
    await manager.query(`UPDATE payment_run_line SET released_at = now() WHERE payment_due_id = ANY($1::uuid[]) AND released_at IS NULL`, [paymentDueIds]);
  }

  /** The run's lines for one provider as CSV rows: their remittance advice. */
  async remittance(id: string, providerId: string): Promise<{ run: PaymentRunDetail; provider: RunProviderTotal; lines: RunLine[] }> {
    const run = await this.get(id);
    const pid = (() => {
      try {
        return requireId(providerId, 'providerId');
      } catch {
        throw refuse('invalid_input', 'providerId', 'must be the id of a provider in this run');
      }
    })();
    const provider = run.providers.find((p) => p.providerId === pid);
    if (!provider) throw refuse('invalid_input', 'providerId', 'must be the id of a provider in this run');
    return { run, provider, lines: run.lines.filter((l) => l.providerId === pid) };
  }

  private async providerTotals(ids: string[]): Promise<Map<string, RunProviderTotal[]>> {
    const out = new Map<string, RunProviderTotal[]>();
    if (ids.length === 0) return out;
    const rows = await this.dataSource.query(
      `SELECT l.run_id, l.provider_id, tp.name, tp.ukprn, count(*)::int AS lines, sum(l.amount_pence)::text AS total
       FROM payment_run_line l JOIN training_provider tp ON tp.id = l.provider_id
       WHERE l.run_id = ANY($1::uuid[]) AND l.released_at IS NULL GROUP BY l.run_id, l.provider_id, tp.name, tp.ukprn ORDER BY tp.name`,
      [ids],
    );
    for (const r of rows) {
      const list = out.get(r.run_id) ?? [];
      list.push({ providerId: r.provider_id, providerName: r.name, ukprn: r.ukprn ?? null, lines: r.lines, totalPence: Number(r.total) });
      out.set(r.run_id, list);
    }
    return out;
  }

  private async lock(manager: EntityManager, rid: string): Promise<Record<string, unknown> & { status: RunStatus; reference: string }> {
    const [run] = await manager.query(`SELECT * FROM payment_run WHERE id = $1 FOR UPDATE`, [rid]);
    if (!run) throw notFound();
    return run;
  }

  /** One move of a run from `from`, locked, audited, in one transaction. */
  private async step(
    id: string,
    from: RunStatus,
    actor: Actor,
    action: string,
    change: (manager: EntityManager, rid: string, run: Record<string, unknown>) => Promise<void>,
    after: Record<string, unknown> = {},
  ): Promise<void> {
    const rid = runId(id);
    await this.dataSource.transaction(async (manager) => {
      const run = await this.lock(manager, rid);
      if (run.status !== from) throw wrongState(run, from, action.replace('budget.payment_run_', ''));
      await change(manager, rid, run);
      await this.audit.record(manager, actor, { action, target: { type: 'payment_run', id: rid }, after: { reference: run.reference, ...after } });
    });
  }
}

const DUE_FROM = `FROM payment_due p JOIN enrolment e ON e.id = p.enrolment_id JOIN application a ON a.id = e.application_id`;

/** Payments due, not voided, not paid, not in a live run, narrowed by the criteria; parameters numbered from `first`. */
function dueWhere(c: RunCriteria, first = 1): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const clauses = [`p.voided_at IS NULL`, `p.paid_at IS NULL`, `NOT EXISTS (SELECT 1 FROM payment_run_line l WHERE l.payment_due_id = p.id AND l.released_at IS NULL)`];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    clauses.push(sql(first + params.length - 1));
  };
  if (c.providerId) add((n) => `p.provider_id = $${n}`, c.providerId);
  if (c.month) add((n) => `to_char(p.due_on, 'YYYY-MM') = $${n}`, c.month);
  if (c.qualificationId) add((n) => `a.qualification_id = $${n}`, c.qualificationId);
  return { where: `WHERE ${clauses.join(' AND ')}`, params };
}

function checkCriteria(c: RunCriteria): RunCriteria {
  const out: RunCriteria = {};
  const problems: { field: string; message: string }[] = [];
  const blank = (v: unknown) => v === undefined || v === null || v === '';
  const uuid = (field: 'providerId' | 'qualificationId') => {
    if (blank(c[field])) return;
    try {
      out[field] = requireId(c[field], field);
    } catch {
      problems.push({ field, message: 'must be a uuid' });
    }
  };
  uuid('providerId');
  uuid('qualificationId');
  if (!blank(c.month)) {
    if (typeof c.month === 'string' && MONTH.test(c.month)) out.month = c.month;
    else problems.push({ field: 'month', message: 'must be a month, YYYY-MM' });
  }
  if (problems.length) throw new BudgetError('invalid_input', problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
  return out;
}

/** Runs are built, submitted, approved and paid by people: the approval rule needs to know which person. */
function staffUser(actor: Actor): string {
  if (!actor.userId) throw new BudgetError('second_approver_required', 'Payment runs are built, approved and paid by signed-in finance users', [{ field: 'actor', message: 'must be a signed-in person' }]);
  return actor.userId;
}

function wrongState(run: { status: string; reference: string }, expected: string, action: string): BudgetError {
  return new BudgetError('run_state', `Payment run ${run.reference} is ${run.status}; only a ${expected} run can be ${action}`, [{ field: 'status', message: `is ${run.status}, not ${expected}` }]);
}

const person = (id: unknown, name: unknown) => (id ? { id: id as string, name: (name as string) ?? null } : null);
const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

function runView(r: Record<string, unknown>, providers: RunProviderTotal[]): PaymentRunView {
  return {
    id: r.id as string,
    reference: r.reference as string,
    status: r.status as RunStatus,
    criteria: (r.criteria as RunCriteria) ?? {},
    totalPence: Number(r.total),
    lineCount: r.line_count as number,
    providers,
    createdBy: person(r.created_by, r.created_name)!,
    createdAt: iso(r.created_at)!,
    submittedBy: person(r.submitted_by, r.submitted_name),
    submittedAt: iso(r.submitted_at),
    approvedBy: person(r.approved_by, r.approved_name),
    approvedAt: iso(r.approved_at),
    paidOn: (r.paid_on_text as string) ?? null,
    remittanceReference: (r.remittance_reference as string) ?? null,
    paidRecordedAt: iso(r.paid_recorded_at),
    cancelledAt: iso(r.cancelled_at),
    cancelReason: (r.cancel_reason as string) ?? null,
  };
}
