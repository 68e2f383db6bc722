import { parse } from 'csv-parse/sync';
import { WorkforceError, type LineProblem } from '../workforce.error';

/** Reference files are NHS Digital's, some 15,000 practices; the API and pages take up to 5 MB. */
export const MAX_REFERENCE_ROWS = 60_000;

/** One record of a CSV file with the line it is on (1 = the file's first line). */
export interface CsvLine {
  line: number;
  cells: string[];
}

/**
 * Reads a CSV file as NHS Digital publishes them: UTF-8 with or without a
 * byte-order mark, CRLF or LF, quoted fields, blank lines skipped. Each
 * record keeps its line number so a problem can name it. A file that cannot
 * be read at all is refused with the line csv-parse stopped at.
 */
export function readCsvLines(text: string, what: string): CsvLine[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, info: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw fileInvalid(`The ${what} could not be read as CSV`, [{ row: e.lines ?? 0, column: '*', message: e.message }]);
  }
  if (records.length === 0) throw fileInvalid(`The ${what} is empty`, [{ row: 0, column: '*', message: 'has no rows' }]);
  if (records.length > MAX_REFERENCE_ROWS) {
    throw new WorkforceError('too_many_rows', `The ${what} may hold at most ${MAX_REFERENCE_ROWS.toLocaleString('en-GB')} rows; this one has ${records.length.toLocaleString('en-GB')}`);
  }
  return records.map((r) => ({ line: r.info.lines, cells: r.record }));
}

/** All or nothing: a file with any problem is refused whole, every problem listed. */
export function fileInvalid(message: string, problems: LineProblem[]): WorkforceError {
  return new WorkforceError('file_invalid', message, [{ field: 'file', message }], problems);
}

/** A header row's columns by name (case and spacing as NHS Digital writes them, compared loosely). */
export function headerIndex(header: string[]): Map<string, number> {
  return new Map(header.map((h, i) => [looseName(h), i]));
}

export function looseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}
