import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
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

export interface Reconciliation {
  ok: boolean;
  checkedAt: string;
  programme: { ok: boolean; allocatedPence: number; ledgerFundedPence: number };
  pots: PotReconciliation[];
  applications: { ok: boolean; checked: number; overdrawn: string[] };
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
      await runner.commitTransaction();
      return this.compare(pots, rows, programme ? penceOf(programme.allocated_pence) : 0, !options.potIds);
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw err;
    } finally {
      await runner.release();
    }
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
