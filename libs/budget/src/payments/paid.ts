import type { EntityManager } from 'typeorm';
import { penceOf } from '../money';

/**
 * Money actually sent to providers, by the pot it fell due from: payments
 * due in a run recorded paid. The pot row's `paid_pence` (the ledger's `pay`
 * entries) is everything that has fallen due; this is the part of it that
 * has been paid, so due (payable, not yet sent) is the difference.
 */
export async function sentByPot(manager: EntityManager, potIds?: string[]): Promise<Map<string, number>> {
  const rows: { pot_id: string; sent: string }[] = await manager.query(
    `SELECT le.pot_id, sum(p.amount_pence)::text AS sent
     FROM payment_due p JOIN budget_ledger_entry le ON le.id = p.ledger_entry_id
     WHERE p.voided_at IS NULL AND p.paid_at IS NOT NULL ${potIds ? 'AND le.pot_id = ANY($1::uuid[])' : ''}
     GROUP BY le.pot_id`,
    potIds ? [potIds] : [],
  );
  return new Map(rows.map((r) => [r.pot_id, penceOf(r.sent)]));
}
