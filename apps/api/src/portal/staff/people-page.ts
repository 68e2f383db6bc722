import { DomainError, humanise, isUuid } from '@app/http';
import { STAFF_ROLES, type AuditEventView, type AuditQuery, type Role } from '@app/identity';
import { OUTBOX_STATUSES, TOPICS, type DeliveryQuery, type OutboxStatus } from '@app/notifications';
import { emailField } from '../kit/account-forms';
import { longDate } from '../kit/views';
import { field, pageNumber, type FormBody } from '../kit/form-fields';
import type { FormState } from '../kit/form-state';

/**
 * The state of the providers, people and log pages, from plain facts: each
 * form as typed and its errors by field, the logs' filters from the URL, and
 * audit entries as rows a person can read. The services decide again on submit.
 */

/** Registering or correcting a provider: its name and 8-digit UKPRN (the API's CreateProviderDto). */
export function providerForm(body: FormBody): FormState<{ name: string; ukprn: string }> {
  const values = { name: field(body, 'name'), ukprn: field(body, 'ukprn').replace(/\s+/g, '') };
  const errors: FormState<typeof values>['errors'] = {};
  if (!values.name) errors.name = 'Enter the provider’s name';
  else if (values.name.length < 2 || values.name.length > 200) errors.name = 'The provider’s name must be between 2 and 200 characters';
  if (!values.ukprn) errors.ukprn = 'Enter the provider’s UKPRN';
  else if (!/^\d{8}$/.test(values.ukprn)) errors.ukprn = 'The UKPRN must be 8 digits, like 10012345';
  return { values, errors };
}

/** Inviting someone: their email address and full name, and for staff their role. */
export function inviteForm(body: FormBody, staff: boolean): FormState<{ email: string; fullName: string; role: string }> {
  const { email, error } = emailField(body);
  const values = { email, fullName: field(body, 'fullName'), role: staff ? field(body, 'role') : 'provider' };
  const errors: FormState<typeof values>['errors'] = {};
  if (error) errors.email = error.replace('your email address', 'their email address');
  if (!values.fullName) errors.fullName = 'Enter their full name';
  else if (values.fullName.length > 200) errors.fullName = 'Their full name must be 200 characters or fewer';
  if (staff && !isStaffRole(values.role)) errors.role = 'Choose their role';
  return { values, errors };
}

/** A staff role from a form. */
export function isStaffRole(value: string): value is Role {
  return (STAFF_ROLES as readonly string[]).includes(value);
}

/** What the staff roles mean, for the invitation and change of role forms. */
export const ROLE_WORDS: Record<string, { text: string; hint: string }> = {
  reviewer: { text: 'Reviewer', hint: 'Reviews applications and decides them' },
  finance: { text: 'Finance', hint: 'Runs the budget, payments and statements' },
  admin: { text: 'Admin', hint: 'Everything, including rounds, providers and people' },
  provider: { text: 'Training provider', hint: '' },
  applicant: { text: 'Applicant', hint: '' },
};

/** The service's field problems (a UKPRN or email address taken) as the form's errors, where they name one of its fields. */
export function serviceFieldErrors(err: DomainError, fields: string[], words: Record<string, string>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of err.errors ?? []) if (fields.includes(p.field)) errors[p.field] = words[p.field] ?? `${humanise(p.field)} ${p.message}`;
  return errors;
}

// --- The logs' filters ----------------------------------------------------------------

