import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { rowsOf } from '@app/database';
import { actorColumns, AuditService, type Actor } from '@app/identity';
import { refuse } from './budget.error';
import { effectOf, plus, ZERO, type Balances } from './ledger/effects';
import { applyToPot, balancesBy, GROUPED_ENTRIES, insertEntries, lockPots, type GroupRow, type NewEntry } from './ledger/ledger-sql';
import { nextFinancialYear, requireFinancialYear, requireId, requireText } from './money';

export type YearEndChoice = 'carry' | 'release';

export interface YearEndInput {
  /** The year that has ended, e.g. "2026-27": every one of its pots is closed and emptied of held money. */
  financialYear: string;
  /** What happens to offers not yet started: carried into `toPotId`, or released to the old pot's available money. */
  reservations: YearEndChoice;
  /** What happens to started learners' unpaid money: carried into `toPotId`, or released. */
  commitments: YearEndChoice;
  /** A pot of the next financial year; required when anything is carried. */
  toPotId?: string;
  reason: string;
}

export interface YearEndPotResult {
  potId: string;
  applications: number;
  carriedReservedPence: number;
  carriedCommittedPence: number;
  releasedReservedPence: number;
  releasedCommittedPence: number;
}

export interface YearEndResult {
  id: string;
  financialYear: string;
  toPotId: string | null;
  reservations: YearEndChoice;
  commitments: YearEndChoice;
  /** Pots this run closed (a re-run finds them closed already). */
  closedPotIds: string[];
  pots: YearEndPotResult[];
  entries: number;
}

/**
 * The financial year end (docs/budget.md): close the year's pots to new
 * reservations, then carry each application's reserved and committed money
 * into next year's pot, or release it, as the programme decides. Every
 * movement is a ledger entry; running it again moves nothing new.
 */
