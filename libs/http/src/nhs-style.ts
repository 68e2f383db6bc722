/**
 * How people read dates, times, money and codes, in the NHS digital service
 * manual's content style. Every page, email and message a person reads formats
 * through these; exports and the API keep machine formats (ISO dates, pence).
 *
 *   16 January 2027      a date (a calendar date as it is; a moment as the day in England)
 *   January 2027         a month
 *   12:42am, 3:05pm, 9am a time in England, "midnight" and "midday" for 12am and 12pm
 *   £500, £500.50        money from pence: pence only when there are some, commas for thousands
 *   HR and workforce     a code as words, with acronyms as they are written
 */

const ZONE = 'Europe/London';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const CALENDAR_MONTH = /^(\d{4})-(\d{2})$/;

// Intl only splits the moment into England's numbers; the words are put together below,
// so no runtime's locale data (narrow spaces, "pm" or "PM") changes what a person reads.
const londonParts = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function moment(value: unknown): Date {
  const d = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : new Date(NaN);
  // The value stays out of the message: it may be someone's date of birth, and errors are logged.
  if (Number.isNaN(d.getTime())) throw new Error('Not a date or time');
  return d;
}

function inEngland(value: unknown): Wall {
  const parts = Object.fromEntries(londonParts.formatToParts(moment(value)).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour) % 24, minute: Number(parts.minute) };
}

function dayText(year: number, month: number, day: number): string {
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** A calendar date ("2027-01-16") as its parts, refusing one that is not on the calendar ("2027-02-30"). */
function calendarDay(value: string): { year: number; month: number; day: number } | null {
  const m = CALENDAR_DAY.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) throw new Error('Not a date on the calendar');
  return { year, month, day };
}

/**
 * "16 January 2027". A calendar date (YYYY-MM-DD) is shown as it is, whatever the
 * time zone; a moment (a Date or an ISO timestamp) as the day it is in England.
 */
export function formatDate(value: Date | string | number): string {
  const day = typeof value === 'string' ? calendarDay(value) : null;
  if (day) return dayText(day.year, day.month, day.day);
  const w = inEngland(value);
  return dayText(w.year, w.month, w.day);
}

/** "2027-01" (or any date in the month) -> "January 2027". */
export function formatMonth(value: Date | string): string {
  const m = typeof value === 'string' ? CALENDAR_MONTH.exec(value) : null;
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  const day = typeof value === 'string' ? calendarDay(value) : null;
  if (day) return `${MONTHS[day.month - 1]} ${day.year}`;
  const w = inEngland(value);
  return `${MONTHS[w.month - 1]} ${w.year}`;
}

function clockText(hour: number, minute: number): string {
  if (minute === 0 && hour === 0) return 'midnight';
  if (minute === 0 && hour === 12) return 'midday';
  // The style guide writes whole hours without minutes: "9am", "5:30pm".
  return `${hour % 12 || 12}${minute ? `:${String(minute).padStart(2, '0')}` : ''}${hour < 12 ? 'am' : 'pm'}`;
}

/** The time in England: "12:42am", "3:05pm", "9am", "midnight", "midday". */
export function formatTime(value: Date | string | number): string {
  const w = inEngland(value);
  return clockText(w.hour, w.minute);
}

/** "16 January 2027 at 3:05pm", in England: for a table cell or a summary list. */
export function formatDateTime(value: Date | string | number): string {
  const w = inEngland(value);
  return `${dayText(w.year, w.month, w.day)} at ${clockText(w.hour, w.minute)}`;
}

/** "3:05pm on 16 January 2027", in England: after "by", "at" or "before" in a sentence ("closes at midnight on ..."). */
export function formatTimeOnDate(value: Date | string | number): string {
  const w = inEngland(value);
  return `${clockText(w.hour, w.minute)} on ${dayText(w.year, w.month, w.day)}`;
}

/**
 * The way a page shows a date it was given: a calendar date as a date, a month
 * as a month, a moment as its date and time in England.
 */
export function formatWhen(value: Date | string): string {
  if (typeof value === 'string' && CALENDAR_DAY.test(value)) return formatDate(value);
  if (typeof value === 'string' && CALENDAR_MONTH.test(value)) return formatMonth(value);
  return formatDateTime(value);
}

/**
 * Pence as pounds: 50000 -> "£500", 50050 -> "£500.50", 120000 -> "£1,200",
 * -2000 -> "-£20". Whole pounds and pence are split with integer arithmetic,
 * so no float rounds a penny. Numeric text is accepted (PostgreSQL sends bigint as text).
 */
export function formatPence(pence: number | bigint | string): string {
  let n: bigint;
  if (typeof pence === 'bigint') n = pence;
  else if (typeof pence === 'number' && Number.isSafeInteger(pence)) n = BigInt(pence);
  else if (typeof pence === 'string' && /^-?\d+$/.test(pence.trim())) n = BigInt(pence.trim());
  else throw new Error(`Not a whole number of pence (${typeof pence})`);
  const sign = n < 0n ? '-' : '';
  const abs = n < 0n ? -n : n;
  const pounds = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = abs % 100n;
  return `${sign}£${pounds}${rest === 0n ? '' : `.${rest.toString().padStart(2, '0')}`}`;
}

/** Words written in capitals wherever they fall in a label. */
export const ACRONYMS: ReadonlySet<string> = new Set(['api', 'cqc', 'gp', 'hr', 'icb', 'it', 'nhs', 'ods', 'pcn', 'rqf', 'gms', 'pms', 'csv', 'xlsx', 'uk', 'ukprn', 'id', 'cpd']);

/** A code or field name as lower-case words, acronyms in capitals: "provider_api_key" -> "provider API key", "odsCode" -> "ODS code". */
export function codeWords(code: string): string {
  return code
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/[_\s]+/g, ' ')
    .trim()
    .split(' ')
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()))
    .join(' ');
}

/** A code as the start of a label: "hr_workforce" -> "HR workforce", "mid_point" -> "Mid point". */
export function humanise(code: string): string {
  return capitalise(codeWords(code));
}

/** The first letter in capitals, the rest as written: for a sentence made from a service's message. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A label inside a sentence: lower case, acronyms kept ("HR and workforce" -> "HR and workforce", "Governance, compliance and CQC" -> "governance, compliance and CQC"). */
export function inSentence(label: string): string {
  return label
    .split(' ')
    .map((word) => (/^[A-Z]{2,}/.test(word) || ACRONYMS.has(word.toLowerCase().replace(/[^a-z]/g, '')) ? word : word.toLowerCase()))
    .join(' ');
}
