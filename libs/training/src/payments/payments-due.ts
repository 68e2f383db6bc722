import type { EntityManager } from 'typeorm';

/** What a payment due is for: the start, a progress milestone, or the pass (`completion`). */
export type PaymentKind = 'start' | 'milestone' | 'completion';

/** A payment that has fallen due to a provider, with the ledger entry that paid it. */
export interface PaymentDue {
  enrolmentId: string;
  reportId: string;
  kind: PaymentKind;
  /** The progress milestone a `milestone` payment is for. */
  milestone?: string;
  amountPence: number;
  dueOn: string;
  ledgerEntryId: string;
}

/** The one insert of payments due (one or a file's worth), to the provider each enrolment is with. */
export async function recordPaymentsDue(manager: EntityManager, due: PaymentDue[]): Promise<void> {
  if (due.length === 0) return;
  const col = <T>(f: (d: PaymentDue) => T) => due.map(f);
  await manager.query(
    `INSERT INTO payment_due (enrolment_id, provider_id, report_id, kind, milestone, amount_pence, due_on, ledger_entry_id)
     SELECT v.e, en.provider_id, v.r, v.k, v.m, v.a, v.d::date, v.l
     FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::int[], $6::text[], $7::uuid[]) AS v(e, r, k, m, a, d, l) JOIN enrolment en ON en.id = v.e`,
    [col((d) => d.enrolmentId), col((d) => d.reportId), col((d) => d.kind), col((d) => d.milestone ?? null), col((d) => d.amountPence), col((d) => d.dueOn), col((d) => d.ledgerEntryId)],
  );
}
