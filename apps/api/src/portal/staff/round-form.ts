import type { PotView } from '@app/budget';
import type { FieldProblem } from '@app/http';
import type { QualificationView, RoundInput, RoundView, RuleSetSummary } from '@app/intake';
import { field, type FormBody } from '../kit/form-fields';
import type { FormError } from '../kit/pages';
import { pounds } from '../kit/views';
import { summaryOf } from '../kit/form-state';

/** The round form as typed: every value a string, each date in three boxes and a time. */
export interface RoundFormValues {
  name: string;
  opens: DateParts;
  closes: DateParts;
  potId: string;
  qualificationIds: string[];
  ruleSetVersion: string;
}

export interface DateParts {
  day: string;
  month: string;
  year: string;
  /** "9:00", "14:30" or "" (the start of the day the round opens, the end of the day it closes). */
  time: string;
}

const ZONE = 'Europe/London';

export function roundFormValues(body: FormBody): RoundFormValues {
  const date = (name: string): DateParts => ({ day: field(body, `${name}[day]`), month: field(body, `${name}[month]`), year: field(body, `${name}[year]`), time: field(body, `${name}Time`) });
  const ticked = [body?.qualificationIds].flat().filter((v): v is string => typeof v === 'string');
  return { name: field(body, 'name'), opens: date('opensAt'), closes: date('closesAt'), potId: field(body, 'potId'), qualificationIds: ticked, ruleSetVersion: field(body, 'ruleSetVersion') };
}

/** The form filled in from a round, in UK time (a round closing at midnight shows the day before, with no time). */
export function roundFormFromView(round: RoundView): RoundFormValues {
  return {
    name: round.name,
    opens: partsOf(new Date(round.opensAt), false),
    closes: partsOf(new Date(round.closesAt), true),
    potId: round.potId ?? '',
    qualificationIds: round.qualifications.map((q) => q.id),
    ruleSetVersion: round.ruleSetVersion,
  };
}

/** Where each field's error links to (the first input of the field). */
export const ROUND_FIELD_IDS: Record<string, string> = {
  name: 'name',
  opensAt: 'opensAt-day',
  closesAt: 'closesAt-day',
  potId: 'potId',
  qualificationIds: 'qualificationIds',
  ruleSetVersion: 'ruleSetVersion',
};

/**
 * What the page checks before asking the service: each field filled in, the
 * dates real. Whether the round closes after it opens, the pot exists, the
 * qualifications may be offered and the rule set is published are the
 * service's to say.
 */
export function roundFormErrors(values: RoundFormValues): { errors: Record<string, string>; input?: RoundInput } {
  const errors: Record<string, string> = {};
  if (!values.name) errors.name = 'Enter a name for the round';
  else if (values.name.length < 3 || values.name.length > 200) errors.name = 'The name must be 3 to 200 characters';
  const opensAt = moment(values.opens, 'opens', false, errors, 'opensAt');
  const closesAt = moment(values.closes, 'closes', true, errors, 'closesAt');
  if (!values.potId) errors.potId = 'Select the budget pot the bursaries come from';
  if (!values.qualificationIds.length) errors.qualificationIds = 'Select at least one qualification the round offers';
  if (!values.ruleSetVersion) errors.ruleSetVersion = 'Select the rule set that decides eligibility';
  if (Object.keys(errors).length || !opensAt || !closesAt) return { errors };
  return { errors, input: { name: values.name, opensAt, closesAt, potId: values.potId, qualificationIds: values.qualificationIds, ruleSetVersion: values.ruleSetVersion } };
}

