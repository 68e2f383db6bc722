import { ENTRY_KINDS, type EntryKind, type LedgerFilter, type PotInput, type TopUpInput, type TransferInput } from '@app/budget';
import { field, type FormBody } from '../kit/form-fields';
import { parsePounds } from './qualification-form';
import { dateFilter } from './people-page';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An amount typed in pounds, or the error to show beside `name`'s box. */
function amountOf(text: string, what: string): { pence?: number; error?: string } {
  if (!text) return { error: `Enter the amount ${what} in pounds` };
  const pence = parsePounds(text);
  if (pence === undefined) return { error: 'The amount must be in pounds, like 5000 or 1250.50' };
  if (pence <= 0) return { error: 'The amount must be more than £0' };
  return { pence };
}

function reasonOf(text: string): string | undefined {
  if (!text) return 'Enter the reason';
  if (text.length > 1000) return 'The reason must be 1,000 characters or fewer';
  return undefined;
}

export interface TopUpFormValues {
  amount: string;
  reason: string;
}

/** The top-up form: an amount in pounds and a reason. Whether the programme has that much left is the service's rule. */
export function topUpForm(body: FormBody): { values: TopUpFormValues; errors: Record<string, string>; input?: TopUpInput } {
  const values = { amount: field(body, 'amount'), reason: field(body, 'reason') };
  const errors: Record<string, string> = {};
  const amount = amountOf(values.amount, 'to add');
  if (amount.error) errors.amount = amount.error;
  const reason = reasonOf(values.reason);
  if (reason) errors.reason = reason;
  if (Object.keys(errors).length) return { values, errors };
  return { values, errors, input: { amountPence: amount.pence!, reason: values.reason } };
}

export interface TransferFormValues {
  fromPotId: string;
  toPotId: string;
  amount: string;
  reason: string;
}

/** The transfer form: two different pots, an amount in pounds and a reason. */
export function transferForm(body: FormBody): { values: TransferFormValues; errors: Record<string, string>; input?: TransferInput } {
  const values = { fromPotId: field(body, 'fromPotId'), toPotId: field(body, 'toPotId'), amount: field(body, 'amount'), reason: field(body, 'reason') };
  const errors: Record<string, string> = {};
  if (!UUID.test(values.fromPotId)) errors.fromPotId = 'Select the pot the money comes from';
  if (!UUID.test(values.toPotId)) errors.toPotId = 'Select the pot the money goes to';
  else if (values.toPotId === values.fromPotId) errors.toPotId = 'Select a different pot from the one the money comes from';
  const amount = amountOf(values.amount, 'to move');
  if (amount.error) errors.amount = amount.error;
  const reason = reasonOf(values.reason);
  if (reason) errors.reason = reason;
  if (Object.keys(errors).length) return { values, errors };
  return { values, errors, input: { fromPotId: values.fromPotId, toPotId: values.toPotId, amountPence: amount.pence!, reason: values.reason } };
}

export interface PotFormValues {
  name: string;
  financialYear: string;
  amount: string;
  purpose: string;
}

/** Creating a pot: a name, its financial year, what it is for and the money it starts with (may be £0). */
export function potForm(body: FormBody): { values: PotFormValues; errors: Record<string, string>; input?: PotInput } {
  const values = { name: field(body, 'name'), financialYear: field(body, 'financialYear'), amount: field(body, 'amount'), purpose: field(body, 'purpose') || 'bursaries' };
  const errors: Record<string, string> = {};
  if (!values.name) errors.name = 'Enter a name for the pot';
  else if (values.name.length < 3) errors.name = 'The name must be at least 3 characters';
  else if (values.name.length > 200) errors.name = 'The name must be 200 characters or fewer';
  const m = /^(\d{4})-(\d{2})$/.exec(values.financialYear);
  if (!values.financialYear) errors.financialYear = 'Enter the financial year, like 2026-27';
  else if (!m || (Number(m[1]) + 1) % 100 !== Number(m[2])) errors.financialYear = 'The financial year must be two consecutive years, like 2026-27';
  let pence: number | undefined = 0;
  if (values.amount) {
    pence = parsePounds(values.amount);
    if (pence === undefined) errors.amount = 'The amount must be in pounds, like 300000 or 1250.50';
  }
  if (!['bursaries', 'provider_payments'].includes(values.purpose)) errors.purpose = 'Select what the pot is for';
  if (Object.keys(errors).length) return { values, errors };
  return { values, errors, input: { name: values.name, financialYear: values.financialYear, amountPence: pence!, purpose: values.purpose as PotInput['purpose'] } };
}

export interface LedgerFilterValues {
  potId: string;
  kind: string;
  from: string;
  to: string;
  applicationId: string;
  providerId: string;
}

/** The ledger's filters from the page's query; a bad one is named, and left out of the filter. */
export function ledgerFilterForm(query: FormBody): { values: LedgerFilterValues; errors: Record<string, string>; filter: LedgerFilter; queryString: string } {
  const values: LedgerFilterValues = { potId: field(query, 'potId'), kind: field(query, 'kind'), from: field(query, 'from'), to: field(query, 'to'), applicationId: field(query, 'applicationId'), providerId: field(query, 'providerId') };
  const errors: Record<string, string> = {};
  const filter: LedgerFilter = {};
  if (values.potId) {
    if (UUID.test(values.potId)) filter.potId = values.potId;
    else errors.potId = 'Select a pot from the list';
  }
  if (values.kind) {
    if ((ENTRY_KINDS as readonly string[]).includes(values.kind)) filter.kind = values.kind as EntryKind;
    else errors.kind = 'Select a kind of entry from the list';
  }
  // Typed as people write a date ("1 4 2026"), or as a link carries it (2026-04-01); the filter and its links keep ISO.
  for (const [name, words] of [['from', 'The first date'], ['to', 'The last date']] as const) {
    const typed = dateFilter(query ?? {}, name, words);
    if (typed.error) errors[name] = typed.error;
    else if (typed.date) filter[name] = typed.date.toISOString().slice(0, 10);
  }
  if (filter.from && filter.to && filter.from > filter.to) {
    errors.to = 'The last date must be the same as or after the first date';
    delete filter.to;
  }
  for (const [name, words] of [['applicationId', 'The application'], ['providerId', 'The provider']] as const) {
    const v = values[name];
    if (!v) continue;
    if (UUID.test(v)) filter[name] = v;
    else errors[name] = `${words} must be an id like 3f2c…, copied from its page`;
  }
  const queryString = new URLSearchParams(Object.entries(filter).filter(([, v]) => !!v) as [string, string][]).toString();
  return { values, errors, filter, queryString };
}

/** A pot's money as shares of its funding, for the pot page: what is used, by the reminders' definition (funded less available). */
export function potUse(p: { fundedPence: number; availablePence: number }): { usedPence: number; percentUsed: number } {
  const usedPence = p.fundedPence - p.availablePence;
  return { usedPence, percentUsed: p.fundedPence > 0 ? Math.floor((usedPence * 100) / p.fundedPence) : 0 };
}