/** A date typed in a filter ("1 12 2026", or "2026-12-01"), as the start of that day (UTC), or an error. */
export function dateFilter(query: Record<string, unknown>, name: string, label: string): { value: string; date?: Date; error?: string } {
  const value = typeof query[name] === 'string' ? (query[name] as string).trim() : '';
  if (!value) return { value };
  // As people type a date (1 12 2026, 1/12/2026) or as a date field sends it (2026-12-01).
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  const typed = /^(\d{1,2})[\s/.-]+(\d{1,2})[\s/.-]+(\d{4})$/.exec(value);
  const [y, m, d] = iso ? [+iso[1], +iso[2], +iso[3]] : typed ? [+typed[3], +typed[2], +typed[1]] : [0, 0, 0];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (!y || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return { value, error: `${label} must be a real date, like 1 12 2026` };
  return { value, date };
}

const nextDay = (d: Date) => new Date(d.getTime() + 86_400_000);

/** The page number from the URL: 1 unless a sensible number is given. */
/** The log pages' page number: up to 100,000 pages of 50. */
export const pageOf = (query: Record<string, unknown>): number => pageNumber(query, 100_000);

function text(query: Record<string, unknown>, name: string, max: number): string {
  return field(query, name).slice(0, max);
}

/**
 * A log's dates from and to, both days included: the text as typed for the
 * form, an error beside each that is not a real date (or a "to" before the
 * "from"), and the range to query (`to` the start of the day after).
 */
function dateRange(query: Record<string, unknown>): { values: { from: string; to: string }; errors: { from?: string; to?: string }; range: { from?: Date; to?: Date } } {
  const from = dateFilter(query, 'from', 'Date from');
  const to = dateFilter(query, 'to', 'Date to');
  const errors: { from?: string; to?: string } = {};
  const range: { from?: Date; to?: Date } = {};
  if (from.error) errors.from = from.error;
  else if (from.date) range.from = from.date;
  if (to.error) errors.to = to.error;
  else if (to.date) range.to = nextDay(to.date);
  if (from.date && to.date && to.date < from.date) errors.to = 'Date to must be the same as or after date from';
  return { values: { from: from.value, to: to.value }, errors, range };
}

/** What can be audited, as the filter offers it, with where a page shows one. */
export const TARGET_TYPES: { value: string; text: string; href?: (id: string) => string }[] = [
  { value: 'application', text: 'Application', href: (id) => `/portal/staff/applications/${id}` },
  { value: 'provider', text: 'Training provider', href: (id) => `/portal/staff/providers/${id}` },
  { value: 'user', text: 'Person', href: (id) => `/portal/staff/people/${id}` },
  { value: 'enrolment', text: 'Learner', href: (id) => `/portal/staff/learners/${id}` },
  { value: 'api_key', text: 'API key' },
  { value: 'notification', text: 'Email' },
  { value: 'round', text: 'Funding round' },
  { value: 'qualification', text: 'Qualification' },
  { value: 'cohort', text: 'Cohort' },
  { value: 'pot', text: 'Pot' },
  { value: 'ledger_entry', text: 'Ledger entry' },
];

export interface AuditFilterValues {
  actor: string;
  targetType: string;
  targetId: string;
  action: string;
  from: string;
  to: string;
}

/**
 * The audit log's filters from the URL: the actor by email address or id,
 * the target's type and id, the action, and dates from and to (both days
 * included). What cannot be used is an error beside its field, and left out
 * of the query.
 */
export function auditFilters(query: Record<string, unknown>): { values: AuditFilterValues; errors: Partial<Record<keyof AuditFilterValues, string>>; query: AuditQuery; page: number } {
  const values: AuditFilterValues = {
    actor: text(query, 'actor', 254),
    targetType: text(query, 'targetType', 50),
    targetId: text(query, 'targetId', 100),
    action: text(query, 'action', 100),
    from: '',
    to: '',
  };
  const errors: Partial<Record<keyof AuditFilterValues, string>> = {};
  const page = pageOf(query);
  const q: AuditQuery = { page };
  if (values.actor) {
    if (isUuid(values.actor)) q.actorId = values.actor.toLowerCase();
    else if (/^[^\s@]+@[^\s@]+$/.test(values.actor)) q.actorEmail = values.actor;
    else errors.actor = 'Enter the person’s email address, like name@example.org, or an id';
  }
  if (values.targetType) {
    if (TARGET_TYPES.some((t) => t.value === values.targetType)) q.targetType = values.targetType;
    else values.targetType = '';
  }
  if (values.targetId) q.targetId = values.targetId;
  if (values.action) q.action = values.action;
  const dates = dateRange(query);
  Object.assign(values, dates.values);
  Object.assign(errors, dates.errors);
  Object.assign(q, dates.range);
  return { values, errors, query: q, page };
}

export interface DeliveryFilterValues {
  status: string;
  topic: string;
  recipient: string;
  from: string;
  to: string;
}

/** The delivery log's filters from the URL: status, topic, recipient's email address, and dates (both days included). */
export function deliveryFilters(query: Record<string, unknown>): { values: DeliveryFilterValues; errors: Partial<Record<keyof DeliveryFilterValues, string>>; query: DeliveryQuery; page: number } {
  const values: DeliveryFilterValues = { status: text(query, 'status', 20), topic: text(query, 'topic', 100), recipient: text(query, 'recipient', 254), from: '', to: '' };
  const errors: Partial<Record<keyof DeliveryFilterValues, string>> = {};
  const page = pageOf(query);
  const q: DeliveryQuery = { page };
  if ((OUTBOX_STATUSES as readonly string[]).includes(values.status)) q.status = values.status as OutboxStatus;
  else values.status = '';
  if ((TOPICS as readonly string[]).includes(values.topic)) q.topic = values.topic;
  else values.topic = '';
  if (values.recipient) {
    if (/^[^\s@]+@[^\s@]+$/.test(values.recipient)) q.recipient = values.recipient;
    else errors.recipient = 'Enter the recipient’s email address, like name@example.org';
  }
  const dates = dateRange(query);
  Object.assign(values, dates.values);
  Object.assign(errors, dates.errors);
  Object.assign(q, dates.range);
  return { values, errors, query: q, page };
}

/** Previous and next links for a filtered list, keeping its filters in the URL. */
export function pageLinks(path: string, values: Record<string, string>, page: number, total: number, size: number) {
  const pages = Math.max(1, Math.ceil(total / size));
  const url = (p: number) => {
    const params = new URLSearchParams(Object.entries(values).filter(([, v]) => v !== ''));
    if (p > 1) params.set('page', String(p));
    const q = params.toString();
    return `${path}${q ? `?${q}` : ''}`;
  };
  return {
    from: total === 0 ? 0 : Math.min(total, (page - 1) * size + 1),
    to: Math.min(total, page * size),
    ...(page > 1 ? { previous: url(Math.min(page - 1, pages)) } : {}),
    ...(page < pages ? { next: url(page + 1) } : {}),
  };
}

// --- Audit entries as rows ---------------------------------------------------------------

/** Keys whose values are never shown, whatever a service put in before or after. */
const SECRET_KEY = /secret|password|token|hash|otp|recovery|^key$/i;

function shown(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'None';
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(value) ? longDate(value) : value;
  return JSON.stringify(value);
}

export interface AuditRow {
  id: string;
  at: string;
  actor: string;
  actorRole: string;
  action: string;
  target: { text: string; href?: string } | null;
  changes: { field: string; before: string; after: string }[];
}

/** One audit entry for the page: who in words, the target with a link where a page shows it, and before/after as rows (secrets withheld). */
export function auditRow(e: AuditEventView): AuditRow {
  const actor =
    e.actorRole === 'system' ? 'The system' : e.actorRole === 'provider_api_key' ? `API key ${e.actorId?.slice(0, 8) ?? ''}` : (e.actorEmail ?? e.actorId ?? 'Unknown');
  const type = TARGET_TYPES.find((t) => t.value === e.targetType);
  // A uuid by its first 8 characters, as people read it out; the link carries all of it.
  const shortId = e.targetId && isUuid(e.targetId) ? e.targetId.slice(0, 8) : e.targetId;
  const target = e.targetType && e.targetId ? { text: `${type?.text ?? e.targetType} ${shortId}`, ...(type?.href ? { href: type.href(e.targetId) } : {}) } : null;
  const keys = [...new Set([...Object.keys(e.before ?? {}), ...Object.keys(e.after ?? {})])];
  const changes = keys.map((k) =>
    SECRET_KEY.test(k) ? { field: humanise(k), before: e.before && k in e.before ? 'Withheld' : '', after: e.after && k in e.after ? 'Withheld' : '' } : { field: humanise(k), before: shown(e.before?.[k]), after: shown(e.after?.[k]) },
  );
  return { id: e.id, at: e.at, actor, actorRole: e.actorRole ?? '', action: e.action, target, changes };
}
