import { formatPence, isUuid } from '@app/http';
import { refuse } from './budget.error';

/**
 * Money is a whole number of pence everywhere inside the system; pounds
 * appear only where a person reads them (CLI output, messages).
 */

/** `value` as pence: a whole number, at least `min` (1 unless told). Anything else is refused naming `field`. */
export function requirePence(value: unknown, field = 'amountPence', min = 1): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw refuse('invalid_amount', field, 'must be a whole number of pence');
  if (!Number.isInteger(value)) throw refuse('invalid_amount', field, 'must be a whole number of pence, with no fraction');
  if (value < min) throw refuse('invalid_amount', field, min === 0 ? 'must not be negative' : 'must be more than 0');
  if (!Number.isSafeInteger(value)) throw refuse('invalid_amount', field, 'is too large');
  return value;
}

/** A pence column read from PostgreSQL (bigint and sums arrive as text). */
export function penceOf(value: string | number | null | undefined): number {
  const n = Number(value ?? 0);
  if (!Number.isSafeInteger(n)) throw new Error(`Not a whole number of pence: ${value}`);
  return n;
}

/** 60000000 -> "£600,000", 50050 -> "£500.50"; negative amounts keep their sign ("-£5"). The one formatter is @app/http's. */
export const formatPounds = (pence: number): string => formatPence(pence);

/** `value` as a lower-case UUID; otherwise the error `code`, naming `field`. */
export function requireId(value: unknown, field: string, code: 'invalid_input' | 'pot_not_found' | 'entry_not_found' = 'invalid_input'): string {
  if (!isUuid(value)) throw refuse(code, field, 'must be a UUID');
  return value.toLowerCase();
}

/** A reason or reference: text, trimmed, 1 to `max` characters. */
export function requireText(value: unknown, field: string, max = 1000): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) throw refuse('invalid_input', field, 'must be given');
  if (text.length > max) throw refuse('invalid_input', field, `must be at most ${max} characters`);
  return text;
}

/** A financial year's label and dates: "2026-27" runs 1 April 2026 to 31 March 2027 (with the programme's start). */
export interface FinancialYear {
  label: string;
  /** First day, YYYY-MM-DD. */
  startsOn: string;
  /** Last day, YYYY-MM-DD. */
  endsOn: string;
}

export interface YearStart {
  month: number;
  day: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** Validates a label such as "2026-27" (consecutive years); refuses naming `field`. */
export function requireFinancialYear(value: unknown, field = 'financialYear'): string {
  const m = typeof value === 'string' ? /^(\d{4})-(\d{2})$/.exec(value) : null;
  if (!m) throw refuse('invalid_input', field, 'must look like 2026-27');
  if ((Number(m[1]) + 1) % 100 !== Number(m[2])) throw refuse('invalid_input', field, 'must name two consecutive years, like 2026-27');
  return value as string;
}

/** The financial year with the label `label`. */
export function financialYear(label: string, start: YearStart): FinancialYear {
  const first = Number(requireFinancialYear(label).slice(0, 4));
  const startsOn = new Date(Date.UTC(first, start.month - 1, start.day));
  const next = new Date(Date.UTC(first + 1, start.month - 1, start.day));
  return { label, startsOn: iso(startsOn), endsOn: iso(new Date(next.getTime() - 86_400_000)) };
}

/** The financial year `date` falls in. */
export function financialYearOf(date: Date, start: YearStart): FinancialYear {
  const y = date.getUTCFullYear();
  const beforeStart = date.getUTCMonth() + 1 < start.month || (date.getUTCMonth() + 1 === start.month && date.getUTCDate() < start.day);
  const first = beforeStart ? y - 1 : y;
  return financialYear(`${first}-${pad((first + 1) % 100)}`, start);
}

/** The label of the year after `label`: "2026-27" -> "2027-28". */
export function nextFinancialYear(label: string): string {
  const first = Number(requireFinancialYear(label).slice(0, 4)) + 1;
  return `${first}-${pad((first + 1) % 100)}`;
}
