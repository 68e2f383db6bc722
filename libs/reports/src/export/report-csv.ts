import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { safeCell } from '@app/training';
import { describeFilters } from '../report-filters';
import type { ReportDefinition, ReportFilters, ReportRow } from '../report-definition';
import { producedAtText } from './produced-at';

/** What an export wrote, for its audit event and its job's row. */
export interface ExportTally {
  rowCount: number;
  /** Cells left empty because the figure is suppressed (fewer than 5 people). */
  suppressedCells: number;
}

/**
 * The lines before the column headings, one cell each: which report, which
 * filters, when. Each starts with "#" so a reader (and `csv-parse` with
 * `comment: '#'`) can tell them from the data; a spreadsheet shows them as
 * three lines of text above the table.
 */
export function csvPreamble(definition: ReportDefinition, filters: ReportFilters, producedAt: Date): string[] {
  return [`# Report: ${definition.title}`, `# Filters: ${describeFilters(filters)}`, `# Produced: ${producedAtText(producedAt)}`];
}

/**
 * The report as CSV, streamed row by row from `definition.rows(filters)`:
 * never the whole file in memory (csv-stringify applies back-pressure to the
 * generator). Every cell is formula-safe (safeCell), a suppressed figure
 * (null) is an empty cell, lines end CRLF. `tally` is filled in as rows go
 * and is final when the stream ends.
 */
export function reportCsv(definition: ReportDefinition, filters: ReportFilters, producedAt: Date, tally: ExportTally = { rowCount: 0, suppressedCells: 0 }): Readable {
  const keys = definition.columns.map((c) => c.key);
  const records = Readable.from(
    (async function* () {
      for (const line of csvPreamble(definition, filters, producedAt)) yield [line];
      yield definition.columns.map((c) => safeCell(c.header));
      for await (const row of definition.rows(filters)) {
        tally.rowCount++;
        yield keys.map((k) => cell(row, k, tally));
      }
    })(),
  );
  const csv = stringify({ record_delimiter: '\r\n' });
  // pipe() does not pass errors on: a report whose query fails mid-stream must fail the CSV stream (and the download), not the process.
  records.once('error', (err) => csv.destroy(err));
  return records.pipe(csv);
}

function cell(row: ReportRow, key: string, tally: ExportTally): string {
  const value = row[key];
  if (value === null) {
    tally.suppressedCells++;
    return '';
  }
  return safeCell(value);
}

/** Writes the report as CSV into `sink` (a file, a response, a counter for the bench) and resolves with the tally when it is flushed. */
export async function writeReportCsv(definition: ReportDefinition, filters: ReportFilters, sink: Writable, producedAt = new Date()): Promise<ExportTally> {
  const tally: ExportTally = { rowCount: 0, suppressedCells: 0 };
  await pipeline(reportCsv(definition, filters, producedAt, tally), sink);
  return tally;
}