function moment(parts: DateParts, what: 'opens' | 'closes', endOfDay: boolean, errors: Record<string, string>, name: string): Date | undefined {
  const { day, month, year, time } = parts;
  if (!day && !month && !year) {
    errors[name] = `Enter the date the round ${what}`;
    return undefined;
  }
  if (!day || !month || !year) {
    errors[name] = `The date the round ${what} must include a day, month and year`;
    return undefined;
  }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year) || !realDate(+year, +month, +day)) {
    errors[name] = `The date the round ${what} must be a real date, like 16 1 2027`;
    return undefined;
  }
  const clock = /^(\d{1,2})[:.](\d{2})$/.exec(time);
  if (time && (!clock || +clock[1] > 23 || +clock[2] > 59)) {
    errors[name] = `The time the round ${what} must be a real time on the 24-hour clock, like 09:00 or 17:30`;
    return undefined;
  }
  if (!time && endOfDay) return londonMoment(+year, +month, +day + 1, 0, 0);
  return londonMoment(+year, +month, +day, clock ? +clock[1] : 0, clock ? +clock[2] : 0);
}

function realDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

const partsFormat = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });

function londonParts(at: Date): { year: number; month: number; day: number; hour: number; minute: number } {
  const get = (type: string) => Number(partsFormat.formatToParts(at).find((p) => p.type === type)!.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

/** A wall-clock time in the UK (GMT or BST) as the moment it is; `day` may run past the month's end (the next day). */
export function londonMoment(year: number, month: number, day: number, hour: number, minute: number): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The UK is UTC or UTC+1: try the offset at the guess, then correct once.
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const p = londonParts(new Date(guess));
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    guess += wall - shown;
  }
  return new Date(guess);
}

function partsOf(at: Date, closing: boolean): DateParts {
  const p = londonParts(at);
  if (closing && p.hour === 0 && p.minute === 0) {
    const before = londonParts(new Date(at.getTime() - 3600_000));
    return { day: String(before.day), month: String(before.month), year: String(before.year), time: '' };
  }
  const time = p.hour === 0 && p.minute === 0 ? '' : `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  return { day: String(p.day), month: String(p.month), year: String(p.year), time };
}

/** The service's refusal, in words beside the field it is about. */
export function roundRefusalErrors(problems: FieldProblem[] | undefined, message: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of problems ?? []) {
    const key = p.field in ROUND_FIELD_IDS ? p.field : 'name';
    if (errors[key]) continue;
    if (p.field === 'closesAt' && /after/.test(p.message)) errors.closesAt = 'The round must close after it opens';
    else if (p.field === 'qualificationIds') errors.qualificationIds = /retired/.test(p.message) ? `${p.message}: choose qualifications still offered` : 'Select qualifications from the list';
    else if (p.field === 'ruleSetVersion') errors.ruleSetVersion = 'Select a published rule set: a draft cannot decide applications';
    else if (p.field === 'potId') errors.potId = 'Select a budget pot from the list';
    else errors[key] = message;
  }
  if (!Object.keys(errors).length) errors.name = message;
  return errors;
}

export function roundErrorList(errors: Record<string, string>): FormError[] {
  return summaryOf(errors, ROUND_FIELD_IDS);
}

/** The choices the form offers: open pots, qualifications still offered (plus any the round has), published rule sets newest first. */
export function roundChoices(values: RoundFormValues, pots: PotView[], qualifications: QualificationView[], ruleSets: RuleSetSummary[], keep: string[] = []) {
  return {
    pots: [
      { value: '', text: 'Choose a pot' },
      ...pots.filter((p) => !p.closedAt || p.id === values.potId).map((p) => ({ value: p.id, text: `${p.name} (${p.financialYear}), ${pounds(p.availablePence)} available`, selected: p.id === values.potId })),
    ],
    qualifications: qualifications
      .filter((q) => !q.retiredAt || keep.includes(q.id))
      .map((q) => ({ value: q.id, text: q.title, hint: { text: `Level ${q.level}, ${q.awardingBody}, bursary ${pounds(q.bursaryPence)}${q.retiredAt ? ' (retired)' : ''}` }, checked: values.qualificationIds.includes(q.id) })),
    ruleSets: ruleSets.filter((r) => r.status === 'published').map((r) => ({ value: r.version, text: r.version, selected: r.version === values.ruleSetVersion })),
  };
}

/** A round's status as a tag. */
export const ROUND_STATUS_TAGS = {
  upcoming: { text: 'Upcoming', colour: 'blue' },
  open: { text: 'Open', colour: 'green' },
  closed: { text: 'Closed', colour: 'grey' },
} as const;
