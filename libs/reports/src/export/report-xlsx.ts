import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { describeFilters } from '../report-filters';
import type { ReportDefinition, ReportFilters } from '../report-definition';
import { producedAtText } from './produced-at';
import type { ExportTally } from './report-csv';

export const DATA_SHEET = 'Data';
export const ABOUT_SHEET = 'About these columns';
export const SUPPRESSION_NOTE =
  'Figures for fewer than 5 people are suppressed so no one can be identified: their cells are left empty. An empty cell is never zero.';

/** Rows between checks that the sink has taken what was written (back-pressure for the zip stream). */
const DRAIN_EVERY = 500;

/**
 * The report as an Excel workbook, written with exceljs's streaming
 * WorkbookWriter so memory stays flat however many rows: each row is
 * committed (written into the zip) as it comes from `definition.rows`.
 * Sheet "Data": the column headings then one row per report row, numbers as
 * numbers, a suppressed figure (null) an empty cell. Sheet "About these
 * columns": the report, its filters, when it was produced, each column's
 * heading and description, and the suppression note with how many cells it
 * left empty. Strings are stored as strings (never formulas), so no
 * formula-safety prefix is needed here.
 */
export async function writeReportXlsx(definition: ReportDefinition, filters: ReportFilters, sink: Writable, producedAt = new Date()): Promise<ExportTally> {
  const tally: ExportTally = { rowCount: 0, suppressedCells: 0 };
  const out = new PassThrough();
  const done = pipeline(out, sink);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Practice Manager Development Programme';
  workbook.created = producedAt;

  const data = workbook.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = definition.columns.map((c) => ({ header: c.header, key: c.key, width: Math.min(50, Math.max(12, c.header.length + 2)) }));
  data.getRow(1).font = { bold: true };
  data.getRow(1).commit();
  for await (const row of definition.rows(filters)) {
    tally.rowCount++;
    data
      .addRow(
        definition.columns.map((c) => {
          const v = row[c.key];
          if (v === null) tally.suppressedCells++;
          return v === null || v === undefined ? null : v;
        }),
      )
      .commit();
    if (tally.rowCount % DRAIN_EVERY === 0 && out.writableNeedDrain) await once(out, 'drain');
  }
  data.commit();

  const about = workbook.addWorksheet(ABOUT_SHEET);
  about.columns = [{ width: 28 }, { width: 90 }];
  const line = (label: string, text: string | number, bold = false) => {
    const r = about.addRow([label, text]);
    if (bold) r.font = { bold: true };
    r.commit();
  };
  line('Report', definition.title, true);
  line('About the report', definition.description);
  line('Filters', describeFilters(filters));
  line('Produced', producedAtText(producedAt));
  line('Rows', tally.rowCount);
  line('Suppressed figures', `${SUPPRESSION_NOTE} ${tally.suppressedCells === 0 ? 'None are suppressed in this export.' : `${tally.suppressedCells} ${tally.suppressedCells === 1 ? 'cell is' : 'cells are'} empty for this reason.`}`);
  about.addRow([]).commit();
  line('Column', 'What it means', true);
  for (const c of definition.columns) line(c.header, c.description);
  about.commit();

  await workbook.commit();
  await done;
  return tally;
}
