import fc from 'fast-check';
import { codeWords, formatDate, formatDateTime, formatMonth, formatPence, formatTime, formatTimeOnDate, formatWhen, humanise, inSentence } from './nhs-style';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
// Moments from 1990 to 2100: both sides of every clock change in England for a century.
const moments = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true });

describe('money', () => {
  it('writes whole pounds without pence and others with two figures of pence', () => {
    expect(formatPence(50_000)).toBe('£500');
    expect(formatPence(50_050)).toBe('£500.50');
    expect(formatPence(50_005)).toBe('£500.05');
    expect(formatPence(120_000)).toBe('£1,200');
    expect(formatPence(600_000_000)).toBe('£6,000,000');
    expect(formatPence(0)).toBe('£0');
    expect(formatPence(99)).toBe('£0.99');
    expect(formatPence(-2_000)).toBe('-£20');
    expect(formatPence(-505)).toBe('-£5.05');
    expect(formatPence('123450')).toBe('£1,234.50');
    expect(formatPence(Number.MAX_SAFE_INTEGER)).toBe('£90,071,992,547,409.91');
    expect(formatPence(10n ** 20n)).toBe('£1,000,000,000,000,000,000');
  });

  it('refuses what is not a whole number of pence', () => {
    for (const bad of [1.5, Number.NaN, Infinity, '12.50', '', 'abc', Number.MAX_SAFE_INTEGER + 1] as unknown[]) expect(() => formatPence(bad as number)).toThrow();
  });

  it('reads back as the same number of pence, with commas every three figures', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (pence) => {
        const text = formatPence(pence);
        expect(text).toMatch(/^-?£\d{1,3}(,\d{3})*(\.\d{2})?$/);
        expect(text.endsWith('.00')).toBe(false);
        const [pounds, p = '00'] = text.replace(/[-£,]/g, '').split('.');
        expect((BigInt(pounds) * 100n + BigInt(p)) * (pence < 0 ? -1n : 1n)).toBe(BigInt(pence));
        expect(text.includes('.')).toBe(pence % 100 !== 0);
      }),
    );
  });
});

describe('dates', () => {
  it('writes a calendar date as it is, whatever the time zone', () => {
    expect(formatDate('2027-01-16')).toBe('16 January 2027');
    expect(formatDate('2026-03-29')).toBe('29 March 2026');
    expect(formatDate('2024-02-29')).toBe('29 February 2024');
    expect(() => formatDate('2027-02-30')).toThrow();
    expect(() => formatDate('not a date')).toThrow();
  });

  it('writes a moment as the day it is in England', () => {
    // 11:30pm UTC on 1 July is 12:30am on 2 July in British Summer Time.
    expect(formatDate(new Date('2026-07-01T23:30:00Z'))).toBe('2 July 2026');
    expect(formatDate('2026-12-01T23:30:00Z')).toBe('1 December 2026');
  });

  it('round-trips every calendar date', () => {
    fc.assert(
      fc.property(moments, (d) => {
        const iso = d.toISOString().slice(0, 10);
        const m = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/.exec(formatDate(iso));
        expect(m).not.toBeNull();
        const back = `${m![3]}-${String(MONTHS.indexOf(m![2]) + 1).padStart(2, '0')}-${m![1].padStart(2, '0')}`;
        expect(back).toBe(iso);
      }),
    );
  });

  it('writes a month', () => {
    expect(formatMonth('2026-11')).toBe('November 2026');
    expect(formatMonth('2026-11-30')).toBe('November 2026');
    expect(formatMonth(new Date('2026-10-31T23:30:00Z'))).toBe('October 2026');
  });
});

