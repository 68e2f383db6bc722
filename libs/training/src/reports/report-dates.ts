/** Dates as the NHS style guide writes them ("16 January 2027"), for the messages a report's date rules give on every channel. */
const calendarDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** `2027-01-16` -> `16 January 2027`. */
export function longDay(isoDay: string): string {
  return calendarDay.format(new Date(`${isoDay}T00:00:00Z`));
}

/** `isoDay` moved by `days` (negative is earlier), as `YYYY-MM-DD`. */
export function addDays(isoDay: string, days: number): string {
  return new Date(Date.parse(`${isoDay}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The later of two `YYYY-MM-DD` days, ignoring an absent one. */
export function laterDay(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

/**
 * The problem with a date outside `from`..`today` (both allowed), or
 * undefined: "must be between 17 December 2026 and today", or, when no day
 * is allowed yet, when the first allowed day is.
 */
export function outsideRange(date: string, from: string | null, today: string): string | undefined {
  if (!from || date >= from) return undefined;
  if (from > today) return `cannot be reported yet: the earliest allowed date is ${longDay(from)}`;
  return from === today ? 'must be today' : `must be between ${longDay(from)} and today`;
}
