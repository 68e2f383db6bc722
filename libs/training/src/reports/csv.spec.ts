import { TrainingError } from '../training.error';
import { parseReportsCsv, safeCell, toCsv } from './csv';

describe('provider report CSV', () => {
  it('reads a BOM, CRLF, quoted fields and columns in any order', () => {
    const text = '\ufefftype,note,enrolmentId,date\r\ncompletion,"Passed, with merit",abc,2026-11-01\r\n';
    expect(parseReportsCsv(text, 10)).toEqual([{ type: 'completion', note: 'Passed, with merit', enrolmentId: 'abc', date: '2026-11-01' }]);
  });

  it('reads LF files and skips blank lines', () => {
    expect(parseReportsCsv('enrolmentId,type\nx,start\n\n', 10)).toHaveLength(1);
  });

  it('names unknown and missing header columns', () => {
    try {
      parseReportsCsv('enrolment,type,colour\nx,start,red\n', 10);
      throw new Error('expected a refusal');
    } catch (err) {
      expect((err as TrainingError).rowErrors).toEqual([
        { row: 0, column: 'enrolment', message: expect.stringContaining('is not a report column') },
        { row: 0, column: 'colour', message: expect.stringContaining('is not a report column') },
        { row: 0, column: 'enrolmentId', message: 'is a required column' },
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
      expect((err as TrainingError).rowErrors?.[0].row).toBe(2);
    }
  });

  it('escapes cells that a spreadsheet would run as formulas', () => {
    expect(['=SUM(A1)', '+1', '-2', '@x', '\tx', 'plain', 42].map(safeCell)).toEqual(["'=SUM(A1)", "'+1", "'-2", "'@x", "'\tx", 'plain', '42']);
    expect(toCsv(['a', 'b'], [{ a: '=1+1', b: 'ok, fine' }])).toBe('a,b\r\n\'=1+1,"ok, fine"\r\n');
  });
});
