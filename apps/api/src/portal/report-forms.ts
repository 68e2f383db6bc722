import type { FieldProblem } from '@app/http';
import { REASONS } from '@app/training';
import { longDate } from './views';
import type { FormError } from './pages';

/** The reports a provider makes from a learner's page, one form each. */
export const REPORT_FORMS = ['start', 'progress', 'completion', 'withdrawal'] as const;
export type ReportForm = (typeof REPORT_FORMS)[number];

/** The milestones a progress form offers: a start is its own form, a completion gives the outcome. */
export const PROGRESS_MILESTONES = ['mid_point', 'assessment_passed'] as const;
export const WITHDRAWAL_REASONS = REASONS.withdrawal;

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
}

const FIELDS: Record<ReportForm, (keyof ReportFormValues)[]> = {
  start: [],
  progress: ['milestone'],
  completion: ['outcome', 'certificateReference'],
  withdrawal: ['reasonCode', 'note'],
};

const DATE_LABEL: Record<ReportForm, string> = {
  start: 'start date',
  progress: 'date the learner reached the milestone',
  completion: 'completion date',
  withdrawal: 'date the learner withdrew',
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
      case 'withdrawal':
        return status === 'placed' || status === 'started' || status === 'deferred';
    }
  });
}

/** Reads a report form's fields (the date comes as three fields, date[day], date[month] and date[year]). */
export function formValues(body: Record<string, unknown> | undefined): ReportFormValues {
  const text = (name: string) => (typeof body?.[name] === 'string' ? (body[name] as string).trim() : '');
  return {
    day: text('date[day]'),
    month: text('date[month]'),
    year: text('date[year]'),
    milestone: text('milestone'),
    outcome: text('outcome'),
    certificateReference: text('certificateReference'),
    reasonCode: text('reasonCode'),
    note: text('note'),
  };
}

/**
 * The report a form makes, for ReportsService.reportOne: the same rules as
 * the API judge it. A blank date is left out (the service asks for it); a
 * partly filled or impossible one is passed as typed, so the service calls
 * it not a real date.
 */
export function reportRow(form: ReportForm, enrolmentId: string, values: ReportFormValues): Record<string, unknown> {
  const row: Record<string, unknown> = { enrolmentId, type: form };
  if (values.day || values.month || values.year) {
    const two = (v: string) => (/^\d{1,2}$/.test(v) ? v.padStart(2, '0') : v);
    row.date = `${values.year}-${two(values.month)}-${two(values.day)}`;
  }
  for (const name of FIELDS[form]) if (values[name]) row[name] = values[name];
  return row;
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

const PAGE_ORDER = ['type', 'milestone', 'outcome', 'reasonCode', 'date', 'certificateReference', 'note'];
const rank = (field: string) => (PAGE_ORDER.includes(field) ? PAGE_ORDER.indexOf(field) : PAGE_ORDER.length);

function message(form: ReportForm, field: string, raw: string): string {
  const label = DATE_LABEL[form];
  switch (field) {
    case 'date': {
      if (/required/.test(raw)) return `Enter the ${label}`;
      if (/real date/.test(raw)) return `The ${label} must be a real date`;
      if (/future/.test(raw)) return `The ${label} must be today or in the past`;
      const start = /start date (\d{4}-\d{2}-\d{2})/.exec(raw);
      if (start) return `The ${label} must be the same as or after the start date, ${longDate(start[1])}`;
      break;
    }
    case 'milestone':
      if (/one of/.test(raw)) return 'Select the milestone the learner reached';
      break;
    case 'outcome':
      if (/passed or failed/.test(raw)) return 'Select whether the learner passed or failed';
      break;
    case 'reasonCode':
      if (/one of/.test(raw)) return 'Select why the learner withdrew';
      break;
    case 'certificateReference':
      return 'The certificate reference must be 100 characters or fewer';
    case 'note':
      return 'The note must be 1,000 characters or fewer';
  }
  return sentence(raw);
}

/** "cannot start a learner who is started" -> "Cannot start a learner who is started". */
function sentence(raw: string): string {
  const text = raw.replace(/\s+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}
