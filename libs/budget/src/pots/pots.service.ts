import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { AuditService, type Actor } from '@app/identity';
import { refuse } from '../budget.error';
import { FreedMoney } from '../freed-money';
import { sentByPot } from '../payments/paid';
import { LedgerEntry, Pot } from '../entities';
import { availableOf, effectOf, fold, ZERO, type Balances, type Bucket, type EntryKind } from '../ledger/effects';
import { ledgerWhere, type LedgerFilter } from '../ledger/ledger-filter';
import { allocate, applyToPot, insertEntries, storedOf, type GroupRow, isUniqueViolation, lockPots, lockProgramme } from '../ledger/ledger-sql';
import { formatPounds, penceOf, requireFinancialYear, requireId, requirePence, requireText } from '../money';
import { entryView, POT_PURPOSES, potView, type BudgetSummary, type LedgerEntryView, type PotPurpose, type PotView } from '../views';

export interface PotInput {
  name: string;
  financialYear: string;
  amountPence: number;
  purpose?: PotPurpose;
  region?: string | null;
}

export interface TransferInput {
  fromPotId: string;
  toPotId: string;
  amountPence: number;
  reason: string;
}

export interface TopUpInput {
  amountPence: number;
  reason: string;
}

export interface TransferView {
  transferId: string;
  fromPotId: string;
  toPotId: string;
  amountPence: number;
  outEntryId: string;
  inEntryId: string;
}

export const LEDGER_PAGE_SIZE = 100;

/** A pot's balances at the end of one day or month, from its ledger entries. */
export interface PotUsePoint {
  /** YYYY-MM-DD or YYYY-MM, UK time. */
  period: string;
  fundedPence: number;
  reservedPence: number;
  committedPence: number;
  /** Fallen due to providers so far (paid or not yet sent). */
  fallenDuePence: number;
  availablePence: number;
}
/** Rows the CSV export reads from the database at a time. */
const EXPORT_BATCH = 1000;

const ENTRY_SELECT = `SELECT e.id, e.seq::text AS seq, e.pot_id, e.kind, e.bucket, e.amount_pence::text AS amount_pence, e.application_id, e.reverses_entry_id,
  e.transfer_id, e.year_end_id, e.reason, e.reference, e.actor_id, e.actor_role, e.at FROM budget_ledger_entry e`;

const entryRow = (r: Record<string, unknown>): LedgerEntryView => ({
  id: r.id as string,
  seq: Number(r.seq),
  potId: r.pot_id as string,
  kind: r.kind as LedgerEntryView['kind'],
  bucket: (r.bucket as LedgerEntryView['bucket']) ?? null,
  amountPence: penceOf(r.amount_pence as string),
  applicationId: (r.application_id as string | null) ?? null,
  reversesEntryId: (r.reverses_entry_id as string | null) ?? null,
  transferId: (r.transfer_id as string | null) ?? null,
  yearEndId: (r.year_end_id as string | null) ?? null,
  reason: (r.reason as string | null) ?? null,
  reference: (r.reference as string | null) ?? null,
  actorId: (r.actor_id as string | null) ?? null,
  actorRole: (r.actor_role as string | null) ?? null,
  at: (r.at as Date).toISOString(),
});

/**
 * The programme's pots: finance creates them within the programme total and
 * moves money between them; everyone with access reads balances and entries.
 */
