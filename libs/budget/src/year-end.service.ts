import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { rowsOf } from '@app/database';
import { actorColumns, AuditService, SYSTEM_ACTOR, type Actor } from '@app/identity';
import { refuse } from './budget.error';
import { FreedMoney } from './freed-money';
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
  /**
   * What happens to the closed pots' money nobody holds (including what this
   * run releases): carried into `toPotId`, where it is offered to the waiting
   * list at once, or kept in the closed pots (the default) for finance to
   * move later.
   */
  unspent?: 'carry' | 'keep';
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
  /** Money nobody held, carried to the next year's pot (unspent: carry). */
  carriedAvailablePence: number;
}

/** What the year end does to one application's money. */
export interface YearEndApplication {
  applicationId: string;
  potId: string;
  reservedPence: number;
  committedPence: number;
  reservations: YearEndChoice;
  commitments: YearEndChoice;
}

/** The pots added up. */
export type YearEndTotals = Omit<YearEndPotResult, 'potId'>;

export interface YearEndResult {
  id: string;
  financialYear: string;
  toPotId: string | null;
  reservations: YearEndChoice;
  commitments: YearEndChoice;
  unspent: 'carry' | 'keep';
  /** Pots this run closed (a re-run finds them closed already). */
  closedPotIds: string[];
  pots: YearEndPotResult[];
  totals: YearEndTotals;
  entries: number;
  /** Waitlisted applications offered the carried money. */
  offered: number;
}

/** The year end as it would run now, moving nothing: each pot, each application, the totals. */
export interface YearEndPreview {
  financialYear: string;
  toPotId: string | null;
  reservations: YearEndChoice;
  commitments: YearEndChoice;
  unspent: 'carry' | 'keep';
  /** Pots of the year not yet closed: the run closes them first. */
  potsToClose: string[];
  pots: YearEndPotResult[];
  totals: YearEndTotals;
  /** Every application holding money in the year's pots, first 500. */
  applications: YearEndApplication[];
  applicationCount: number;
}

interface Checked {
  year: string;
  reason: string;
  potIds: string[];
  toPotId: string | null;
  unspent: 'carry' | 'keep';
}

interface Plan {
  entries: NewEntry[];
  deltas: Map<string, Balances>;
  pots: YearEndPotResult[];
  applications: YearEndApplication[];
  totals: YearEndTotals;
}

/**
 * The financial year end (docs/budget.md): close the year's pots to new
 * reservations, then carry each application's reserved and committed money
 * into next year's pot, or release it, as the programme decides; and, if
 * asked, carry the unspent money too. Every movement is a ledger entry;
 * running it again moves nothing new. preview() shows the same plan first.
 */
