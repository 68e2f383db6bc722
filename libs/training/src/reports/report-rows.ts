import { isUuid } from '@app/http';
import { PAYMENT_MILESTONES } from '@app/intake';
import type { RowProblem } from '../training.error';
import { CERTIFICATE_REFERENCE_MAX, REPORT_NOTE_MAX } from './limits';

export const REPORT_TYPES = ['start', 'progress', 'completion', 'withdrawal', 'deferral', 'decline'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];
/**
 * The milestones a progress report records, on every channel (the learner's
 * page offers them, the CSV and API take them): the ones a payment schedule
 * can pay on, so every milestone reported can be paid and every one paid can be reported.
 */
export const PROGRESS_MILESTONES = PAYMENT_MILESTONES;
/** Also read as milestones, for files written before: started is taken as a start, completed is refused (a completion gives the outcome). */
export const MILESTONES = ['started', ...PROGRESS_MILESTONES, 'completed'] as const;
export const OUTCOMES = ['passed', 'failed'] as const;

/** The fixed reason lists for withdrawal, deferral and a provider turning a learner down. */
export const REASONS = {
  withdrawal: ['personal_circumstances', 'changed_job', 'left_general_practice', 'health', 'workload', 'course_not_suitable', 'other'],
  deferral: ['personal_circumstances', 'health', 'workload', 'cohort_rescheduled', 'other'],
  decline: ['entry_requirements_not_met', 'cannot_attend_cohort', 'duplicate_learner', 'other'],
} as const;

/** One provider report, from the API, a bulk JSON array or a CSV row. */
export interface ReportRow {
  enrolmentId: string;
  type: ReportType;
  date?: string;
  milestone?: string;
  outcome?: string;
  certificateReference?: string;
  reasonCode?: string;
  note?: string;
  /** A failed completion: true when the provider plans a resit (the bursary stays held), false or absent when not. */
  resitPlanned?: boolean;
}

export const REPORT_COLUMNS = ['enrolmentId', 'type', 'date', 'milestone', 'outcome', 'certificateReference', 'reasonCode', 'note', 'resitPlanned'] as const;

/** resitPlanned as sent: a JSON boolean, or yes/no (true/false) in a CSV cell; undefined when empty, null when unreadable. */
export function readYesNo(value: unknown): boolean | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return null;
  const v = value.trim().toLowerCase();
  if (v === '') return undefined;
  if (v === 'yes' || v === 'true') return true;
  if (v === 'no' || v === 'false') return false;
  return null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * The shape rules every report follows, whichever way it arrives: the same
 * function checks single calls, bulk JSON and CSV rows. `row` numbers the
 * problems (1 = the first report). State rules (is this learner started?)
 * come after, against the database.
 */
export function shapeProblems(input: Record<string, unknown>, row: number, today: string): RowProblem[] {
  const problems: RowProblem[] = [];
  const add = (column: string, message: string) => problems.push({ row, column, message });
  for (const key of Object.keys(input)) {
    if (!(REPORT_COLUMNS as readonly string[]).includes(key)) add(key, `is not a report column; use ${REPORT_COLUMNS.join(', ')}`);
  }
  const text = (key: string) => (typeof input[key] === 'string' && (input[key] as string).trim() !== '' ? (input[key] as string).trim() : undefined);
  const enrolmentId = text('enrolmentId');
  if (!enrolmentId) add('enrolmentId', 'is required');
  else if (!isUuid(enrolmentId)) add('enrolmentId', 'must be an enrolment id (a UUID)');
  const type = text('type');
  if (!type) add('type', `is required: one of ${REPORT_TYPES.join(', ')}`);
  else if (!(REPORT_TYPES as readonly string[]).includes(type)) add('type', `must be one of ${REPORT_TYPES.join(', ')}`);
  const date = text('date');
  if (type !== 'decline') {
    if (!date) add('date', 'is required (YYYY-MM-DD)');
    else if (!validDate(date)) add('date', 'must be a real date, like 2026-09-01');
    else if (date > today) add('date', 'must not be in the future');
  }
  if (type === 'progress') {
    const milestone = text('milestone');
    if (!milestone || !(MILESTONES as readonly string[]).includes(milestone)) add('milestone', `must be one of ${PROGRESS_MILESTONES.join(', ')}`);
  }
  if (type === 'completion') {
    const outcome = text('outcome');
    if (!outcome || !(OUTCOMES as readonly string[]).includes(outcome)) add('outcome', 'must be passed or failed');
  }
  const resit = readYesNo(input.resitPlanned);
  if (resit === null) add('resitPlanned', 'must be yes or no');
  else if (resit !== undefined && !(type === 'completion' && text('outcome') === 'failed')) add('resitPlanned', 'is only for a failed completion');
  const cert = text('certificateReference');
  if (cert && cert.length > CERTIFICATE_REFERENCE_MAX) add('certificateReference', `must be at most ${CERTIFICATE_REFERENCE_MAX} characters`);
  if (type === 'withdrawal' || type === 'deferral' || type === 'decline') {
    const reason = text('reasonCode');
    const allowed = REASONS[type] as readonly string[];
    if (!reason || !allowed.includes(reason)) add('reasonCode', `must be one of ${allowed.join(', ')}`);
  }
  const note = text('note');
  if (note && note.length > REPORT_NOTE_MAX) add('note', `must be at most ${REPORT_NOTE_MAX} characters`);
  return problems;
}

/** What a report is compared on for duplicates: the same type, milestone (of progress) or outcome (of a completion), and date. */
export interface ReportKeyFields {
  type: string;
  milestone?: string | null;
  outcome?: string | null;
  date?: string | null;
}

/** Two reports with the same key say the same thing about a learner: the second is a duplicate. */
export function reportKey(r: ReportKeyFields): string {
  return JSON.stringify([r.type, r.type === 'progress' ? (r.milestone ?? null) : null, r.type === 'completion' ? (r.outcome ?? null) : null, r.date ?? null]);
}

/** A row that passed the shape rules, trimmed, with empty strings dropped. */
export function cleanRow(input: Record<string, unknown>): ReportRow {
  const out: Record<string, string> = {};
  for (const key of REPORT_COLUMNS) {
    const v = input[key];
    if (typeof v === 'string' && v.trim() !== '') out[key] = v.trim();
  }
  if (out.enrolmentId) out.enrolmentId = out.enrolmentId.toLowerCase();
  const resit = readYesNo(input.resitPlanned);
  const row = out as unknown as ReportRow;
  if (typeof resit === 'boolean') row.resitPlanned = resit;
  else delete (out as Record<string, unknown>).resitPlanned;
  // A progress report of the start milestone is a start; of the completed milestone, a passed completion needs its own report.
  if (out.type === 'progress' && out.milestone === 'started') out.type = 'start';
  return row;
}