@Injectable()
export class PotsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly freedMoney: FreedMoney,
  ) {}

  /**
   * Creates a pot funded with `amountPence` of the programme total. The
   * programme row is locked first, so pots created at the same moment are
   * counted one after the other and together never pass the total.
   */
  async create(input: PotInput, actor: Actor): Promise<PotView> {
    const amount = requirePence(input.amountPence, 'amountPence', 0);
    const name = requireText(input.name, 'name', 200);
    if (name.length < 3) throw refuse('invalid_input', 'name', 'must be at least 3 characters');
    const financialYear = requireFinancialYear(input.financialYear);
    const purpose = input.purpose ?? 'bursaries';
    if (!POT_PURPOSES.includes(purpose)) throw refuse('invalid_input', 'purpose', `must be one of ${POT_PURPOSES.join(', ')}`);
    const region = input.region ?? null;
    if (region !== null && !this.config.workforce.regions.some((r) => r.code === region)) {
      throw refuse('invalid_input', 'region', `must be one of ${this.config.workforce.regions.map((r) => r.code).join(', ')}`);
    }
    return this.dataSource.transaction(async (manager) => {
      requireUnallocated(await lockProgramme(manager, this.config.programme.totalBudgetPence), amount);
      const id = randomUUID();
      try {
        await manager.query(
          `INSERT INTO budget_pot (id, name, purpose, financial_year, region, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
          [id, name, purpose, financialYear, region, actor.userId ?? null],
        );
      } catch (err) {
        if (isUniqueViolation(err, 'budget_pot_name_per_year')) throw refuse('pot_name_taken', 'name', `is already the name of a ${financialYear} pot`);
        throw err;
      }
      if (amount > 0) {
        await applyToPot(manager, id, effectOf('fund', null, amount));
        await insertEntries(manager, [{ potId: id, kind: 'fund', amountPence: amount, reason: 'pot created', actor }]);
        await allocate(manager, amount);
      }
      await this.audit.record(manager, actor, { action: 'budget.pot_created', target: { type: 'pot', id }, after: { name, financialYear, purpose, region, amountPence: amount } });
      return potView(await manager.findOneByOrFail(Pot, { id }), 0);
    });
  }

  /**
   * Tops a pot up with `amountPence` of the programme not yet in any pot: a
   * `fund` entry with the reason. The programme row is locked first (as
   * create does), so top-ups and new pots at the same moment are counted one
   * after the other and together never pass the programme total.
   */
  async topUp(potId: string, input: TopUpInput, actor: Actor): Promise<PotView> {
    const id = requireId(potId, 'id', 'pot_not_found');
    const amount = requirePence(input.amountPence);
    const reason = requireText(input.reason, 'reason');
    await this.dataSource.transaction(async (manager) => {
      // The house lock order: the programme row, then the pot.
      const programme = await lockProgramme(manager, this.config.programme.totalBudgetPence);
      const pot = (await lockPots(manager, [id])).get(id);
      if (!pot) throw refuse('pot_not_found', 'id', 'is not a budget pot', 'No budget pot with that id');
      if (pot.closed) throw refuse('pot_closed', 'id', 'is closed: its financial year has ended');
      requireUnallocated(programme, amount);
      await applyToPot(manager, id, effectOf('fund', null, amount));
      await insertEntries(manager, [{ potId: id, kind: 'fund', amountPence: amount, reason, actor }]);
      await allocate(manager, amount);
      await this.audit.record(manager, actor, { action: 'budget.pot_topped_up', target: { type: 'pot', id }, after: { amountPence: amount, reason } });
      // The money that has just landed is offered to the pot's waiting list at once.
      await this.freedMoney.offer(manager, [id], actor);
    });
    return this.get(id);
  }

  /** Every pot, newest financial year first. */
  async list(filter: { financialYear?: string } = {}): Promise<PotView[]> {
    const pots = await this.dataSource.getRepository(Pot).find({
      where: filter.financialYear ? { financialYear: requireFinancialYear(filter.financialYear) } : {},
      order: { financialYear: 'DESC', name: 'ASC' },
    });
    const sent = await sentByPot(this.dataSource.manager);
    return pots.map((p) => potView(p, sent.get(p.id) ?? 0));
  }

  /** One pot and its balances. */
  async get(id: string): Promise<PotView> {
    const pot = await this.dataSource.getRepository(Pot).findOneBy({ id: requireId(id, 'id', 'pot_not_found') });
    if (!pot) throw refuse('pot_not_found', 'id', 'is not a budget pot', 'No budget pot with that id');
    const sent = await sentByPot(this.dataSource.manager, [pot.id]);
    return potView(pot, sent.get(pot.id) ?? 0);
  }

  /** A pot's entries, newest first, 100 to a page. */
  async ledger(potId: string, page = 1): Promise<{ items: LedgerEntryView[]; total: number; page: number }> {
    await this.get(potId);
    const [rows, total] = await this.dataSource.getRepository(LedgerEntry).findAndCount({
      where: { potId },
      order: { seq: 'DESC' },
      skip: (Math.max(1, page) - 1) * LEDGER_PAGE_SIZE,
      take: LEDGER_PAGE_SIZE,
    });
    return { items: rows.map(entryView), total, page: Math.max(1, page) };
  }

  /** The programme's entries narrowed by `filter` (see LedgerFilter), newest first, 100 to a page. */
  async entries(filter: LedgerFilter, page = 1): Promise<{ items: LedgerEntryView[]; total: number; page: number }> {
    const { where, params } = ledgerWhere(filter);
    const at = Math.max(1, page);
    const [rows, [count]] = await Promise.all([
      this.dataSource.query(`${ENTRY_SELECT} ${where} ORDER BY e.seq DESC LIMIT ${LEDGER_PAGE_SIZE} OFFSET $${params.length + 1}`, [...params, (at - 1) * LEDGER_PAGE_SIZE]),
      this.dataSource.query(`SELECT count(*)::int AS total FROM budget_ledger_entry e ${where}`, params),
    ]);
    return { items: rows.map(entryRow), total: count.total, page: at };
  }

  /**
   * Every entry matching `filter`, newest first, read from the database a
   * thousand at a time by seq, so an export of the whole ledger never sits in
   * memory. The ledger is append-only and the newest seq is fixed at the
   * start, so the export is one consistent set however long it takes.
   */
  async *exportEntries(filter: LedgerFilter): AsyncGenerator<LedgerEntryView> {
    const { where, params } = ledgerWhere(filter);
    const [{ newest }] = await this.dataSource.query(`SELECT coalesce(max(seq), 0)::text AS newest FROM budget_ledger_entry`);
    let below = Number(newest) + 1;
    const and = where ? `${where} AND` : 'WHERE';
    for (;;) {
      const rows: Record<string, unknown>[] = await this.dataSource.query(
        `${ENTRY_SELECT} ${and} e.seq < $${params.length + 1} ORDER BY e.seq DESC LIMIT ${EXPORT_BATCH}`,
        [...params, below],
      );
      for (const r of rows) yield entryRow(r);
      if (rows.length < EXPORT_BATCH) return;
      below = Number(rows[rows.length - 1].seq);
    }
  }

  /**
   * A pot's use over time: its balances at the end of each day (or month) on
   * which an entry was written, folded from the entries (by month: from the
   * monthly totals, usageByMonth) by the one effects table reconciliation
   * uses, so the last point is the pot's balances now.
   */
  async usage(potId: string, by: 'day' | 'month' = 'day'): Promise<PotUsePoint[]> {
    await this.get(potId);
    if (by === 'month') return (await this.usageByMonth([potId])).get(potId) ?? [];
    const rows: (GroupRow & { period: string })[] = await this.dataSource.query(
      `SELECT to_char(e.at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS period, e.pot_id, e.application_id, e.kind, e.bucket,
              o.kind AS reversed_kind, o.bucket AS reversed_bucket, sum(e.amount_pence)::text AS total, max(e.seq)::text AS last_seq
       FROM budget_ledger_entry e LEFT JOIN budget_ledger_entry o ON o.id = e.reverses_entry_id
       WHERE e.pot_id = $1
       GROUP BY 1, e.pot_id, e.application_id, e.kind, e.bucket, o.kind, o.bucket
       ORDER BY 1`,
      [potId],
    );
    const points: PotUsePoint[] = [];
    let running: Balances = ZERO;
    for (const r of rows) {
      running = fold([storedOf(r)], running);
      const point = { period: r.period, fundedPence: running.fundedPence, reservedPence: running.reservedPence, committedPence: running.committedPence, fallenDuePence: running.paidPence, availablePence: availableOf(running) };
      if (points.length && points[points.length - 1].period === r.period) points[points.length - 1] = point;
      else points.push(point);
    }
    return points;
  }

  /**
   * Each pot's balances at the end of each UK month in which an entry was
   * written, like usage(potId, 'month') for many pots in one query. Read from
   * budget_ledger_month_total (kept by a trigger as entries are inserted:
   * migration 1764450000000), not the entries, so it costs the same at a
   * million entries as at a hundred; folded by the same effects table.
   */
  async usageByMonth(potIds: readonly string[]): Promise<Map<string, PotUsePoint[]>> {
    const rows: { period: string; pot_id: string; kind: EntryKind; bucket: Bucket | null; reversed_kind: EntryKind | null; reversed_bucket: Bucket | null; total: string }[] =
      await this.dataSource.query(
        `SELECT to_char(month, 'YYYY-MM') AS period, pot_id, kind, bucket, reversed_kind, reversed_bucket, total_pence::text AS total
         FROM budget_ledger_month_total WHERE pot_id = ANY($1::uuid[]) ORDER BY pot_id, month`,
        [potIds],
      );
    const out = new Map<string, PotUsePoint[]>(potIds.map((id) => [id, []]));
    let running: Balances = ZERO;
    let pot: string | null = null;
    for (const r of rows) {
      if (r.pot_id !== pot) [pot, running] = [r.pot_id, ZERO];
      running = fold([storedOf({ ...r, application_id: null, last_seq: '0' })], running);
      const points = out.get(r.pot_id)!;
      const point = { period: r.period, fundedPence: running.fundedPence, reservedPence: running.reservedPence, committedPence: running.committedPence, fallenDuePence: running.paidPence, availablePence: availableOf(running) };
      if (points.length && points[points.length - 1].period === r.period) points[points.length - 1] = point;
      else points.push(point);
    }
    return out;
  }

  /**
   * Moves available money from one pot to another with a reason: two entries
   * sharing a transfer id, both pots locked in id order.
   */
  async transfer(input: TransferInput, actor: Actor): Promise<TransferView> {
    const amount = requirePence(input.amountPence);
    const fromPotId = requireId(input.fromPotId, 'fromPotId', 'pot_not_found');
    const toPotId = requireId(input.toPotId, 'toPotId', 'pot_not_found');
    const reason = requireText(input.reason, 'reason');
    if (fromPotId === toPotId) throw refuse('same_pot', 'toPotId', 'must be a different pot from fromPotId');
    return this.dataSource.transaction(async (manager) => {
      const pots = await lockPots(manager, [fromPotId, toPotId]);
      const from = pots.get(fromPotId);
      const to = pots.get(toPotId);
      if (!from) throw refuse('pot_not_found', 'fromPotId', 'is not a budget pot');
      if (!to) throw refuse('pot_not_found', 'toPotId', 'is not a budget pot');
      if (to.closed) throw refuse('pot_closed', 'toPotId', 'is closed: its financial year has ended');
      if (amount > from.availablePence) {
        throw refuse('insufficient_funds', 'amountPence', `must not be more than the ${formatPounds(from.availablePence)} available in the pot it comes from`);
      }
      await applyToPot(manager, fromPotId, effectOf('transfer_out', 'available', amount));
      await applyToPot(manager, toPotId, effectOf('transfer_in', 'available', amount));
      const transferId = randomUUID();
      const common = { bucket: 'available' as const, amountPence: amount, transferId, reason, actor };
      const [outEntryId, inEntryId] = await insertEntries(manager, [
        { ...common, potId: fromPotId, kind: 'transfer_out' },
        { ...common, potId: toPotId, kind: 'transfer_in' },
      ]);
      await this.audit.record(manager, actor, { action: 'budget.transfer', target: { type: 'pot', id: fromPotId }, after: { toPotId, amountPence: amount, reason, transferId } });
      // The money arriving is offered to the receiving pot's waiting list at once.
      await this.freedMoney.offer(manager, [toPotId], actor);
      return { transferId, fromPotId, toPotId, amountPence: amount, outEntryId, inEntryId };
    });
  }

  /** The programme at a glance: its total, what pots hold, and how much of that is reserved, committed, due to providers, paid and available. */
  async summary(): Promise<BudgetSummary> {
    const [row] = await this.dataSource.query(
      `SELECT coalesce(sum(funded_pence), 0)::text AS funded, coalesce(sum(reserved_pence), 0)::text AS reserved,
              coalesce(sum(committed_pence), 0)::text AS committed, coalesce(sum(paid_pence), 0)::text AS paid,
              coalesce(sum(available_pence), 0)::text AS available
       FROM budget_pot`,
    );
    const total = this.config.programme.totalBudgetPence;
    const allocated = penceOf(row.funded);
    const sent = [...(await sentByPot(this.dataSource.manager)).values()].reduce((sum, p) => sum + p, 0);
    return {
      programmeTotalPence: total,
      allocatedToPotsPence: allocated,
      unallocatedPence: total - allocated,
      reservedPence: penceOf(row.reserved),
      committedPence: penceOf(row.committed),
      duePence: penceOf(row.paid) - sent,
      paidPence: sent,
      availablePence: penceOf(row.available),
    };
  }
}

/** Refuses putting `amount` into pots when the programme has less than that not yet in a pot. */
function requireUnallocated(programme: { totalPence: number; allocatedPence: number }, amount: number): void {
  const left = programme.totalPence - programme.allocatedPence;
  if (amount > left) {
    throw refuse(
      'programme_total_exceeded',
      'amountPence',
      `must not be more than the ${formatPounds(Math.max(0, left))} of the programme not yet in a pot`,
      `The pots would hold more than the programme total of ${formatPounds(programme.totalPence)}: ${formatPounds(Math.max(0, left))} is left to allocate`,
    );
  }
}