@Injectable()
export class YearEndService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly freedMoney: FreedMoney,
  ) {}

  /** What run() would do now, moving nothing. */
  async preview(input: YearEndInput): Promise<YearEndPreview> {
    const c = await this.check(input);
    const manager = this.dataSource.manager;
    const [pots, rows] = await Promise.all([
      manager.query(`SELECT id, available_pence, closed_at IS NOT NULL AS closed FROM budget_pot WHERE id = ANY($1::uuid[])`, [c.potIds]),
      manager.query(GROUPED_ENTRIES('WHERE e.pot_id = ANY($1::uuid[]) AND e.application_id IS NOT NULL'), [c.potIds]),
    ]);
    const available = new Map<string, number>(pots.map((p: { id: string; available_pence: string }) => [p.id, Number(p.available_pence)]));
    const plan = planYearEnd(input, c, rows, available, SYSTEM_ACTOR, 'preview');
    return {
      financialYear: c.year,
      toPotId: c.toPotId,
      reservations: input.reservations,
      commitments: input.commitments,
      unspent: c.unspent,
      potsToClose: pots.filter((p: { closed: boolean }) => !p.closed).map((p: { id: string }) => p.id),
      pots: plan.pots,
      totals: plan.totals,
      applications: plan.applications.slice(0, 500),
      applicationCount: plan.applications.length,
    };
  }

  /** Runs the year end for `financialYear`; see YearEndInput. */
  async run(input: YearEndInput, actor: Actor): Promise<YearEndResult> {
    const c = await this.check(input);
    const { year, reason, potIds, toPotId } = c;

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
      const id = randomUUID();
      const available = new Map(potIds.map((p) => [p, pots.get(p)!.availablePence]));
      const plan = planYearEnd(input, c, rows, available, actor, id);
      for (const potId of [...plan.deltas.keys()].sort()) {
        if (!(await applyToPot(manager, potId, plan.deltas.get(potId)!))) {
          throw new Error(`Pot ${potId}: its balances disagree with its ledger entries; nothing was moved. Run reconciliation.`);
        }
      }
      const result: YearEndResult = {
        id,
        financialYear: year,
        toPotId,
        reservations: input.reservations,
        commitments: input.commitments,
        unspent: c.unspent,
        closedPotIds,
        pots: plan.pots,
        totals: plan.totals,
        entries: plan.entries.length,
        offered: 0,
      };
      const by = actorColumns(actor);
      // The run's row first: its entries point at it.
      await manager.query(
        `INSERT INTO budget_year_end (id, financial_year, to_pot_id, reservations, commitments, reason, summary, actor_id, actor_role)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [id, year, toPotId, input.reservations, input.commitments, reason, JSON.stringify(result), by.actorId, by.actorRole],
      );
      await insertEntries(manager, plan.entries);
      // Carried unspent money is available in an open pot: offered to its waiting list in this transaction.
      if (c.unspent === 'carry' && plan.totals.carriedAvailablePence > 0) {
        result.offered = await this.freedMoney.offer(manager, [toPotId], actor);
        await manager.query(`UPDATE budget_year_end SET summary = $2 WHERE id = $1`, [id, JSON.stringify(result)]);
      }
      await this.audit.record(manager, actor, { action: 'budget.year_end', target: { type: 'year_end', id }, after: { ...result, reason } });
      return result;
    });
  }

  /** The input checked, with the year's pots and the target pot. */
  private async check(input: YearEndInput): Promise<Checked> {
    const year = requireFinancialYear(input.financialYear);
    const reason = requireText(input.reason, 'reason');
    for (const field of ['reservations', 'commitments'] as const) {
      if (!['carry', 'release'].includes(input[field])) throw refuse('invalid_input', field, 'must be carry or release');
    }
    const unspent = input.unspent ?? 'keep';
    if (!['carry', 'keep'].includes(unspent)) throw refuse('invalid_input', 'unspent', 'must be carry or keep');
    const carrying = input.reservations === 'carry' || input.commitments === 'carry' || unspent === 'carry';
    const potIds: string[] = (await this.dataSource.query(`SELECT id FROM budget_pot WHERE financial_year = $1 ORDER BY id`, [year])).map((r: { id: string }) => r.id);
    if (potIds.length === 0) throw refuse('pot_not_found', 'financialYear', `has no pots`, `There are no ${year} pots`);
    const toPotId = carrying ? await this.target(input.toPotId, year) : null;
    return { year, reason, potIds, toPotId, unspent };
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

/**
 * The one plan of a year end, for preview() and run(): per application and
 * bucket, carry (a transfer pair sharing a transfer id) or release; then, if
 * asked, each pot's unspent money (available now plus what is released)
 * carried too. Pure over what it is given.
 */
function planYearEnd(input: YearEndInput, c: Checked, rows: GroupRow[], available: Map<string, number>, actor: Actor, yearEndId: string): Plan {
  const held = balancesBy(rows, (r) => `${r.pot_id} ${r.application_id}`);
  const entries: NewEntry[] = [];
  const deltas = new Map<string, Balances>();
  const results = new Map<string, YearEndPotResult>(
    c.potIds.map((p) => [p, { potId: p, applications: 0, carriedReservedPence: 0, carriedCommittedPence: 0, releasedReservedPence: 0, releasedCommittedPence: 0, carriedAvailablePence: 0 }]),
  );
  const applications: YearEndApplication[] = [];
  const change = (potId: string, d: Balances) => deltas.set(potId, plus(deltas.get(potId) ?? ZERO, d));
  const reason = `year end ${c.year}: ${c.reason}`;
  const carry = (potId: string, bucket: 'reserved' | 'committed' | 'available', amount: number, applicationId?: string) => {
    const transferId = randomUUID();
    const common = { bucket, amountPence: amount, applicationId, yearEndId, reason, actor };
    entries.push({ ...common, potId, kind: 'transfer_out', transferId }, { ...common, potId: c.toPotId!, kind: 'transfer_in', transferId });
    change(potId, effectOf('transfer_out', bucket, amount));
    change(c.toPotId!, effectOf('transfer_in', bucket, amount));
  };
  for (const [key, { balances }] of held) {
    const [potId, applicationId] = key.split(' ');
    const result = results.get(potId)!;
    if (balances.reservedPence <= 0 && balances.committedPence <= 0) continue;
    result.applications++;
    applications.push({ applicationId, potId, reservedPence: Math.max(0, balances.reservedPence), committedPence: Math.max(0, balances.committedPence), reservations: input.reservations, commitments: input.commitments });
    for (const bucket of ['reserved', 'committed'] as const) {
      const amount = bucket === 'reserved' ? balances.reservedPence : balances.committedPence;
      if (amount <= 0) continue;
      if ((bucket === 'reserved' ? input.reservations : input.commitments) === 'carry') {
        carry(potId, bucket, amount, applicationId);
        result[bucket === 'reserved' ? 'carriedReservedPence' : 'carriedCommittedPence'] += amount;
      } else {
        entries.push({ bucket, amountPence: amount, applicationId, yearEndId, reason, actor, potId, kind: 'release' });
        change(potId, effectOf('release', bucket, amount));
        result[bucket === 'reserved' ? 'releasedReservedPence' : 'releasedCommittedPence'] += amount;
      }
    }
  }
  if (c.unspent === 'carry') {
    for (const potId of c.potIds) {
      const r = results.get(potId)!;
      const amount = (available.get(potId) ?? 0) + r.releasedReservedPence + r.releasedCommittedPence;
      if (amount <= 0) continue;
      carry(potId, 'available', amount);
      r.carriedAvailablePence = amount;
    }
  }
  const pots = [...results.values()];
  const sum = (f: (p: YearEndPotResult) => number) => pots.reduce((t, p) => t + f(p), 0);
  return {
    entries,
    deltas,
    pots,
    applications,
    totals: {
      applications: sum((p) => p.applications),
      carriedReservedPence: sum((p) => p.carriedReservedPence),
      carriedCommittedPence: sum((p) => p.carriedCommittedPence),
      releasedReservedPence: sum((p) => p.releasedReservedPence),
      releasedCommittedPence: sum((p) => p.releasedCommittedPence),
      carriedAvailablePence: sum((p) => p.carriedAvailablePence),
    },
  };
}
