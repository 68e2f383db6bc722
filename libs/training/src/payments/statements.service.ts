import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { toCsv } from '../reports/csv';
import type { PaymentKind } from './payments-due';

export interface StatementMonth {
  month: string;
  duePence: number;
  paidPence: number;
  payments: StatementLine[];
}

/** Where a payment stands: fallen due, in a payment run finance is preparing, or paid (with the run's remittance reference). */
export type PaymentState = 'due' | 'in_run' | 'paid';

export interface StatementLine {
  id: string;
  enrolmentId: string;
  applicationReference: string;
  kind: PaymentKind;
  /** The progress milestone a milestone payment is for. */
  milestone: string | null;
  amountPence: number;
  dueOn: string;
  paidAt: string | null;
  state: PaymentState;
  /** The payment run holding it (in_run or paid). */
  runReference: string | null;
  /** The bank payment's reference, once paid. */
  remittanceReference: string | null;
  /** The date the money was sent, once paid. */
  paidOn: string | null;
}

/** What providers are owed: payments due by month, for their statements and finance's export. */
@Injectable()
export class StatementsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A provider's payments due and paid, by month of falling due, newest month first (or only `month`, YYYY-MM). */
  async statements(providerId: string, month?: string): Promise<StatementMonth[]> {
    const rows = await this.dataSource.query(
      `SELECT p.id, p.enrolment_id, a.reference, p.kind, p.milestone, p.amount_pence, to_char(p.due_on, 'YYYY-MM-DD') AS due_on, p.paid_at,
              r.reference AS run_reference, r.remittance_reference, to_char(r.paid_on, 'YYYY-MM-DD') AS paid_on
       FROM payment_due p JOIN enrolment e ON e.id = p.enrolment_id JOIN application a ON a.id = e.application_id
       LEFT JOIN payment_run_line l ON l.payment_due_id = p.id AND l.released_at IS NULL
       LEFT JOIN payment_run r ON r.id = l.run_id
       WHERE p.provider_id = $1 AND p.voided_at IS NULL AND ($2::text IS NULL OR to_char(p.due_on, 'YYYY-MM') = $2) ORDER BY p.due_on DESC, a.reference`,
      [providerId, month ?? null],
    );
    const months = new Map<string, StatementMonth>();
    for (const r of rows) {
      const month = (r.due_on as string).slice(0, 7);
      const m = months.get(month) ?? { month, duePence: 0, paidPence: 0, payments: [] };
      m.duePence += r.amount_pence;
      if (r.paid_at) m.paidPence += r.amount_pence;
      const paid = !!r.paid_at && r.remittance_reference;
      m.payments.push({
        id: r.id,
        enrolmentId: r.enrolment_id,
        applicationReference: r.reference,
        kind: r.kind,
        milestone: r.milestone ?? null,
        amountPence: r.amount_pence,
        dueOn: r.due_on,
        paidAt: r.paid_at?.toISOString() ?? null,
        // A draft is finance's working list, not yet a promise to the provider, but it is shown so they know it is coming.
        state: paid ? 'paid' : r.run_reference ? 'in_run' : 'due',
        runReference: r.run_reference ?? null,
        remittanceReference: paid ? r.remittance_reference : null,
        paidOn: paid ? r.paid_on : null,
      });
      months.set(month, m);
    }
    return [...months.values()];
  }

  /**
   * Every payment due in a month (YYYY-MM), across providers, as CSV for
   * finance: amounts in pence and in pounds, cells escaped against formula injection.
   */
  async exportCsv(month: string): Promise<string> {
    const rows = await this.dataSource.query(
      `SELECT tp.name AS provider, tp.ukprn, a.reference, p.kind, p.milestone, p.amount_pence, to_char(p.due_on, 'YYYY-MM-DD') AS due_on, p.paid_at, p.id AS payment_id
       FROM payment_due p JOIN training_provider tp ON tp.id = p.provider_id JOIN enrolment e ON e.id = p.enrolment_id JOIN application a ON a.id = e.application_id
       WHERE p.voided_at IS NULL AND to_char(p.due_on, 'YYYY-MM') = $1 ORDER BY tp.name, p.due_on, a.reference`,
      [month],
    );
    return toCsv(
      ['paymentId', 'provider', 'ukprn', 'applicationReference', 'kind', 'amountPence', 'amountPounds', 'dueOn', 'paidAt', 'milestone'],
      rows.map((r: Record<string, unknown>) => ({
        paymentId: r.payment_id,
        provider: r.provider,
        ukprn: r.ukprn,
        applicationReference: r.reference,
        kind: r.kind,
        amountPence: r.amount_pence,
        // Pounds only here, at the edge.
        amountPounds: ((r.amount_pence as number) / 100).toFixed(2),
        dueOn: r.due_on,
        paidAt: r.paid_at ? (r.paid_at as Date).toISOString() : '',
        milestone: r.milestone ?? '',
      })),
    );
  }
}
