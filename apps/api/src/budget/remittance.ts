import type { PaymentRunsService } from '@app/budget';
import { toCsv } from '@app/training';

/** A provider's remittance advice for one run, as CSV: amounts in pence and pounds, cells guarded against formula injection. */
export function remittanceCsv(advice: Awaited<ReturnType<PaymentRunsService['remittance']>>): string {
  const { run, provider, lines } = advice;
  return toCsv(
    ['runReference', 'remittanceReference', 'paidOn', 'provider', 'ukprn', 'applicationReference', 'enrolmentId', 'qualification', 'kind', 'milestone', 'dueOn', 'amountPence', 'amountPounds'],
    lines.map((l) => ({
      runReference: run.reference,
      remittanceReference: run.remittanceReference ?? '',
      paidOn: run.paidOn ?? '',
      provider: provider.providerName,
      ukprn: provider.ukprn ?? '',
      applicationReference: l.applicationReference,
      enrolmentId: l.enrolmentId,
      qualification: l.qualificationTitle,
      kind: l.kind,
      milestone: l.milestone ?? '',
      dueOn: l.dueOn,
      amountPence: l.amountPence,
      amountPounds: (l.amountPence / 100).toFixed(2),
    })),
  );
}
