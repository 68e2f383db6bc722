import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ReportDefinition, ReportRow } from '../report-definition';
import { producedAtText } from './produced-at';
import { reportCsv, writeReportCsv } from './report-csv';
import { ABOUT_SHEET, DATA_SHEET, writeReportXlsx } from './report-xlsx';

async function* generated(count: number): AsyncIterable<ReportRow> {
  for (let n = 1; n <= count; n++) yield { n, label: n % 3 === 0 ? null : `=row ${n}` };
}
const definition = (count: number): ReportDefinition => ({
  key: 'gen',
  title: 'Generated',
  description: 'Rows',
  filters: [],
  columns: [
    { key: 'n', header: 'N', description: 'Row number' },
    { key: 'label', header: 'Label', description: 'A label' },
  ],
  rows: () => generated(count),
});

const collect = () => {
  const chunks: Buffer[] = [];
  return { sink: new Writable({ write: (c, _e, cb) => (chunks.push(Buffer.from(c)), cb()) }), bytes: () => Buffer.concat(chunks) };
};

describe('producedAtText', () => {
  it('is England time, NHS style', () => {
    expect(producedAtText(new Date('2026-12-03T12:42:00Z'))).toBe('3 December 2026 at 12:42pm');
    expect(producedAtText(new Date('2026-07-01T08:05:00Z'))).toBe('1 July 2026 at 9:05am');
  });
});

describe('writeReportCsv', () => {
  it('counts rows and suppressed cells, every cell formula-safe', async () => {
    const c = collect();
    const tally = await writeReportCsv(definition(6), {}, c.sink, new Date('2026-12-03T12:42:00Z'));
    expect(tally).toEqual({ rowCount: 6, suppressedCells: 2 });
    expect(c.bytes().toString().split('\r\n').slice(0, 6)).toEqual(['# Report: Generated', '# Filters: no filters', '# Produced: 3 December 2026 at 12:42pm', 'N,Label', "1,'=row 1", "2,'=row 2"]);
  });

  it('fails the CSV stream, not the process, when the report fails part-way', async () => {
    const failing: ReportDefinition = {
      ...definition(0),
      rows: async function* () {
        yield { n: 1, label: 'first' };
        throw new Error('canceling statement due to statement timeout');
      },
    };
    const stream = reportCsv(failing, {}, new Date('2026-12-03T12:42:00Z'));
    const failed = new Promise((_resolve, reject) => stream.once('error', reject));
    stream.resume();
    await expect(failed).rejects.toThrow('statement timeout');
  });
});

describe('writeReportXlsx', () => {
  it('writes the data and About sheets', async () => {
    const c = collect();
    const tally = await writeReportXlsx(definition(2_000), {}, c.sink);
    expect(tally).toEqual({ rowCount: 2_000, suppressedCells: 666 });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(c.bytes() as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual([DATA_SHEET, ABOUT_SHEET]);
    expect(book.getWorksheet(DATA_SHEET)!.rowCount).toBe(2_001);
    expect(book.getWorksheet(DATA_SHEET)!.getRow(4).values).toEqual([undefined, 3]);
  });
});
