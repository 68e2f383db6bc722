import type { EntityManager } from 'typeorm';
import { penceOf } from '../money';

/**
 * Money actually sent to providers, by the pot it fell due from: payments
 * due in a run recorded paid. The pot row's `paid_pence` (the ledger's `pay`
 * entries) is everything that has fallen due; this is the part of it that
 * has been paid, so due (payable, not yet sent) is the difference. Read from
 * payment_sent_by_pot, which triggers on payment_due keep (migration
 * 1764471000000); a pot nothing was ever sent from has no row.
 */
export async function sentByPot(manager: EntityManager, potIds?: string[]): Promise<Map<string, number>> {
  const rows: { pot_id: string; sent: string }[] = await manager.query(
    `SELECT pot_id, sent_pence::text AS sent FROM payment_sent_by_pot ${potIds ? 'WHERE pot_id = ANY($1::uuid[])' : ''}`,
    potIds ? [potIds] : [],
  );
  return new Map(rows.map((r) => [r.pot_id, penceOf(r.sent)]));
}
