import { isUuid } from '@app/http';
import { CAPACITY, DELIVERY_MODES, ENROLMENT_STATUSES, REASONS, REPORT_NOTE_MAX, type CohortInput, type DeliveryMode, type EnrolmentStatus, type LearnerFilters } from '@app/training';
import { boundedText, field, type FormBody } from '../kit/form-fields';

/**
 * The catalogue, placement and learners pages' state, from plain facts: the
 * learners list's filters (in the URL) and paging, and each form's values
 * and errors as the person typed them. The rules are the services'; these
 * only say what is missing or not a date before the service is asked.
 */

/** An enrolment's status as the programme team reads it. */
export const ENROLMENT_STATUS_WORDS: Record<EnrolmentStatus, string> = {
  placed: 'Placed, not started',
  started: 'Started',
  deferred: 'Deferred',
  withdrawn: 'Withdrawn',
  completed: 'Completed',
  declined_by_provider: 'Turned down or cohort cancelled',
};

export const COHORT_STATUS_WORDS: Record<string, string> = { open: 'Open', full: 'Full', cancelled: 'Cancelled' };

/** The learners list's filters from the URL; anything not understood is ignored (a bookmark never breaks). */
export function learnerFilters(query: Record<string, unknown>): LearnerFilters & { page: number } {
  const id = (name: string) => (typeof query[name] === 'string' && isUuid(query[name] as string) ? (query[name] as string).toLowerCase() : undefined);
  const status = typeof query.status === 'string' && (ENROLMENT_STATUSES as readonly string[]).includes(query.status) ? (query.status as EnrolmentStatus) : undefined;
  const page = typeof query.page === 'string' && /^\d{1,6}$/.test(query.page) && Number(query.page) >= 1 ? Number(query.page) : 1;
  return { providerId: id('providerId'), cohortId: id('cohortId'), qualificationId: id('qualificationId'), status, page };
}

/** The list's URL for these filters (only the ones set, so URLs stay short and shareable). */
export function learnersUrl(filters: LearnerFilters & { page: number }): string {
  const params = new URLSearchParams();
  for (const key of ['providerId', 'cohortId', 'qualificationId', 'status'] as const) if (filters[key]) params.set(key, filters[key]!);
  if (filters.page > 1) params.set('page', String(filters.page));
  const q = params.toString();
  return `/portal/staff/learners${q ? `?${q}` : ''}`;
}

export function learnersPaging(filters: LearnerFilters & { page: number }, total: number, pageSize: number): { previous?: string; next?: string; from: number; to: number } {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return {
    ...(filters.page > 1 ? { previous: learnersUrl({ ...filters, page: Math.min(filters.page - 1, pages) }) } : {}),
    ...(filters.page < pages ? { next: learnersUrl({ ...filters, page: filters.page + 1 }) } : {}),
    from: total === 0 ? 0 : (filters.page - 1) * pageSize + 1,
    to: Math.min(total, filters.page * pageSize),
  };
}

/** A date asked as day, month and year (`<name>[day]` ...), as typed. */
export interface DateValues {
  day: string;
  month: string;
  year: string;
}

export function dateValues(body: FormBody, name: string): DateValues {
  return { day: field(body, `${name}[day]`), month: field(body, `${name}[month]`), year: field(body, `${name}[year]`) };
}

/** The date as YYYY-MM-DD, or the error to show: missing, or not a real date. */
export function isoDate(values: DateValues, label: string): { date?: string; error?: string } {
  if (!values.day && !values.month && !values.year) return { error: `Enter the ${label}` };
  const ok = /^\d{1,2}$/.test(values.day) && /^\d{1,2}$/.test(values.month) && /^\d{4}$/.test(values.year);
  const date = ok ? `${values.year}-${values.month.padStart(2, '0')}-${values.day.padStart(2, '0')}` : '';
  const d = new Date(`${date}T00:00:00Z`);
  if (!ok || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) return { error: `The ${label} must be a real date, for example 11 1 2027` };
  return { date };
}


export interface CohortFormValues {
  providerId: string;
  qualificationId: string;
  name: string;
  startDate: DateValues;
  capacity: string;
  deliveryMode: string;
}

export const COHORT_FIELD_IDS: Record<string, string> = {
  providerId: 'providerId',
  qualificationId: 'qualificationId',
  name: 'name',
  startDate: 'startDate-day',
  capacity: 'capacity',
  deliveryMode: 'deliveryMode',
};