describe('times', () => {
  it('writes times in England with am and pm in lower case and no space', () => {
    expect(formatTime(new Date('2027-01-16T00:42:00Z'))).toBe('12:42am');
    expect(formatTime(new Date('2027-01-16T15:05:00Z'))).toBe('3:05pm');
    expect(formatTime(new Date('2026-07-01T16:30:00Z'))).toBe('5:30pm');
    expect(formatTime(new Date('2027-01-16T00:00:00Z'))).toBe('midnight');
    expect(formatTime(new Date('2027-01-16T12:00:00Z'))).toBe('midday');
    expect(formatTime(new Date('2026-07-01T11:00:00Z'))).toBe('midday');
    expect(formatTime(new Date('2027-01-16T12:01:00Z'))).toBe('12:01pm');
    expect(formatTime(new Date('2027-01-16T09:00:00Z'))).toBe('9am');
    expect(formatTime(new Date('2026-07-16T16:00:00Z'))).toBe('5pm');
  });

  it('writes a date with its time both ways round', () => {
    expect(formatDateTime('2026-12-03T12:42:00Z')).toBe('3 December 2026 at 12:42pm');
    expect(formatTimeOnDate('2026-03-14T17:30:00Z')).toBe('5:30pm on 14 March 2026');
    expect(formatTimeOnDate('2026-01-01T12:00:00Z')).toBe('midday on 1 January 2026');
  });

  it('agrees with the clock in England for every moment', () => {
    const england = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    fc.assert(
      fc.property(moments, (d) => {
        const text = formatTime(d);
        expect(text).toMatch(/^(midnight|midday|([1-9]|1[0-2])(:[0-5]\d)?(am|pm))$/);
        const [h, min] = england.format(d).split(':').map(Number);
        const clock = /^(\d+)(?::(\d\d))?(am|pm)$/.exec(text);
        const expected = text === 'midnight' ? [0, 0] : text === 'midday' ? [12, 0] : [(Number(clock![1]) % 12) + (clock![3] === 'pm' ? 12 : 0), Number(clock![2] ?? 0)];
        expect([h % 24, min]).toEqual(expected);
        expect(formatDateTime(d)).toBe(`${formatDate(d)} at ${text}`);
      }),
    );
  });

  it('shows what a page is given as a date, a month or a moment', () => {
    expect(formatWhen('2026-09-01')).toBe('1 September 2026');
    expect(formatWhen('2026-09')).toBe('September 2026');
    expect(formatWhen('2026-09-01T13:05:00Z')).toBe('1 September 2026 at 2:05pm');
  });
});

describe('codes as words', () => {
  it('writes acronyms in capitals wherever they fall', () => {
    expect(humanise('hr_workforce')).toBe('HR workforce');
    expect(humanise('it_data')).toBe('IT data');
    expect(humanise('governance_cqc')).toBe('Governance CQC');
    expect(humanise('ods_code')).toBe('ODS code');
    expect(humanise('odsCode')).toBe('ODS code');
    expect(humanise('icb')).toBe('ICB');
    expect(humanise('pcn_members')).toBe('PCN members');
    expect(humanise('nhs_number')).toBe('NHS number');
    expect(humanise('provider_api_key')).toBe('Provider API key');
    expect(humanise('mid_point')).toBe('Mid point');
    expect(humanise('left_general_practice')).toBe('Left general practice');
    expect(codeWords('provider_api_key')).toBe('provider API key');
    expect(codeWords('applicationId')).toBe('application ID');
    expect(humanise('ukprn')).toBe('UKPRN');
    // A hyphen is part of a code's word ("self-funded", "2026-27"), not a gap.
    expect(humanise('self-funded')).toBe('Self-funded');
  });

  it('puts a label inside a sentence keeping its acronyms', () => {
    expect(inSentence('Governance, compliance and CQC')).toBe('governance, compliance and CQC');
    expect(inSentence('HR and workforce')).toBe('HR and workforce');
    expect(inSentence('IT and data')).toBe('IT and data');
    expect(inSentence('Leadership and change')).toBe('leadership and change');
  });

  it('never leaves an acronym in mixed or lower case', () => {
    const word = fc.constantFrom('hr', 'it', 'cqc', 'ods', 'nhs', 'icb', 'pcn', 'data', 'practice', 'manager', 'code');
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), (words) => {
        const text = humanise(words.join('_'));
        expect(text).not.toMatch(/\b(Hr|Cqc|It|Ods|Nhs|Icb|Pcn|hr|cqc|it|ods|nhs|icb|pcn)\b/);
        expect(text.toLowerCase()).toBe(words.join(' '));
      }),
    );
  });
});
