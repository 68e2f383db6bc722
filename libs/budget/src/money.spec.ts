import { BudgetError } from './budget.error';
import { financialYear, financialYearOf, formatPounds, nextFinancialYear, requireFinancialYear, requirePence } from './money';

const START = { month: 4, day: 1 };

describe('money', () => {
  it('formats pence as pounds only at the edge, without float rounding', () => {
    expect(formatPounds(600_000_000)).toBe('£6,000,000');
    expect(formatPounds(50_000)).toBe('£500');
    expect(formatPounds(50_050)).toBe('£500.50');
    expect(formatPounds(1)).toBe('£0.01');
    expect(formatPounds(0)).toBe('£0');
    expect(formatPounds(-505)).toBe('-£5.05');
    expect(formatPounds(Number.MAX_SAFE_INTEGER)).toBe('£90,071,992,547,409.91');
    expect(() => formatPounds(1.5)).toThrow();
  });

  it.each([
    [-1, 'must be more than 0'],
    [0, 'must be more than 0'],
    [0.5, 'must be a whole number of pence, with no fraction'],
    [100.01, 'must be a whole number of pence, with no fraction'],
    [Number.NaN, 'must be a whole number of pence'],
    [Infinity, 'must be a whole number of pence'],
    ['100', 'must be a whole number of pence'],
    [2 ** 60, 'is too large'],
  ])('refuses %p as pence, naming the field', (value, message) => {
    try {
      requirePence(value, 'amountPence');
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(BudgetError);
      expect((err as BudgetError).code).toBe('invalid_amount');
      expect((err as BudgetError).errors).toEqual([{ field: 'amountPence', message }]);
    }
  });

  it('accepts whole pence, and zero where allowed', () => {
    expect(requirePence(50_000)).toBe(50_000);
    expect(requirePence(0, 'amountPence', 0)).toBe(0);
  });

  it('knows financial years run April to March', () => {
    expect(financialYear('2026-27', START)).toEqual({ label: '2026-27', startsOn: '2026-04-01', endsOn: '2027-03-31' });
    expect(financialYear('2027-28', START).endsOn).toBe('2028-03-31');
    expect(financialYear('2099-00', START)).toEqual({ label: '2099-00', startsOn: '2099-04-01', endsOn: '2100-03-31' });
    expect(financialYearOf(new Date('2026-11-26T12:00:00Z'), START).label).toBe('2026-27');
    expect(financialYearOf(new Date('2027-03-31T23:59:59Z'), START).label).toBe('2026-27');
    expect(financialYearOf(new Date('2027-04-01T00:00:00Z'), START).label).toBe('2027-28');
    expect(financialYearOf(new Date('2027-01-15T00:00:00Z'), { month: 1, day: 1 })).toEqual({ label: '2027-28', startsOn: '2027-01-01', endsOn: '2027-12-31' });
    expect(nextFinancialYear('2026-27')).toBe('2027-28');
    expect(nextFinancialYear('2099-00')).toBe('2100-01');
  });

  it.each(['2026-28', '2026/27', '26-27', '2026-2027', ''])('refuses %p as a financial year', (label) => {
    expect(() => requireFinancialYear(label)).toThrow(BudgetError);
  });
});
