import { addDays, laterDay, longDay, outsideRange } from './report-dates';

describe('report date rules', () => {
  it('write days in NHS style and move them by whole days across months and years', () => {
    expect(longDay('2027-01-16')).toBe('16 January 2027');
    expect(addDays('2027-01-16', -30)).toBe('2026-12-17');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(laterDay('2026-12-01', '2026-12-17')).toBe('2026-12-17');
    expect(laterDay(null, '2026-12-17')).toBe('2026-12-17');
  });

  it('name the allowed range, both ends allowed', () => {
    // The brief's case: a cohort starting 16 January 2027, accepted in December 2026, judged on 10 January 2027.
    const from = laterDay('2026-12-03', addDays('2027-01-16', -30));
    expect(outsideRange('2020-01-01', from, '2027-01-10')).toBe('must be between 17 December 2026 and today');
    expect(outsideRange('2026-12-17', from, '2027-01-10')).toBeUndefined();
    expect(outsideRange('2026-12-16', null, '2027-01-10')).toBeUndefined();
    expect(outsideRange('2026-12-16', '2027-01-10', '2027-01-10')).toBe('must be today');
    expect(outsideRange('2027-01-10', '2027-01-20', '2027-01-10')).toBe('cannot be reported yet: the earliest allowed date is 20 January 2027');
  });
});
