import type { EntityManager } from 'typeorm';

/** A payment that has fallen due to a provider, with the ledger entry that paid it. */
export interface PaymentDue {
  enrolmentId: string;
  reportId: string;
  kind: 'start' | 'completion';
  amountPence: number;
  dueOn: string;
  ledgerEntryId: string;
}

/** The one insert of payments due (one or a file's worth), to the provider each enrolment is with. */
export async function recordPaymentsDue(manager: EntityManager, due: PaymentDue[]): Promise<void> {
  if (due.length === 0) return;
  const col = <T>(f: (d: PaymentDue) => T) => due.map(f);
  await manager.query(
    `INSERT INTO payment_due (enrolment_id, provider_id, report_id, kind, amount_pence, due_on, ledger_entry_id)
     SELECT v.e, en.provider_id, v.r, v.k, v.a, v.d::date, v.l
     FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::int[], $5::text[], $6::uuid[]) AS v(e, r, k, a, d, l) JOIN enrolment en ON en.id = v.e`,
    [col((d) => d.enrolmentId), col((d) => d.reportId), col((d) => d.kind), col((d) => d.amountPence), col((d) => d.dueOn), col((d) => d.ledgerEntryId)],
  );
}
