import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, QueryRunner } from 'typeorm';
import { availableOf, differences, ZERO, type Balances } from './ledger/effects';
import { balancesBy, GROUPED_ENTRIES, potBalances, type GroupRow } from './ledger/ledger-sql';
import { penceOf } from './money';

export interface BalanceSet extends Balances {
  availablePence: number;
}

export interface PotReconciliation {
  id: string;
  name: string;
  financialYear: string;
  ok: boolean;
  /** Available money recomputed from the pot's entries. */
  ledgerSumPence: number;
  /** Available money as stored in the pot row. */
  balancePence: number;
  ledger: BalanceSet;
  stored: BalanceSet;
  /** The balances that differ, e.g. ["reservedPence", "availablePence"]. */
  differences: string[];
}

/** The money that fell due against the payment lines, and the payment runs against their lines. */
export interface PaymentsReconciliation {
  ok: boolean;
  /** The ledger's `pay` entries, net of reversals: everything that has fallen due. */
  ledgerPayablePence: number;
  /** Payment lines (payments due) not voided. */
  paymentLinesPence: number;
  /** Lines whose ledger entry is missing, not a live `pay` of the same amount, or still live though the line was voided. */
  mismatchedLines: number;
  runs: {
    ok: boolean;
    /** Approved and not yet recorded paid: open, waiting for the money to be sent. */
    awaitingPayment: string[];
    /** Each run (by reference) whose lines disagree with its status, and how. */
    problems: { reference: string; problem: string }[];
    /** Payments marked paid that no paid run holds. */
    paidOutsideRuns: number;
  };
}

export interface Reconciliation {
  ok: boolean;
  checkedAt: string;
  programme: { ok: boolean; allocatedPence: number; ledgerFundedPence: number };
  pots: PotReconciliation[];
  applications: { ok: boolean; checked: number; overdrawn: string[] };
  /** The whole programme's check only. */
  payments?: PaymentsReconciliation;
}

const noop = () => undefined;

const withAvailable = (b: Balances): BalanceSet => ({ ...b, availablePence: availableOf(b) });

/**
 * Recomputes every pot from its ledger entries and compares it with the
 * balances stored in the pot row; also what the programme row says pots hold,
 * and that no application holds less than nothing. Reports differences and
 * never fixes them: a difference is a bug or tampering to investigate.
 */
@Injectable()
export class ReconciliationService {
  /** The whole-programme check under way, and the one that will follow it for callers who came meanwhile. */
  private current?: Promise<Reconciliation>;
  private queued?: Promise<Reconciliation>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Every pot (or only `potIds`), read from one snapshot of the database.
   * The whole-programme check reads every entry, and 200 at once were 200
   * full scans competing for the pool (half of them failed), so one runs at
   * a time in a process: callers who arrive while one runs share the next
   * one, which starts when it ends. Each caller's answer is still read after
   * it asked, so it sees every change made before it asked.
   */
  async reconcile(options: { potIds?: string[] } = {}): Promise<Reconciliation> {
    if (options.potIds) return this.run(options);
    // Queued first: between one run ending and the queued one starting, a newcomer joins the queued one.
    if (this.queued) return this.queued;
    if (!this.current) return this.startWhole();
    this.queued ??= this.current.then(noop, noop).then(() => {
      this.queued = undefined;
      return this.startWhole();
    });
    return this.queued;
  }

  private startWhole(): Promise<Reconciliation> {
    const run = this.run({});
    this.current = run;
    const clear = () => {
      if (this.current === run) this.current = undefined;
    };
    run.then(clear, clear);
    return run;
  }

