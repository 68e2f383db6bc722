import { capitalise, type FieldProblem } from '@app/http';
import { CERTIFICATE_REFERENCE_MAX, REASONS, REPORT_NOTE_MAX } from '@app/training';
import { field, type FormBody } from '../kit/form-fields';
import type { FormError } from '../kit/pages';

/** The reports a provider makes from a learner's page, one form each, in the order the page shows them. */
export const REPORT_FORMS = ['start', 'progress', 'completion', 'deferral', 'withdrawal', 'decline'] as const;
export type ReportForm = (typeof REPORT_FORMS)[number];

/** The fixed reason lists, for the forms that ask why (the service refuses any other code). */
export const FORM_REASONS = { withdrawal: REASONS.withdrawal, deferral: REASONS.deferral, decline: REASONS.decline };

/** What a report form posts, as typed (kept to show again beside any errors). */
export interface ReportFormValues {
  day: string;
  month: string;
  year: string;
  milestone: string;
  outcome: string;
  certificateReference: string;
  reasonCode: string;
  note: string;
  /** A failed completion: yes or no. */
  resitPlanned: string;
}

const FIELDS: Record<ReportForm, (keyof ReportFormValues)[]> = {
  start: [],
  progress: ['milestone'],
  completion: ['outcome', 'certificateReference', 'resitPlanned'],
  deferral: ['reasonCode', 'note'],
  withdrawal: ['reasonCode', 'note'],
  decline: ['reasonCode', 'note'],
};

/** How an error names each form's date; a decline has no date (the service takes none: the learner never started). */
const DATE_LABEL: Record<ReportForm, string | undefined> = {
  start: 'start date',
  progress: 'date the learner reached the milestone',
  completion: 'completion date',
  deferral: 'date the learner deferred',
  withdrawal: 'date the learner withdrew',
  decline: undefined,
};

const REASON_ERROR: Partial<Record<ReportForm, string>> = {
  deferral: 'Select why the learner is deferring',
  withdrawal: 'Select why the learner withdrew',
  decline: 'Select why you are turning the learner down',
};

/** Which forms a learner's page offers, by the learner's status (the service decides again on submit). */
export function formsFor(status: string): ReportForm[] {
  return REPORT_FORMS.filter((form) => {
    switch (form) {
      case 'start':
        return status === 'placed' || status === 'deferred';
      case 'progress':
        return status === 'started';
      case 'completion':
        return status === 'started' || status === 'completed';
      case 'deferral':
        return status === 'placed' || status === 'started';
      case 'withdrawal':
        return status === 'placed' || status === 'started' || status === 'deferred';
      case 'decline':
        return status === 'placed';
    }
  });
}

/** Reads a report form's fields (the date comes as three fields, date[day], date[month] and date[year]). */
export function formValues(body: FormBody): ReportFormValues {
  const text = (name: string) => field(body, name);
  return {
    day: text('date[day]'),
    month: text('date[month]'),
    year: text('date[year]'),
    milestone: text('milestone'),
    outcome: text('outcome'),
    certificateReference: text('certificateReference'),
    reasonCode: text('reasonCode'),
    note: text('note'),
    resitPlanned: text('resitPlanned'),
  };
}

/**
 * The report a form makes, for ReportsService.reportOne: the same rules as
 * the API judge it. A blank date is left out (the service asks for it); a
 * partly filled or impossible one is passed as typed, so the service calls
 * it not a real date. A form without a date (a decline) never sends one.
 */
export function reportRow(form: ReportForm, enrolmentId: string, values: ReportFormValues): Record<string, unknown> {
  const row: Record<string, unknown> = { enrolmentId, type: form };
  if (DATE_LABEL[form] && (values.day || values.month || values.year)) {
    const two = (v: string) => (/^\d{1,2}$/.test(v) ? v.padStart(2, '0') : v);
    row.date = `${values.year}-${two(values.month)}-${two(values.day)}`;
  }
  for (const name of FIELDS[form]) if (values[name]) row[name] = values[name];
  // The resit question belongs to a fail: with a pass it is not sent (the browser may still post a choice made before).
  if (form === 'completion' && values.outcome !== 'failed') delete row.resitPlanned;
  return row;
}

/**
 * What the form asks that the API leaves optional: for a fail, whether a
 * resit is planned, since the answer decides whether the bursary is released.
 */
export function formOnlyProblems(form: ReportForm, values: ReportFormValues): FieldProblem[] {
  if (form === 'completion' && values.outcome === 'failed' && !values.resitPlanned) return [{ field: 'resitPlanned', message: 'is required for a fail' }];
  return [];
}

/** Where a field's error summary link goes: the first input of the field. */
export function fieldId(form: ReportForm, field: string): string {
  if (field === 'date') return `${form}-date-day`;
  if (field === 'type') return `${form}-form`;
  return `${form}-${field}`;
}

/**
 * The service's problems with a report, in the words of the NHS design
 * system's error messages, keyed by field, with the summary's links.
 */
export function formErrors(form: ReportForm, problems: FieldProblem[]): { byField: Record<string, string>; list: FormError[] } {
  const byField: Record<string, string> = {};
  // In the order the form asks its questions, so the summary reads down the page.
  const sorted = [...problems].sort((a, b) => rank(a.field) - rank(b.field));
  for (const p of sorted) byField[p.field] ??= message(form, p.field, p.message);
  return { byField, list: Object.entries(byField).map(([field, text]) => ({ href: `#${fieldId(form, field)}`, text })) };
}

const PAGE_ORDER = ['type', 'milestone', 'outcome', 'resitPlanned', 'reasonCode', 'date', 'certificateReference', 'note'];
const rank = (field: string) => (PAGE_ORDER.includes(field) ? PAGE_ORDER.indexOf(field) : PAGE_ORDER.length);

function message(form: ReportForm, field: string, raw: string): string {
  const label = DATE_LABEL[form] ?? 'date';
  switch (field) {
    case 'date': {
      if (/required/.test(raw)) return `Enter the ${label}`;
      if (/real date/.test(raw)) return `The ${label} must be a real date`;
      if (/future/.test(raw)) return `The ${label} must be today or in the past`;
      // The service names the allowed days in NHS style already ("between 17 December 2026 and today").
      if (/^(must be between|must be today|cannot be reported yet)/.test(raw)) return `${sentence(label)} ${raw}`;
      break;
    }
    case 'milestone':
      if (/one of/.test(raw)) return 'Select the milestone the learner reached';
      break;
    case 'outcome':
      if (/passed or failed/.test(raw)) return 'Select whether the learner passed or failed';
      break;
    case 'resitPlanned':
      return 'Select whether a resit is planned';
    case 'reasonCode':
      if (/one of/.test(raw) && REASON_ERROR[form]) return REASON_ERROR[form];
      break;
    case 'certificateReference':
      return `The certificate reference must be ${CERTIFICATE_REFERENCE_MAX} characters or fewer`;
    case 'note':
      return `The note must be ${REPORT_NOTE_MAX.toLocaleString('en-GB')} characters or fewer`;
  }
  return sentence(raw);
}

/** "cannot start a learner who is started" -> "Cannot start a learner who is started". */
function sentence(raw: string): string {
  return capitalise(raw.replace(/\s+/g, ' ').trim());
}
