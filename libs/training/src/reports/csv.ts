import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { TrainingError, type RowProblem } from '../training.error';
import { REPORT_COLUMNS } from './report-rows';

export const MAX_CSV_BYTES = 5 * 1024 * 1024;

/**
 * Reads a provider's CSV of reports: UTF-8 with or without a byte-order
 * mark, CRLF or LF, quoted fields, and a header row naming the columns in any
 * order. Returns one object per data row (row 1 is the first after the header).
 */
export function parseReportsCsv(text: string, maxRows: number): Record<string, unknown>[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, trim: true }) as string[][];
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw new TrainingError('report_rows_invalid', 'The CSV could not be read', [{ field: 'csv', message: e.message }], [
      { row: Math.max(0, (e.lines ?? 1) - 1), column: '*', message: e.message.replace(/^Invalid Record Length: /, '') },
    ]);
  }
  if (records.length === 0) throw new TrainingError('report_rows_invalid', 'The CSV is empty: it needs a header row and at least one report', [], [{ row: 0, column: '*', message: 'no header row' }]);
  const [header, ...rows] = records;
  const problems: RowProblem[] = [];
  header.forEach((column) => {
    if (!(REPORT_COLUMNS as readonly string[]).includes(column)) problems.push({ row: 0, column, message: `is not a report column; use ${REPORT_COLUMNS.join(', ')}` });
  });
  for (const required of ['enrolmentId', 'type']) {
    if (!header.includes(required)) problems.push({ row: 0, column: required, message: 'is a required column' });
  }
  if (problems.length) throw new TrainingError('report_rows_invalid', 'The CSV header is not right', [], problems);
  if (rows.length === 0) throw new TrainingError('report_rows_invalid', 'The CSV has a header but no reports', [], [{ row: 1, column: '*', message: 'no reports' }]);
  if (rows.length > maxRows) throw new TrainingError('too_many_rows', `A CSV may hold at most ${maxRows} reports; this one has ${rows.length}. Split it into smaller files.`);
  return rows.map((cells) => Object.fromEntries(header.map((column, i) => [column, cells[i]])));
}

/**
 * A cell a spreadsheet would run as a formula (= + - @, or a leading tab or
 * carriage return) is prefixed with a quote, so exported CSV cannot carry
 * formula injection.
 */
export function safeCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A CSV document with a header, every cell made safe. */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  return stringify([columns, ...rows.map((r) => columns.map((c) => safeCell(r[c])))], { record_delimiter: '\r\n' });
}
