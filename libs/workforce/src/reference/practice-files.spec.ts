import { WorkforceError } from '../workforce.error';
import { parseEpraccur, parseOrganisationNames, parsePcnMembers } from './practice-files';

const REGIONS = [
  { code: 'london', odsCode: 'Y56' },
  { code: 'north_west', odsCode: 'Y62' },
];

function row(cells: Record<number, string>): string {
  return Array.from({ length: 27 }, (_, i) => cells[i + 1] ?? '').join(',');
}
const good = (ods: string, grouping = 'Y56') => row({ 1: ods, 2: 'A Surgery', 3: grouping, 4: 'Q1A', 10: 'N1 1AA', 11: '19900401', 13: 'A', 15: '93C' });

function problems(run: () => unknown) {
  try {
    run();
  } catch (err) {
    if (err instanceof WorkforceError) return err.rowErrors;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('parseEpraccur', () => {
  it('maps the National Grouping to the region and counts rows outside the regions', () => {
    expect(parseEpraccur([good('A00001'), good('A00002', 'Y62'), good('W00001', 'W00')].join('\n'), REGIONS)).toEqual({
      rows: [
        { odsCode: 'A00001', name: 'A Surgery', region: 'london', icbCode: 'Q1A', subIcbCode: '93C', status: 'active', postcode: 'N1 1AA' },
        { odsCode: 'A00002', name: 'A Surgery', region: 'north_west', icbCode: 'Q1A', subIcbCode: '93C', status: 'active', postcode: 'N1 1AA' },
      ],
      outsideRegions: { W00: 1 },
    });
  });

  it('names every problem by line and field: dates that do not exist, bad status, empty name', () => {
    const bad = row({ 1: 'A00003', 2: '', 3: 'Y56', 4: 'Q1A', 11: '20230230', 12: '2024', 13: 'Z' });
    expect(problems(() => parseEpraccur([good('A00001'), bad].join('\n'), REGIONS))).toEqual([
      { row: 2, column: 'Name', message: 'must not be empty' },
      { row: 2, column: 'Open Date', message: 'must be a date like 19740401 (YYYYMMDD)' },
      { row: 2, column: 'Close Date', message: 'must be empty or a date like 20240331 (YYYYMMDD)' },
      { row: 2, column: 'Status Code', message: 'must be A (active), C (closed), D (dormant) or P (proposed)' },
    ]);
  });

  it('refuses an empty file', () => {
    expect(problems(() => parseEpraccur('\n\n', REGIONS))).toEqual([{ row: 0, column: '*', message: 'has no rows' }]);
  });
});

describe('parseOrganisationNames and parsePcnMembers', () => {
  it('skips a header row someone added to the names file', () => {
    expect(parseOrganisationNames('Organisation Code,Name\nQ1A,An ICB')).toEqual([{ code: 'Q1A', name: 'An ICB' }]);
  });

  it('reads ePCN headers in any order and case, skipping memberships ended on or before today', () => {
    const text = ['pcn name,PCN CODE,Partner Organisation Code,Practice to PCN Relationship End Date', 'North PCN,U00001,A00001,31/12/2026', 'Old PCN,U00002,A00002,2026-12-03', 'South PCN,U00003,A00002,'].join('\n');
    expect(parsePcnMembers(text, '2026-12-03')).toEqual({
      members: [
        { odsCode: 'A00001', pcnCode: 'U00001', pcnName: 'North PCN' },
        { odsCode: 'A00002', pcnCode: 'U00003', pcnName: 'South PCN' },
      ],
      ended: 1,
    });
  });
});
