import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { LedgerEntryView } from '@app/budget';
import { safeCell } from '@app/training';

/** The export's columns: amounts both in pence (exact) and in pounds (for a person reading it). */
export const LEDGER_CSV_COLUMNS = ['seq', 'at', 'potId', 'kind', 'bucket', 'amountPence', 'amountPounds', 'applicationId', 'reason', 'reference', 'transferId', 'yearEndId', 'reversesEntryId', 'actorRole', 'id'] as const;

/** Pence as pounds and pence for a spreadsheet cell: 25000 -> "250.00", no symbol or thousands separator. */
export const pounds = (pence: number) => `${pence < 0 ? '-' : ''}${Math.trunc(Math.abs(pence) / 100)}.${String(Math.abs(pence) % 100).padStart(2, '0')}`;

/**
 * The entries as a CSV stream, row by row as they come from the database:
 * every cell guarded against formula injection (safeCell), CRLF line ends.
 */
export function ledgerCsv(entries: AsyncIterable<LedgerEntryView>): Readable {
  const rows = Readable.from(
    (async function* () {
      yield [...LEDGER_CSV_COLUMNS];
      for await (const e of entries) {
        const cells: Record<(typeof LEDGER_CSV_COLUMNS)[number], unknown> = { ...e, amountPounds: pounds(e.amountPence) };
        yield LEDGER_CSV_COLUMNS.map((c) => safeCell(cells[c]));
      }
    })(),
  );
  return rows.pipe(stringify({ record_delimiter: '\r\n' }));
}
