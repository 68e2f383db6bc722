import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { BudgetService, PotsService, type PotInput } from '@app/budget';
import type { Actor } from '@app/identity';
import type { World } from '../support/world';

export const BURSARY = 50_000;

/** Finance, as the budget's callers pass it. */
export const FINANCE: Actor = { kind: 'session', role: 'finance' };

/** A pot (2026-27, £10,000 unless told), created through the service like finance would. */
export async function pot(w: World, overrides: Partial<PotInput> = {}) {
  return w.api.app.get(PotsService).create({ name: `Pot ${randomBytes(4).toString('hex')}`, financialYear: '2026-27', amountPence: 1_000_000, ...overrides }, FINANCE);
}

/** Runs `fn` in its own transaction, the way another lib calls the budget. */
export function inTransaction<T>(w: World, fn: (manager: EntityManager, budget: BudgetService) => Promise<T>): Promise<T> {
  const budget = w.api.app.get(BudgetService);
  return w.db.transaction((manager) => fn(manager, budget));
}

/** Reserves a bursary for a new (or given) application id. */
export function reserve(w: World, potId: string, applicationId: string = randomUUID(), amountPence = BURSARY) {
  return inTransaction(w, (m, budget) => budget.reserve(m, { potId, applicationId, amountPence, actor: FINANCE }));
}

/** A pot as stored, read fresh. */
export async function potRow(w: World, id: string) {
  return w.api.app.get(PotsService).get(id);
}

/** Entries of some pots: how many, and their total. */
export async function ledgerTotals(w: World, potIds: string[]): Promise<{ count: number; pence: number }> {
  const [row] = await w.db.query(`SELECT count(*)::int AS count, coalesce(sum(amount_pence), 0)::text AS pence FROM budget_ledger_entry WHERE pot_id = ANY($1::uuid[])`, [potIds]);
  return { count: row.count, pence: Number(row.pence) };
}
