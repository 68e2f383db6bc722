import { loadConfig } from '@app/config';
import { describeFilters, parseReportFilters } from './report-filters';

describe('parseReportFilters', () => {
  const workforce = loadConfig().workforce;

  it('reads good filters and treats blanks as "all"', () => {
    const { filters, problems } = parseReportFilters({ financialYear: '2026-27', region: 'london', icb: 'qe1', role: '', providerId: 'A0B5F1E2-1111-4222-8333-944455556666' }, workforce);
    expect(problems).toEqual([]);
    expect(filters).toEqual({ financialYear: '2026-27', region: 'london', icb: 'QE1', providerId: 'a0b5f1e2-1111-4222-8333-944455556666' });
    expect(describeFilters(filters)).toBe('financialYear=2026-27; region=london; icb=QE1; providerId=a0b5f1e2-1111-4222-8333-944455556666');
  });

  it('names each bad field with its problem', () => {
    const { problems } = parseReportFilters({ financialYear: '2026-28', region: 'wales', roundId: 'x', areaKind: 'pcn' }, workforce);
    expect(problems.map((p) => p.field)).toEqual(['roundId', 'financialYear', 'region', 'areaKind']);
    expect(problems[1].message).toBe('must be a financial year such as 2026-27');
  });

  it('refuses a filter the report does not take', () => {
    const { filters, problems } = parseReportFilters({ providerId: 'a0b5f1e2-1111-4222-8333-944455556666', region: 'london' }, workforce, ['region']);
    expect(filters).toEqual({ region: 'london' });
    expect(problems).toEqual([{ field: 'providerId', message: 'does not apply to this report' }]);
  });

  it('says when there are no filters', () => expect(describeFilters({})).toBe('no filters'));
});
