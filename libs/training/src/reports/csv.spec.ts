import { TrainingError } from '../training.error';
import { parse } from 'csv-parse/sync';
import { parseReportsCsv, reportsCsvTemplate, safeCell, toCsv } from './csv';
import { REPORT_COLUMNS } from './report-rows';

describe('provider report CSV', () => {
  it('reads a BOM, CRLF, quoted fields and columns in any order', () => {
    const text = '\ufefftype,note,enrolmentId,date\r\ncompletion,"Passed, with merit",abc,2026-11-01\r\n';
    expect(parseReportsCsv(text, 10)).toEqual({ rows: [{ type: 'completion', note: 'Passed, with merit', enrolmentId: 'abc', date: '2026-11-01' }], lines: [2] });
  });

  it('reads LF files and skips blank lines, numbering each report by the line it starts on', () => {
    expect(parseReportsCsv('enrolmentId,type\nx,start\n\n', 10).rows).toHaveLength(1);
    // A blank line and a quoted note across two lines still count, as an editor numbers them.
    const { lines } = parseReportsCsv('enrolmentId,type,note\r\na,start,\r\n\r\nb,withdrawal,"two\r\nlines"\r\nc,start,\r\n', 10);
    expect(lines).toEqual([2, 4, 6]);
    expect(parseReportsCsv('\ufeffenrolmentId,type,note\na,start,\n\nb,withdrawal,"two\nlines"\nc,start,', 10).lines).toEqual([2, 4, 6]);
  });

  it('names unknown and missing header columns', () => {
    try {
      parseReportsCsv('enrolment,type,colour\nx,start,red\n', 10);
      throw new Error('expected a refusal');
    } catch (err) {
      expect((err as TrainingError).rowErrors).toEqual([
        { row: 1, column: 'enrolment', message: expect.stringContaining('is not a report column') },
        { row: 1, column: 'colour', message: expect.stringContaining('is not a report column') },
        { row: 1, column: 'enrolmentId', message: 'is a required column' },
      ]);
    }
  });

  it('refuses more rows than allowed', () => {
    expect(() => parseReportsCsv('enrolmentId,type\na,start\nb,start\nc,start\n', 2)).toThrow(/at most 2 reports/);
  });

  it('says which line has the wrong number of cells', () => {
    try {
      parseReportsCsv('enrolmentId,type\na,start\nb,start,extra\n', 10);
      throw new Error('expected a refusal');
    } catch (err) {
      expect((err as TrainingError).rowErrors?.[0].row).toBe(3);
    }
  });

  it('offers a template with every column in order and one example row that reads back as a report', () => {
    const template = reportsCsvTemplate();
    const [header, example, ...rest] = parse(template) as string[][];
    expect(header).toEqual([...REPORT_COLUMNS]);
    expect(rest).toEqual([]);
    expect(example.every((cell) => !/^[=+\-@\t\r]/.test(cell))).toBe(true);
    expect(parseReportsCsv(template, 10)).toEqual({ rows: [expect.objectContaining({ type: 'progress', milestone: 'mid_point' })], lines: [2] });
  });

  it('escapes cells that a spreadsheet would run as formulas', () => {
    expect(['=SUM(A1)', '+1', '-2', '@x', '\tx', 'plain', 42].map(safeCell)).toEqual(["'=SUM(A1)", "'+1", "'-2", "'@x", "'\tx", 'plain', '42']);
    expect(toCsv(['a', 'b'], [{ a: '=1+1', b: 'ok, fine' }])).toBe('a,b\r\n\'=1+1,"ok, fine"\r\n');
  });
});
