import { parse } from 'csv-parse/sync';
import type { StatementMonth } from '@app/training';
import { paymentLabel, STATEMENT_CSV_COLUMNS, statementCsv, statementCsvRows, statementFileName } from './statement-csv';

const line = (overrides: Partial<StatementMonth['payments'][number]> = {}): StatementMonth['payments'][number] => ({
  id: 'p1',
  enrolmentId: 'e1',
  applicationReference: 'PMDP-26-000123',
  kind: 'start',
  milestone: null,
  amountPence: 25_000,
  dueOn: '2026-09-07',
  paidAt: null,
  state: 'due',
  runReference: null,
  remittanceReference: null,
  paidOn: null,
  ...overrides,
});

const month = (payments: StatementMonth['payments']): StatementMonth => ({ month: '2026-09', duePence: 0, paidPence: 0, payments });

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += chunk.toString();
  return out;
}

describe('a payment statement as CSV', () => {
  it('has a header row naming the amount as pounds, then one row per payment', () => {
    const rows = statementCsvRows(
      month([
        line(),
        line({ id: 'p2', kind: 'milestone', milestone: 'mid_point', amountPence: 12_345, state: 'in_run', runReference: 'PR-2026-09-01' }),
        line({ id: 'p3', kind: 'completion', amountPence: 100_005, state: 'paid', runReference: 'PR-2026-08-01', remittanceReference: 'REM-1', paidOn: '2026-09-20' }),
      ]),
    );
    expect(rows[0]).toEqual([...STATEMENT_CSV_COLUMNS]);
    expect(rows[0]).toContain('Amount (pounds)');
    expect(rows.slice(1)).toEqual([
      ['2026-09', 'PMDP-26-000123', 'Start', '2026-09-07', 'Due, not yet in a payment run', '', '', '', '250.00'],
      ['2026-09', 'PMDP-26-000123', 'Milestone: Mid point', '2026-09-07', 'In a payment run', 'PR-2026-09-01', '', '', '123.45'],
      ['2026-09', 'PMDP-26-000123', 'Pass', '2026-09-07', 'Paid', 'PR-2026-08-01', 'REM-1', '2026-09-20', '1000.05'],
    ]);
  });

  it('writes pence exactly, with no symbol or separator a spreadsheet would read as text', () => {
    const amounts = [0, 1, 99, 100, 5_000, 123_456_789].map((amountPence) => statementCsvRows(month([line({ amountPence })]))[1][8]);
    expect(amounts).toEqual(['0.00', '0.01', '0.99', '1.00', '50.00', '1234567.89']);
  });

  it('cannot carry a formula into a spreadsheet', () => {
    const [, row] = statementCsvRows(month([line({ applicationReference: '=HYPERLINK("http://evil.example")', remittanceReference: '+1', runReference: '@SUM(A1)', state: 'paid', paidOn: '-1' })]));
    expect(row[1]).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(row[5]).toBe(`'@SUM(A1)`);
    expect(row[6]).toBe(`'+1`);
    expect(row[7]).toBe(`'-1`);
  });

  it('streams CSV that reads back to the same cells, CRLF line ends', async () => {
    const statement = month([line({ applicationReference: 'A, "quoted" one' }), line({ id: 'p2' })]);
    const csv = await text(statementCsv(statement));
    expect(csv.split('\r\n')).toHaveLength(4);
    expect(parse(csv)).toEqual(statementCsvRows(statement));
  });

  it('an empty month is the header alone', async () => {
    expect(parse(await text(statementCsv(month([]))))).toEqual([[...STATEMENT_CSV_COLUMNS]]);
  });

  it('labels payments as the statements page does', () => {
    expect(paymentLabel({ kind: 'start', milestone: null })).toBe('Start');
    expect(paymentLabel({ kind: 'milestone', milestone: 'first_assessment' })).toBe('Milestone: First assessment');
    expect(paymentLabel({ kind: 'completion', milestone: null })).toBe('Pass');
  });

  it('names the file after the month', () => {
    expect(statementFileName('2026-09')).toBe('payment-statement-2026-09.csv');
  });
});