/** A whole number of places from the form, or the error beside the field. */
export function capacityOf(text: string): { capacity?: number; error?: string } {
  if (!text) return { error: 'Enter the number of places' };
  if (!/^\d{1,5}$/.test(text)) return { error: 'The number of places must be a whole number, like 20' };
  const n = Number(text);
  if (n < CAPACITY.min || n > CAPACITY.max) return { error: `The number of places must be between ${CAPACITY.min} and ${CAPACITY.max}` };
  return { capacity: n };
}

/** The new cohort form: what to send CohortsService.create, or the errors by field. */
export function cohortForm(body: FormBody): { values: CohortFormValues; input?: CohortInput; errors: Record<string, string> } {
  const values: CohortFormValues = {
    providerId: field(body, 'providerId'),
    qualificationId: field(body, 'qualificationId'),
    name: field(body, 'name'),
    startDate: dateValues(body, 'startDate'),
    capacity: field(body, 'capacity'),
    deliveryMode: field(body, 'deliveryMode'),
  };
  const errors: Record<string, string> = {};
  if (!isUuid(values.providerId)) errors.providerId = 'Select the training provider';
  if (!isUuid(values.qualificationId)) errors.qualificationId = 'Select the qualification';
  if (values.name && (values.name.length < 2 || values.name.length > 200)) errors.name = 'The name must be between 2 and 200 characters';
  const start = isoDate(values.startDate, 'start date');
  if (start.error) errors.startDate = start.error;
  const places = capacityOf(values.capacity);
  if (places.error) errors.capacity = places.error;
  if (!(DELIVERY_MODES as readonly string[]).includes(values.deliveryMode)) errors.deliveryMode = 'Select how the course is delivered';
  if (Object.keys(errors).length) return { values, errors };
  return {
    values,
    errors,
    input: {
      providerId: values.providerId,
      qualificationId: values.qualificationId,
      ...(values.name ? { name: values.name } : {}),
      startDate: start.date!,
      capacity: places.capacity!,
      deliveryMode: values.deliveryMode as DeliveryMode,
    },
  };
}

export interface WithdrawalFormValues {
  reasonCode: string;
  note: string;
  date: DateValues;
}

export const WITHDRAWAL_FIELD_IDS: Record<string, string> = { reasonCode: 'reasonCode', date: 'date-day', note: 'note', enrolment: 'enrolment' };

/** The staff withdrawal form (the reasons are the provider's list): the withdrawal to make, or the errors by field. */
export function withdrawalForm(body: FormBody, today: string): { values: WithdrawalFormValues; withdrawal?: { reasonCode: string; date: string; note?: string }; errors: Record<string, string> } {
  const values = { reasonCode: field(body, 'reasonCode'), note: field(body, 'note'), date: dateValues(body, 'date') };
  const errors: Record<string, string> = {};
  if (!(REASONS.withdrawal as readonly string[]).includes(values.reasonCode)) errors.reasonCode = 'Select why the learner is withdrawing';
  const date = isoDate(values.date, 'date the learner withdrew');
  if (date.error) errors.date = date.error;
  else if (date.date! > today) errors.date = 'The date the learner withdrew must be today or in the past';
  if (values.note.length > REPORT_NOTE_MAX) errors.note = `The note must be ${REPORT_NOTE_MAX} characters or fewer`;
  if (Object.keys(errors).length) return { values, errors };
  return { values, errors, withdrawal: { reasonCode: values.reasonCode, date: date.date!, ...(values.note ? { note: values.note } : {}) } };
}

/** The longest correction reason the page takes. */
export const MAX_CORRECTION_REASON = 1000;

/** Why the withdrawal or turning down was a mistake, or the error beside it. */
export function correctionReason(body: FormBody): { reason: string; error?: string } {
  const { text, error } = boundedText(body, 'reason', {
    missing: 'Enter why the provider’s report was a mistake',
    min: 3,
    tooShort: 'The reason must be at least 3 characters',
    max: MAX_CORRECTION_REASON,
    tooLong: `The reason must be ${MAX_CORRECTION_REASON} characters or fewer`,
  });
  return error ? { reason: text, error } : { reason: text };
}

/** Whether the person has confirmed on the check page (the confirm button posts confirm=yes). */
export const confirmed = (body: FormBody): boolean => field(body, 'confirm') === 'yes';
