import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import { rowsOf } from '@app/database';
import { AuditService, type Actor } from '@app/identity';
import { refuse } from './budget.error';
import { FreedMoney } from './freed-money';
import { availableOf, effectOf, isSolvent, negate, plus, ZERO, type Balances, type Bucket, type EntryKind, type MovementKind } from './ledger/effects';
import {
  allocate,
  applyToPot,
  balancesBy,
  GROUPED_ENTRIES,
  holdingsOf,
  insertEntries,
  isUniqueViolation,
  lockApplication,
  lockPots,
  lockProgramme,
  move,
  notReversed,
  RESERVE_SQL,
  reserveParams,
  requireTransaction,
  type GroupRow,
  type NewEntry,
} from './ledger/ledger-sql';
import { formatPounds, penceOf, requireId, requirePence, requireText } from './money';

export type ReserveResult = { reserved: true; entryId: string } | { reserved: false; reason: 'insufficient_funds' };

export interface Holding {
  potId: string;
  reservedPence: number;
  committedPence: number;
  /** Paid for the application, in every pot. */
  paidPence: number;
}

interface EntryRow {
  id: string;
  pot_id: string;
  kind: EntryKind;
  bucket: Bucket | null;
  amount_pence: string;
  application_id: string | null;
  transfer_id: string | null;
}

/**
 * The only code that moves an application's money. Every method takes the
 * caller's transaction, so the money moves (or not) with the caller's own
 * change: approving reserves, a confirmed start commits, a payment falling due
 * pays, a decline or withdrawal releases. Balances per application are
 * derived from the ledger; balances per pot are kept in the pot row.
 */
/** Ledger kinds that follow an application's status, and so are never reversed by hand. */
const FOLLOWS_APPLICATION = new Set(['reserve', 'release', 'commit']);