@Injectable()
export class YearEndService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Runs the year end for `financialYear`; see YearEndInput. */
  async run(input: YearEndInput, actor: Actor): Promise<YearEndResult> {
    const year = requireFinancialYear(input.financialYear);
    const reason = requireText(input.reason, 'reason');
    for (const field of ['reservations', 'commitments'] as const) {
      if (!['carry', 'release'].includes(input[field])) throw refuse('invalid_input', field, 'must be carry or release');
    }
    const carrying = input.reservations === 'carry' || input.commitments === 'carry';
    const potIds: string[] = (await this.dataSource.query(`SELECT id FROM budget_pot WHERE financial_year = $1 ORDER BY id`, [year])).map((r: { id: string }) => r.id);
    if (potIds.length === 0) throw refuse('pot_not_found', 'financialYear', `has no pots`, `There are no ${year} pots`);
    const toPotId = carrying ? await this.target(input.toPotId, year) : null;

    // Step 1, committed on its own: no reservation can land in a closed pot, so the set of money to move is fixed.
    const closedPotIds = await this.dataSource.transaction(async (manager) => {
      const ids = rowsOf<{ id: string }>(
        await manager.query(
          // Pots locked in id order, like every other movement, so closing cannot deadlock with a transfer.
          `UPDATE budget_pot SET closed_at = now(), closed_by = $2, updated_at = now()
           WHERE id IN (SELECT id FROM budget_pot WHERE financial_year = $1 AND closed_at IS NULL ORDER BY id FOR UPDATE)
           RETURNING id`,
          [year, actor.userId ?? null],
        ),
      ).map((r) => r.id);
      if (ids.length) await this.audit.record(manager, actor, { action: 'budget.pots_closed', after: { financialYear: year, potIds: ids, reason } });
      return ids;
    });

    // Step 2: every application's held money, carried or released, in one transaction.
    return this.dataSource.transaction(async (manager) => {
      // Locks in the house order: applications (their reservation entries, by id), then pots (by id).
      await manager.query(
        `SELECT r.id FROM budget_ledger_entry r
         WHERE r.kind = 'reserve' AND r.application_id IN (SELECT application_id FROM budget_ledger_entry WHERE pot_id = ANY($1::uuid[]) AND application_id IS NOT NULL)
         ORDER BY r.id FOR UPDATE`,
        [potIds],
      );
      const pots = await lockPots(manager, toPotId ? [...potIds, toPotId] : potIds);
      if (toPotId && pots.get(toPotId)!.closed) throw refuse('year_end_target_invalid', 'toPotId', 'is closed');
      const rows: GroupRow[] = await manager.query(GROUPED_ENTRIES('WHERE e.pot_id = ANY($1::uuid[]) AND e.application_id IS NOT NULL'), [potIds]);
      const held = balancesBy(rows, (r) => `${r.pot_id} ${r.application_id}`);

      const id = randomUUID();
      const entries: NewEntry[] = [];
      const deltas = new Map<string, Balances>();
      const results = new Map<string, YearEndPotResult>(potIds.map((p) => [p, { potId: p, applications: 0, carriedReservedPence: 0, carriedCommittedPence: 0, releasedReservedPence: 0, releasedCommittedPence: 0 }]));
      const change = (potId: string, d: Balances) => deltas.set(potId, plus(deltas.get(potId) ?? ZERO, d));
      for (const [key, { balances }] of held) {
        const [potId, applicationId] = key.split(' ');
        const result = results.get(potId)!;
        let touched = false;
        for (const bucket of ['reserved', 'committed'] as const) {
          const amount = bucket === 'reserved' ? balances.reservedPence : balances.committedPence;
          if (amount <= 0) continue;
          touched = true;
          const common = { bucket, amountPence: amount, applicationId, yearEndId: id, reason: `year end ${year}: ${reason}`, actor };
          if ((bucket === 'reserved' ? input.reservations : input.commitments) === 'carry') {
            const transferId = randomUUID();
            entries.push({ ...common, potId, kind: 'transfer_out', transferId }, { ...common, potId: toPotId!, kind: 'transfer_in', transferId });
            change(potId, effectOf('transfer_out', bucket, amount));
            change(toPotId!, effectOf('transfer_in', bucket, amount));
            result[bucket === 'reserved' ? 'carriedReservedPence' : 'carriedCommittedPence'] += amount;
          } else {
            entries.push({ ...common, potId, kind: 'release' });
            change(potId, effectOf('release', bucket, amount));
            result[bucket === 'reserved' ? 'releasedReservedPence' : 'releasedCommittedPence'] += amount;
          }
        }
        if (touched) result.applications++;
      }
      for (const potId of [...deltas.keys()].sort()) {
        if (!(await applyToPot(manager, potId, deltas.get(potId)!))) {
          throw new Error(`Pot ${potId}: its balances disagree with its ledger entries; nothing was moved. Run reconciliation.`);
        }
      }
      const result: YearEndResult = {
        id,
        financialYear: year,
        toPotId,
        reservations: input.reservations,
        commitments: input.commitments,
        closedPotIds,
        pots: [...results.values()],
        entries: entries.length,
      };
      const by = actorColumns(actor);
      await manager.query(
        `INSERT INTO budget_year_end (id, financial_year, to_pot_id, reservations, commitments, reason, summary, actor_id, actor_role)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [id, year, toPotId, input.reservations, input.commitments, reason, JSON.stringify(result), by.actorId, by.actorRole],
      );
      await insertEntries(manager, entries);
      await this.audit.record(manager, actor, { action: 'budget.year_end', target: { type: 'year_end', id }, after: { ...result, reason } });
      return result;
    });
  }

  /** The pot carried money goes to: open, and in the year after `year`. */
  private async target(value: string | undefined, year: string): Promise<string> {
    const next = nextFinancialYear(year);
    if (value === undefined || value === null) throw refuse('year_end_target_invalid', 'toPotId', `must name a ${next} pot to carry money into`);
    const toPotId = requireId(value, 'toPotId', 'invalid_input');
    const [pot] = await this.dataSource.query(`SELECT financial_year, closed_at IS NOT NULL AS closed FROM budget_pot WHERE id = $1`, [toPotId]);
    if (!pot) throw refuse('year_end_target_invalid', 'toPotId', 'is not a budget pot');
    if (pot.financial_year !== next) throw refuse('year_end_target_invalid', 'toPotId', `must be a ${next} pot, not ${pot.financial_year}`);
    if (pot.closed) throw refuse('year_end_target_invalid', 'toPotId', 'is closed');
    return toPotId;
  }
}
