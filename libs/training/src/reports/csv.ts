import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { TrainingError, type RowProblem } from '../training.error';
import { REPORT_COLUMNS } from './report-rows';

export const MAX_CSV_BYTES = 5 * 1024 * 1024;

/** A CSV file's reports, each with the line of the file it starts on (the header is line 1). */
export interface CsvReports {
  rows: Record<string, unknown>[];
  lines: number[];
}

/**
 * Reads a provider's CSV of reports: UTF-8 with or without a byte-order
 * mark, CRLF or LF, quoted fields, and a header row naming the columns in any
 * order. Returns one object per data row, with its line number: every
 * problem names the line, as the provider's editor or spreadsheet numbers
 * it (blank lines are skipped but still counted).
 */
export function parseReportsCsv(text: string, maxRows: number): CsvReports {
  let records: { record: string[]; info: { bytes: number } }[];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, trim: true, info: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw new TrainingError('report_rows_invalid', 'The CSV could not be read', [{ field: 'csv', message: e.message }], [
      { row: Math.max(1, e.lines ?? 1), column: '*', message: e.message.replace(/^Invalid Record Length: /, '') },
    ]);
  }
  if (records.length === 0) throw new TrainingError('report_rows_invalid', 'The CSV is empty: it needs a header row and at least one report', [], [{ row: 1, column: '*', message: 'no header row' }]);
  const lines = startLines(text, records.map((r) => r.info.bytes));
  const [{ record: header }, ...rows] = records;
  const headerLine = lines[0];
  const problems: RowProblem[] = [];
  header.forEach((column) => {
    if (!(REPORT_COLUMNS as readonly string[]).includes(column)) problems.push({ row: headerLine, column, message: `is not a report column; use ${REPORT_COLUMNS.join(', ')}` });
  });
  for (const required of ['enrolmentId', 'type']) {
    if (!header.includes(required)) problems.push({ row: headerLine, column: required, message: 'is a required column' });
  }
  if (problems.length) throw new TrainingError('report_rows_invalid', 'The CSV header is not right', [], problems);
  if (rows.length === 0) throw new TrainingError('report_rows_invalid', 'The CSV has a header but no reports', [], [{ row: headerLine, column: '*', message: 'no reports' }]);
  if (rows.length > maxRows) throw new TrainingError('too_many_rows', `A CSV may hold at most ${maxRows} reports; this one has ${rows.length}. Split it into smaller files.`);
  return {
    rows: rows.map(({ record }) => Object.fromEntries(header.map((column, i) => [column, record[i]]))),
    lines: lines.slice(1),
  };
}

const BREAKS = /\r\n|\n|\r/g;
const breaks = (text: string) => text.match(BREAKS)?.length ?? 0;

/**
 * The line each record starts on, from where the parser says each ends (in
 * bytes): its own line count is the end line, and counts a CRLF inside a
 * quoted cell as two lines.
 */
function startLines(text: string, ends: number[]): number[] {
  const bytes = Buffer.from(text, 'utf8');
  let line = 1;
  let at = 0;
  return ends.map((end) => {
    const record = bytes.subarray(at, end).toString('utf8');
    // Blank lines the parser skipped belong to this record's stretch of the file, before it.
    const start = line + breaks(/^(?:[ \t]*(?:\r\n|\n|\r))*/.exec(record)![0]);
    line += breaks(record);
    at = end;
    return start;
  });
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

/** The example row of the template: a progress report, so the milestone column shows how it is filled. */
const TEMPLATE_EXAMPLE: Record<string, string> = { enrolmentId: '3f2b8c1e-6a4d-4e7b-9c2a-1d5e8f0a7b64', type: 'progress', date: '2027-01-18', milestone: 'mid_point' };

/** The CSV template providers download: the report columns in order and one example row, made formula-safe like every CSV we write. */
export function reportsCsvTemplate(): string {
  return toCsv([...REPORT_COLUMNS], [TEMPLATE_EXAMPLE]);
}
