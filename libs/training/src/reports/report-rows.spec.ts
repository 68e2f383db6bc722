import { cleanRow, shapeProblems } from './report-rows';

const id = '7b1d3f7e-2f7a-4c8e-9a51-0c3c1f0a2b4d';
const today = '2026-11-26';

describe('report rows', () => {
  it('accepts a good completion', () => {
    expect(shapeProblems({ enrolmentId: id, type: 'completion', date: '2026-11-20', outcome: 'passed', certificateReference: 'CERT-1' }, 1, today)).toEqual([]);
  });

  it('names each bad column with its row', () => {
    expect(shapeProblems({ enrolmentId: 'x', type: 'completion', date: '2026-02-30', outcome: 'maybe', colour: 'red' }, 7, today)).toEqual([
      { row: 7, column: 'colour', message: expect.stringContaining('is not a report column') },
      { row: 7, column: 'enrolmentId', message: 'must be an enrolment id (a UUID)' },
      { row: 7, column: 'date', message: 'must be a real date, like 2026-09-01' },
      { row: 7, column: 'outcome', message: 'must be passed or failed' },
    ]);
  });

  it('refuses future dates and reasons not on the list', () => {
    const problems = shapeProblems({ enrolmentId: id, type: 'withdrawal', date: '2027-01-01', reasonCode: 'bored' }, 2, today);
    expect(problems.map((p) => p.column)).toEqual(['date', 'reasonCode']);
  });

  it('treats a started milestone as a start, trimming and lower-casing the id', () => {
    expect(cleanRow({ enrolmentId: ` ${id.toUpperCase()} `, type: 'progress', milestone: 'started', date: '2026-09-01', note: '' })).toEqual({
      enrolmentId: id,
      type: 'start',
      milestone: 'started',
      date: '2026-09-01',
    });
  });

  it('reads resitPlanned as a JSON boolean or yes/no, for a failed completion only', () => {
    const fail = { enrolmentId: id, type: 'completion', date: '2026-11-20', outcome: 'failed' };
    expect(shapeProblems({ ...fail, resitPlanned: true }, 1, today)).toEqual([]);
    expect(shapeProblems({ ...fail, resitPlanned: ' Yes ' }, 1, today)).toEqual([]);
    expect(shapeProblems({ ...fail, resitPlanned: '' }, 1, today)).toEqual([]);
    expect(shapeProblems({ ...fail, resitPlanned: 'perhaps' }, 3, today)).toEqual([{ row: 3, column: 'resitPlanned', message: 'must be yes or no' }]);
    expect(shapeProblems({ ...fail, outcome: 'passed', resitPlanned: 'no' }, 2, today)).toEqual([{ row: 2, column: 'resitPlanned', message: 'is only for a failed completion' }]);
    expect(cleanRow({ ...fail, resitPlanned: 'yes' })).toEqual({ ...fail, resitPlanned: true });
    expect(cleanRow({ ...fail, resitPlanned: false })).toEqual({ ...fail, resitPlanned: false });
    expect(cleanRow({ ...fail, resitPlanned: '' })).toEqual(fail);
  });
});
