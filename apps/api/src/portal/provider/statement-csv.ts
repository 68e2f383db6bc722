import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { safeCell, type StatementMonth } from '@app/training';
import { pounds } from '../../budget/ledger-csv';
import { words } from '../kit/views';

type StatementLine = StatementMonth['payments'][number];

/** The header row: the page's columns, with the amount named for what is in it. */
export const STATEMENT_CSV_COLUMNS = ['Month', 'Application reference', 'Payment', 'Due on', 'Status', 'Payment run', 'Remittance reference', 'Paid on', 'Amount (pounds)'] as const;

/** What the payment is for, in the page's words. */
export function paymentLabel(p: Pick<StatementLine, 'kind' | 'milestone'>): string {
  if (p.kind === 'milestone') return `Milestone: ${words(p.milestone)}`;
  return p.kind === 'completion' ? 'Pass' : words(p.kind);
}

const STATUS: Record<StatementLine['state'], string> = { due: 'Due, not yet in a payment run', in_run: 'In a payment run', paid: 'Paid' };

/**
 * One month's statement as CSV rows, header first: dates as YYYY-MM-DD and
 * amounts as pounds with pence (250.00) so a spreadsheet reads them as dates
 * and numbers; every cell guarded against formula injection (safeCell).
 */
export function statementCsvRows(month: StatementMonth): string[][] {
  const rows = month.payments.map((p) =>
    [month.month, p.applicationReference, paymentLabel(p), p.dueOn, STATUS[p.state], p.runReference ?? '', p.remittanceReference ?? '', p.paidOn ?? '', pounds(p.amountPence)].map(safeCell),
  );
  return [[...STATEMENT_CSV_COLUMNS], ...rows];
}

/** The month's statement as a CSV stream, CRLF line ends. */
export function statementCsv(month: StatementMonth): Readable {
  return Readable.from(statementCsvRows(month)).pipe(stringify({ record_delimiter: '\r\n' }));
}

/** The download's file name: the month in it, so a year of statements sorts in order. */
export function statementFileName(month: string): string {
  return `payment-statement-${month}.csv`;
}