@Injectable()
export class BudgetService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly freedMoney: FreedMoney,
  ) {}

  /**
   * Reserves `amountPence` of the pot for the application, in one guarded
   * UPDATE of the pot row and the entry that explains it. A pot that cannot
   * cover it is a result (`reserved: false`), not an error; a second
   * reservation for the same application is BudgetError `already_reserved`.
   */
  async reserve(manager: EntityManager, r: { potId: string; applicationId: string; amountPence: number; actor: Actor }): Promise<ReserveResult> {
    requireTransaction(manager);
    const amount = requirePence(r.amountPence);
    const potId = requireId(r.potId, 'potId', 'pot_not_found');
    const applicationId = requireId(r.applicationId, 'applicationId');
    // Checked before the pot is locked, so the common refusals leave the caller's transaction usable.
    const [pot] = await manager.query(
      `SELECT closed_at IS NOT NULL AS closed, EXISTS (SELECT 1 FROM budget_ledger_entry WHERE application_id = $2 AND kind = 'reserve') AS held
       FROM budget_pot WHERE id = $1`,
      [potId, applicationId],
    );
    if (!pot) throw refuse('pot_not_found', 'potId', 'is not a budget pot');
    if (pot.held) throw alreadyReserved();
    if (pot.closed) throw potClosed('potId');
    let rows: unknown[];
    try {
      rows = rowsOf(await manager.query(RESERVE_SQL, reserveParams(potId, applicationId, amount, r.actor)));
    } catch (err) {
      // Two reservations for one application at the same moment: the unique index lets one through.
      if (isUniqueViolation(err, 'budget_ledger_one_reservation_per_application')) throw alreadyReserved();
      throw err;
    }
    if (rows.length) return { reserved: true, entryId: (rows[0] as { id: string }).id };
    const [after] = await manager.query(`SELECT closed_at IS NOT NULL AS closed FROM budget_pot WHERE id = $1`, [potId]);
    if (after.closed) throw potClosed('potId');
    return { reserved: false, reason: 'insufficient_funds' };
  }

  /**
   * Releases what the application still holds reserved (not committed) back
   * to its pot, and offers it to the waiting list in the same transaction;
   * null if it holds nothing reserved.
   */
  async release(manager: EntityManager, r: { applicationId: string; reason: string; actor: Actor }): Promise<{ releasedPence: number; potId: string } | null> {
    return this.free(manager, r, 'reserved');
  }

  /** The learner was withdrawn after starting, or failed with no resit: releases what is committed but not yet due, and offers it to the waiting list. Null if nothing is. */
  async releaseCommitment(manager: EntityManager, r: { applicationId: string; reason: string; actor: Actor }): Promise<{ releasedPence: number } | null> {
    const freed = await this.free(manager, r, 'committed');
    return freed && { releasedPence: freed.releasedPence };
  }

  /** The provider confirmed the start: everything the application holds reserved becomes committed. */
  async commit(manager: EntityManager, r: { applicationId: string; actor: Actor }): Promise<{ committedPence: number; potId: string }> {
    requireTransaction(manager);
    const applicationId = requireId(r.applicationId, 'applicationId');
    const held = (await lockApplication(manager, applicationId)) ? await this.current(manager, applicationId) : null;
    if (!held || held.balances.reservedPence === 0) throw refuse('nothing_reserved', 'applicationId', 'holds no reserved money to commit');
    const amount = held.balances.reservedPence;
    await this.moveOrFail(manager, effectOf('commit', null, amount), { potId: held.potId, kind: 'commit', amountPence: amount, applicationId, actor: r.actor });
    return { committedPence: amount, potId: held.potId };
  }

  /**
   * A mistaken start is voided: the application's live commitment is reversed
   * (back to reserved), through reverse() and its checks, so the money waits
   * for a real start again. Reverse any payments made from it first. Null if
   * nothing is committed.
   */
  async uncommit(manager: EntityManager, r: { applicationId: string; reason: string; actor: Actor }): Promise<{ entryId: string } | null> {
    requireTransaction(manager);
    const applicationId = requireId(r.applicationId, 'applicationId');
    const live = await this.latestLive(manager, applicationId, 'commit');
    return live ? this.reverse(manager, { entryId: live.id, reason: r.reason, actor: r.actor }) : null;
  }

  /**
   * A mistaken withdrawal is corrected: the application's latest live
   * release is reversed, so the money is held for it again where it was
   * (reserved, or committed), through reverse() and its checks: refused
   * (would_go_negative) if the pot no longer has that money available. Null
   * if nothing was released.
   */
  async unrelease(manager: EntityManager, r: { applicationId: string; reason: string; actor: Actor }): Promise<{ entryId: string; amountPence: number; bucket: Bucket } | null> {
    requireTransaction(manager);
    const applicationId = requireId(r.applicationId, 'applicationId');
    const live = await this.latestLive(manager, applicationId, 'release');
    if (!live) return null;
    const { entryId } = await this.reverse(manager, { entryId: live.id, reason: r.reason, actor: r.actor });
    return { entryId, amountPence: penceOf(live.amount_pence), bucket: live.bucket };
  }

  /** The application's latest entry of `kind` not yet reversed: what uncommit and unrelease undo. */
  private async latestLive(manager: EntityManager, applicationId: string, kind: 'commit' | 'release'): Promise<{ id: string; amount_pence: string | number; bucket: Bucket } | undefined> {
    const [live] = await manager.query(
      `SELECT c.id, c.amount_pence, c.bucket FROM budget_ledger_entry c WHERE c.application_id = $1 AND c.kind = $2
         AND ${notReversed('c')}
       ORDER BY c.seq DESC LIMIT 1`,
      [applicationId, kind],
    );
    return live;
  }

  /**
   * A payment falls due: moves `amountPence` of the application's commitment
   * to paid. Refuses paying more than is committed, or the same reference twice
   * (unless the earlier payment was reversed).
   */
  async pay(manager: EntityManager, r: { applicationId: string; amountPence: number; reference: string; actor: Actor }): Promise<{ entryId: string }> {
    requireTransaction(manager);
    const amount = requirePence(r.amountPence);
    const applicationId = requireId(r.applicationId, 'applicationId');
    const reference = requireText(r.reference, 'reference', 200);
    const held = (await lockApplication(manager, applicationId)) ? await this.current(manager, applicationId) : null;
    const committed = held?.balances.committedPence ?? 0;
    if (amount > committed) {
      throw refuse('exceeds_commitment', 'amountPence', `must not be more than the ${formatPounds(committed)} committed for this application`);
    }
    const [paid] = await manager.query(
      `SELECT 1 FROM budget_ledger_entry p WHERE p.application_id = $1 AND p.kind = 'pay' AND p.reference = $2
         AND ${notReversed('p')}`,
      [applicationId, reference],
    );
    if (paid) throw refuse('already_paid', 'reference', 'has already been paid for this application');
    const entryId = await this.moveOrFail(manager, effectOf('pay', null, amount), { potId: held!.potId, kind: 'pay', amountPence: amount, applicationId, reference, actor: r.actor });
    return { entryId };
  }

  /**
   * Many payments falling due at once (a bulk completions upload): the same
   * rules as pay() for every item, checked before anything moves, then one
   * ledger insert and one guarded update per pot. All or nothing. Returns
   * the entry ids in the order of `items`.
   */
  async payMany(manager: EntityManager, items: { applicationId: string; amountPence: number; reference: string }[], actor: Actor): Promise<string[]> {
    requireTransaction(manager);
    if (items.length === 0) return [];
    const checked = items.map((i) => ({
      applicationId: requireId(i.applicationId, 'applicationId'),
      amountPence: requirePence(i.amountPence),
      reference: requireText(i.reference, 'reference', 200),
    }));
    const ids = [...new Set(checked.map((i) => i.applicationId))].sort();
    // The house lock order: applications (their reservation entries, by id), then pots.
    await manager.query(`SELECT id FROM budget_ledger_entry WHERE application_id = ANY($1::uuid[]) AND kind = 'reserve' ORDER BY application_id FOR UPDATE`, [ids]);
    const grouped: GroupRow[] = await manager.query(GROUPED_ENTRIES('WHERE e.application_id = ANY($1::uuid[])'), [ids]);
    const byApplication = new Map<string, GroupRow[]>();
    for (const row of grouped) {
      const rows = byApplication.get(row.application_id!);
      if (rows) rows.push(row);
      else byApplication.set(row.application_id!, [row]);
    }
    const paid: { application_id: string; reference: string }[] = await manager.query(
      `SELECT p.application_id, p.reference FROM budget_ledger_entry p
       WHERE p.application_id = ANY($1::uuid[]) AND p.kind = 'pay' AND p.reference = ANY($2::text[])
         AND ${notReversed('p')}`,
      [ids, [...new Set(checked.map((i) => i.reference))]],
    );
    const alreadyPaid = new Set(paid.map((p) => `${p.application_id} ${p.reference}`));
    const left = new Map<string, { potId: string; committed: number }>();
    for (const id of ids) {
      const held = pickCurrent(balancesBy(byApplication.get(id) ?? [], (r) => r.pot_id));
      left.set(id, { potId: held?.potId ?? '', committed: held?.balances.committedPence ?? 0 });
    }
    const entries: NewEntry[] = [];
    const deltas = new Map<string, Balances>();
    for (const item of checked) {
      const holding = left.get(item.applicationId)!;
      if (item.amountPence > holding.committed) {
        throw refuse('exceeds_commitment', 'amountPence', `must not be more than the ${formatPounds(holding.committed)} committed for application ${item.applicationId}`);
      }
      if (alreadyPaid.has(`${item.applicationId} ${item.reference}`)) throw refuse('already_paid', 'reference', `has already been paid for application ${item.applicationId}`);
      alreadyPaid.add(`${item.applicationId} ${item.reference}`);
      holding.committed -= item.amountPence;
      entries.push({ potId: holding.potId, kind: 'pay', amountPence: item.amountPence, applicationId: item.applicationId, reference: item.reference, actor });
      deltas.set(holding.potId, plus(deltas.get(holding.potId) ?? ZERO, effectOf('pay', null, item.amountPence)));
    }
    const entryIds = await insertEntries(manager, entries);
    for (const potId of [...deltas.keys()].sort()) if (!(await applyToPot(manager, potId, deltas.get(potId)!))) throw disagreement(potId);
    return entryIds;
  }

  /**
   * Corrects an entry: a reversal points at it and undoes its effect. Both
   * legs of a transfer are reversed together; reversing a pot's funding gives
   * the money back to the programme. Refuses a second reversal, reversing a
   * reversal, and anything that would leave a pot or an application below zero.
   */
  async reverse(manager: EntityManager, r: { entryId: string; reason: string; actor: Actor; byHand?: boolean }): Promise<{ entryId: string }> {
    requireTransaction(manager);
    const entryId = requireId(r.entryId, 'entryId', 'entry_not_found');
    const reason = requireText(r.reason, 'reason');
    const SELECT = `SELECT id, pot_id, kind, bucket, amount_pence, application_id, transfer_id FROM budget_ledger_entry`;
    const [entry]: EntryRow[] = await manager.query(`${SELECT} WHERE id = $1`, [entryId]);
    if (!entry) throw refuse('entry_not_found', 'entryId', 'is not a ledger entry');
    if (entry.kind === 'reverse') throw refuse('not_reversible', 'entryId', 'is itself a reversal; make the movement again instead');
    // An application's reservation and commitment move with its status (offered, enrolled, ...): reversing one by
    // hand would leave an offer with no money behind it, or money held for an offer that has gone.
    if (r.byHand && entry.application_id && FOLLOWS_APPLICATION.has(entry.kind)) {
      throw refuse('not_reversible', 'entryId', `is the application's ${entry.kind}, which moves with the application: decline, withdraw or void it through the application instead`);
    }
    const legs: EntryRow[] = entry.transfer_id ? await manager.query(`${SELECT} WHERE transfer_id = $1 ORDER BY seq`, [entry.transfer_id]) : [entry];
    const funding = legs.filter((l) => l.kind === 'fund').reduce((sum, l) => sum + penceOf(l.amount_pence), 0);

    // Locks in the house order: the programme, the application, then pots.
    if (funding) await lockProgramme(manager, this.config.programme.totalBudgetPence);
    if (entry.application_id) await lockApplication(manager, entry.application_id);
    const [done] = await manager.query(`SELECT 1 FROM budget_ledger_entry WHERE reverses_entry_id = ANY($1::uuid[])`, [legs.map((l) => l.id)]);
    if (done) throw refuse('already_reversed', 'entryId', 'has already been reversed');
    const pots = await lockPots(manager, legs.map((l) => l.pot_id));
    const undo = legs.map((l) => ({ leg: l, delta: negate(effectOf(l.kind as MovementKind, l.bucket, penceOf(l.amount_pence))) }));

    if (entry.application_id) {
      const holdings = await holdingsOf(manager, entry.application_id);
      const after = new Map([...holdings].map(([pot, h]) => [pot, h.balances]));
      for (const { leg, delta } of undo) after.set(leg.pot_id, plus(after.get(leg.pot_id) ?? ZERO, delta));
      if ([...after.values()].some((b) => b.reservedPence < 0 || b.committedPence < 0 || b.paidPence < 0)) {
        throw refuse('would_go_negative', 'entryId', 'cannot be reversed: the application no longer holds that money (reverse the later entries first)');
      }
    }
    const byPot = new Map<string, Balances>();
    for (const { leg, delta } of undo) byPot.set(leg.pot_id, plus(byPot.get(leg.pot_id) ?? ZERO, delta));
    for (const [potId, delta] of byPot) {
      if (!isSolvent(plus(pots.get(potId)!, delta))) {
        throw refuse('would_go_negative', 'entryId', 'cannot be reversed: the pot no longer has that money available');
      }
    }
    for (const [potId, delta] of byPot) if (!(await applyToPot(manager, potId, delta))) throw disagreement(potId);
    const ids = await insertEntries(
      manager,
      legs.map((l) => ({
        potId: l.pot_id,
        kind: 'reverse' as const,
        bucket: l.bucket,
        amountPence: penceOf(l.amount_pence),
        applicationId: l.application_id,
        reversesEntryId: l.id,
        reason,
        actor: r.actor,
      })),
    );
    if (funding) await allocate(manager, -funding);
    // A reversed transfer or payment can leave a pot with more available: that money is offered again too.
    const freed = [...byPot].filter(([potId, delta]) => availableOf(delta) > 0 && !pots.get(potId)!.closed).map(([potId]) => potId);
    await this.freedMoney.offer(manager, freed, r.actor);
    return { entryId: ids[legs.findIndex((l) => l.id === entryId)] };
  }

  /** Reverses an entry in its own transaction and records who asked (the API's and CLI's way in). */
  async reverseEntry(entryId: string, reason: string, actor: Actor): Promise<{ entryId: string; reversesEntryId: string }> {
    return this.dataSource.transaction(async (manager) => {
      const reversal = await this.reverse(manager, { entryId, reason, actor, byHand: true });
      await this.audit.record(manager, actor, { action: 'budget.entry_reversed', target: { type: 'ledger_entry', id: entryId }, after: { reversalId: reversal.entryId, reason } });
      return { entryId: reversal.entryId, reversesEntryId: entryId };
    });
  }

  /** What the application holds now, from its entries: its pot, reserved and committed there, and paid in all. Null if it never held money. */
  async holding(applicationId: string): Promise<Holding | null> {
    const id = requireId(applicationId, 'applicationId');
    const holdings = await holdingsOf(this.dataSource.manager, id);
    const current = pickCurrent(holdings);
    if (!current) return null;
    const paidPence = [...holdings.values()].reduce((sum, h) => sum + h.balances.paidPence, 0);
    return { potId: current.potId, reservedPence: current.balances.reservedPence, committedPence: current.balances.committedPence, paidPence };
  }

  private async free(manager: EntityManager, r: { applicationId: string; reason: string; actor: Actor }, bucket: 'reserved' | 'committed') {
    requireTransaction(manager);
    const applicationId = requireId(r.applicationId, 'applicationId');
    const reason = requireText(r.reason, 'reason');
    if (!(await lockApplication(manager, applicationId))) return null;
    const held = await this.current(manager, applicationId);
    const amount = held ? (bucket === 'reserved' ? held.balances.reservedPence : held.balances.committedPence) : 0;
    if (!held || amount === 0) return null;
    await this.moveOrFail(manager, effectOf('release', bucket, amount), { potId: held.potId, kind: 'release', bucket, amountPence: amount, applicationId, reason, actor: r.actor });
    await this.freedMoney.offer(manager, [held.potId], r.actor);
    return { releasedPence: amount, potId: held.potId };
  }

  /** The application's current pot and balances there; the application must be locked. */
  private async current(manager: EntityManager, applicationId: string) {
    return pickCurrent(await holdingsOf(manager, applicationId));
  }

  /** A movement the application's own balances allow; the pot refusing it means the ledger and the pot disagree. */
  private async moveOrFail(manager: EntityManager, delta: Balances, entry: NewEntry): Promise<string> {
    const id = await move(manager, delta, entry);
    if (!id) throw disagreement(entry.potId);
    return id;
  }
}

/** The pot the application's money is in: where it holds reserved or committed money, else the last it used. */
function pickCurrent(holdings: Map<string, { balances: Balances; lastSeq: number }>): { potId: string; balances: Balances } | null {
  const entries = [...holdings].map(([potId, h]) => ({ potId, ...h }));
  const holding = entries.filter((h) => h.balances.reservedPence !== 0 || h.balances.committedPence !== 0);
  if (holding.length > 1) throw new Error(`An application holds money in more than one pot (${holding.map((h) => h.potId).join(', ')}); run reconciliation`);
  const chosen = holding[0] ?? entries.sort((a, b) => b.lastSeq - a.lastSeq)[0];
  return chosen ? { potId: chosen.potId, balances: chosen.balances } : null;
}

const alreadyReserved = () => refuse('already_reserved', 'applicationId', 'already holds a reservation');
const potClosed = (field: string) => refuse('pot_closed', field, 'is closed: its financial year has ended');

/** The pot cannot cover what the ledger says an application holds: a broken invariant, never silently patched. */
function disagreement(potId: string): Error {
  return new Error(`Pot ${potId}: its balances disagree with its ledger entries; nothing was written. Run reconciliation.`);
}
