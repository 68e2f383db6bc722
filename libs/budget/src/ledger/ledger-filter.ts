import { refuse } from '../budget.error';
import { ENTRY_KINDS, type EntryKind } from './effects';
import { requireId } from '../money';

/** What finance narrows the programme's ledger by; every field optional. */
export interface LedgerFilter {
  potId?: string;
  kind?: EntryKind;
  /** First London day to include, YYYY-MM-DD. */
  from?: string;
  /** Last London day to include, YYYY-MM-DD. */
  to?: string;
  applicationId?: string;
  /** The training provider of the entry's application (its enrolment's provider). */
  providerId?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function requireDay(value: unknown, field: string): string {
  if (typeof value !== 'string' || !DAY.test(value)) throw refuse('invalid_input', field, 'must be a date like 2026-04-01');
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) throw refuse('invalid_input', field, 'must be a real date');
  return value;
}

/**
 * The filter as SQL over `budget_ledger_entry e`: a WHERE clause and its
 * parameters, numbered from $1. Dates are London days, so an entry at 00:30
 * BST on 1 April counts on 1 April.
 */
export function ledgerWhere(filter: LedgerFilter): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    clauses.push(sql(`$${params.length}`));
  };
  if (filter.potId) add((n) => `e.pot_id = ${n}::uuid`, requireId(filter.potId, 'potId'));
  if (filter.kind) {
    if (!ENTRY_KINDS.includes(filter.kind)) throw refuse('invalid_input', 'kind', `must be one of ${ENTRY_KINDS.join(', ')}`);
    add((n) => `e.kind = ${n}`, filter.kind);
  }
  const from = filter.from ? requireDay(filter.from, 'from') : undefined;
  const to = filter.to ? requireDay(filter.to, 'to') : undefined;
  if (from && to && from > to) throw refuse('invalid_input', 'to', 'must be on or after from');
  if (from) add((n) => `e.at >= (${n}::date)::timestamp AT TIME ZONE 'Europe/London'`, from);
  if (to) add((n) => `e.at < (${n}::date + 1)::timestamp AT TIME ZONE 'Europe/London'`, to);
  if (filter.applicationId) add((n) => `e.application_id = ${n}::uuid`, requireId(filter.applicationId, 'applicationId'));
  if (filter.providerId) {
    add((n) => `e.application_id IN (SELECT en.application_id FROM enrolment en WHERE en.provider_id = ${n}::uuid)`, requireId(filter.providerId, 'providerId'));
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