  private async run(options: { potIds?: string[] }): Promise<Reconciliation> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // One snapshot for the pots and the entries, so a movement committing meanwhile cannot show as a difference.
      await runner.startTransaction('REPEATABLE READ');
      await runner.query('SET TRANSACTION READ ONLY');
      const only = options.potIds ? `WHERE id = ANY($1::uuid[])` : '';
      const params = options.potIds ? [options.potIds] : [];
      const pots = await runner.query(
        `SELECT id, name, financial_year, funded_pence, reserved_pence, committed_pence, paid_pence, available_pence, closed_at IS NOT NULL AS closed
         FROM budget_pot ${only} ORDER BY financial_year, name, id`,
        params,
      );
      const rows: GroupRow[] = await runner.query(GROUPED_ENTRIES(options.potIds ? 'WHERE e.pot_id = ANY($1::uuid[])' : ''), params);
      const [programme] = await runner.query(`SELECT allocated_pence FROM budget_programme WHERE id = 1`);
      const payments = options.potIds ? undefined : await this.payments(runner, rows);
      await runner.commitTransaction();
      const result = this.compare(pots, rows, programme ? penceOf(programme.allocated_pence) : 0, !options.potIds);
      return payments ? { ...result, ok: result.ok && payments.ok, payments } : result;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw err;
    } finally {
      await runner.release();
    }
  }

  /** Payment lines against the ledger, and payment runs against their lines, in the caller's snapshot. */
  private async payments(runner: QueryRunner, rows: GroupRow[]): Promise<PaymentsReconciliation> {
    const ledgerPayablePence = rows
      .filter((r) => r.kind === 'pay' || r.reversed_kind === 'pay')
      .reduce((sum, r) => sum + (r.kind === 'pay' ? 1 : -1) * penceOf(r.total), 0);
    const [lines] = await runner.query(`SELECT coalesce(sum(amount_pence), 0)::text AS total FROM payment_due WHERE voided_at IS NULL`);
    const [mismatch] = await runner.query(
      `SELECT count(*)::int AS n FROM payment_due p LEFT JOIN budget_ledger_entry le ON le.id = p.ledger_entry_id
       WHERE (p.voided_at IS NULL AND (le.id IS NULL OR le.kind <> 'pay' OR le.amount_pence <> p.amount_pence OR EXISTS (SELECT 1 FROM budget_ledger_entry rv WHERE rv.reverses_entry_id = le.id)))
          OR (p.voided_at IS NOT NULL AND le.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM budget_ledger_entry rv WHERE rv.reverses_entry_id = le.id))`,
    );
    const runs: { reference: string; status: string; lines: number; paid_lines: number; voided_lines: number; remittance_reference: string | null }[] = await runner.query(
      `SELECT r.reference, r.status, r.remittance_reference, count(l.payment_due_id)::int AS lines,
              count(*) FILTER (WHERE p.paid_at IS NOT NULL)::int AS paid_lines, count(*) FILTER (WHERE p.voided_at IS NOT NULL)::int AS voided_lines
       FROM payment_run r LEFT JOIN payment_run_line l ON l.run_id = r.id AND l.released_at IS NULL LEFT JOIN payment_due p ON p.id = l.payment_due_id
       WHERE r.status IN ('submitted', 'approved', 'paid') GROUP BY r.id ORDER BY r.reference`,
    );
    const problems: { reference: string; problem: string }[] = [];
    for (const r of runs) {
      if (r.voided_lines) problems.push({ reference: r.reference, problem: `${r.voided_lines} of its payments were voided while in the run` });
      if (r.status === 'paid' && r.paid_lines !== r.lines) problems.push({ reference: r.reference, problem: `recorded paid, but ${r.lines - r.paid_lines} of its ${r.lines} payments are not marked paid` });
      if (r.status === 'paid' && !r.remittance_reference) problems.push({ reference: r.reference, problem: 'recorded paid without a remittance reference' });
      if (r.status !== 'paid' && r.paid_lines) problems.push({ reference: r.reference, problem: `${r.status}, yet ${r.paid_lines} of its payments are marked paid` });
    }
    const [outside] = await runner.query(
      `SELECT count(*)::int AS n FROM payment_due p WHERE p.paid_at IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM payment_run_line l JOIN payment_run r ON r.id = l.run_id WHERE l.payment_due_id = p.id AND l.released_at IS NULL AND r.status = 'paid')`,
    );
    const paymentLinesPence = penceOf(lines.total);
    const runsOk = problems.length === 0 && outside.n === 0;
    return {
      ok: ledgerPayablePence === paymentLinesPence && mismatch.n === 0 && runsOk,
      ledgerPayablePence,
      paymentLinesPence,
      mismatchedLines: mismatch.n,
      runs: { ok: runsOk, awaitingPayment: runs.filter((r) => r.status === 'approved').map((r) => r.reference), problems, paidOutsideRuns: outside.n },
    };
  }

  private compare(pots: Record<string, unknown>[], rows: GroupRow[], allocatedPence: number, wholeProgramme: boolean): Reconciliation {
    const byPot = balancesBy(rows, (r) => r.pot_id);
    const results: PotReconciliation[] = pots.map((p) => {
      const stored = potBalances(p);
      const ledger = byPot.get(p.id as string)?.balances ?? ZERO;
      const diff = differences(ledger, stored);
      // The row's own available column must agree with its other columns too (the CHECK constraint makes it so).
      if (stored.availablePence !== availableOf(stored) && !diff.includes('availablePence')) diff.push('availablePence');
      return {
        id: p.id as string,
        name: p.name as string,
        financialYear: p.financial_year as string,
        ok: diff.length === 0,
        ledgerSumPence: availableOf(ledger),
        balancePence: stored.availablePence,
        ledger: withAvailable(ledger),
        stored: { fundedPence: stored.fundedPence, reservedPence: stored.reservedPence, committedPence: stored.committedPence, paidPence: stored.paidPence, availablePence: stored.availablePence },
        differences: diff,
      };
    });
    // Funding net of its reversals is what pots hold of the programme; transfers only move it between pots.
    const ledgerFundedPence = rows
      .filter((r) => r.kind === 'fund' || r.reversed_kind === 'fund')
      .reduce((sum, r) => sum + (r.kind === 'fund' ? 1 : -1) * penceOf(r.total), 0);
    const programmeOk = !wholeProgramme || ledgerFundedPence === allocatedPence;
    // Each application's money in each pot, from its entries: never below zero.
    const appRows = rows.filter((r) => r.application_id);
    const byApplication = balancesBy(appRows, (r) => `${r.application_id} ${r.pot_id}`);
    const overdrawn = [
      ...new Set(
        [...byApplication]
          .filter(([, h]) => h.balances.reservedPence < 0 || h.balances.committedPence < 0 || h.balances.paidPence < 0)
          .map(([key]) => key.split(' ')[0]),
      ),
    ];
    return {
      ok: results.every((r) => r.ok) && programmeOk && overdrawn.length === 0,
      checkedAt: new Date().toISOString(),
      programme: { ok: programmeOk, allocatedPence, ledgerFundedPence },
      pots: results,
      applications: { ok: overdrawn.length === 0, checked: new Set(appRows.map((r) => r.application_id)).size, overdrawn: overdrawn.slice(0, 100) },
    };
  }
}
