import type { FieldProblem } from '@app/http';
import { PAYMENT_MILESTONES, type PaymentSchedule, type QualificationInput, type QualificationView } from '@app/intake';
import { field, type FormBody } from '../kit/form-fields';
import type { FormError } from '../kit/pages';
import { summaryOf } from '../kit/form-state';

/** The qualification form as typed: every value a string, the bursary in pounds. */
export interface QualificationFormValues {
  title: string;
  awardingBody: string;
  level: string;
  bursary: string;
  durationMonths: string;
  startPaymentPercent: string;
  /** A progress milestone paid on (empty: none), and its share. */
  milestone: string;
  milestonePercent: string;
  /** What the pass pays (the field keeps its older name, completion). */
  completionPaymentPercent: string;
  /** The competency codes ticked. */
  competencies: string[];
}

/** The milestones an admin may pay on, in words. */
export const MILESTONE_WORDS: Record<string, string> = { mid_point: 'The mid-point of the course', assessment_passed: 'An assessment passed' };

/** When a milestone stage pays, as a list of stages says it. */
const MILESTONE_WHEN: Record<string, string> = { mid_point: 'at the mid-point', assessment_passed: 'on passing an assessment' };

/** A qualification's schedule in words, for the list: "40% on start, 20% at the mid-point, 40% on a pass". */
export function scheduleWords(schedule: PaymentSchedule): string {
  return schedule.map((s) => (s.on === 'start' ? `${s.percent}% on start` : s.on === 'pass' ? `${s.percent}% on a pass` : `${s.percent}% ${MILESTONE_WHEN[s.milestone] ?? `at ${s.milestone}`}`)).join(', ');
}

export function qualificationFormValues(body: FormBody): QualificationFormValues {
  return {
    title: field(body, 'title'),
    awardingBody: field(body, 'awardingBody'),
    level: field(body, 'level'),
    bursary: field(body, 'bursary'),
    durationMonths: field(body, 'durationMonths'),
    startPaymentPercent: field(body, 'startPaymentPercent'),
    milestone: field(body, 'milestone'),
    milestonePercent: field(body, 'milestonePercent'),
    completionPaymentPercent: field(body, 'completionPaymentPercent'),
    competencies: [body?.competencies].flat().filter((v): v is string => typeof v === 'string'),
  };
}

export function qualificationFormFromView(q: QualificationView): QualificationFormValues {
  const milestone = q.paymentSchedule.find((s) => s.on === 'milestone');
  return {
    title: q.title,
    awardingBody: q.awardingBody,
    level: String(q.level),
    bursary: poundsText(q.bursaryPence),
    durationMonths: String(q.durationMonths),
    startPaymentPercent: String(q.paymentSchedule.find((s) => s.on === 'start')?.percent ?? 0),
    // The form keeps it simple: one milestone (a schedule made on the API with two shows its first here).
    milestone: milestone?.on === 'milestone' ? milestone.milestone : '',
    milestonePercent: milestone ? String(milestone.percent) : '',
    completionPaymentPercent: String(q.paymentSchedule.find((s) => s.on === 'pass')?.percent ?? 0),
    competencies: q.competencies,
  };
}

/** 50000 -> "500", 125050 -> "1250.50": what a person would type. */
export function poundsText(pence: number): string {
  return pence % 100 === 0 ? String(pence / 100) : (pence / 100).toFixed(2);
}

/** "£1,250.50", "1250.5", "500" -> pence; undefined when it is not an amount of money. */
export function parsePounds(text: string): number | undefined {
  const cleaned = text.replace(/^£/, '').replace(/,/g, '').trim();
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(cleaned)) return undefined;
  const [whole, fraction = ''] = cleaned.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

const wholeNumber = (text: string) => (/^\d{1,4}$/.test(text) ? Number(text) : undefined);

/** Where each field's error links to. */
const FIELD_IDS: Record<string, string> = { bursaryPence: 'bursary' };

/** A schedule made on the API with more than one milestone: the form, which shows one, would drop the others. */
export const hasManyMilestones = (q: QualificationView) => q.paymentSchedule.filter((s) => s.on === 'milestone').length > 1;

/**
 * What the page checks before asking the service: each box filled in with a
 * number where one is asked for. The ranges and that the payment schedule
 * makes 100 are the service's rules (qualificationProblems), shown by field.
 */
export function qualificationFormErrors(values: QualificationFormValues): { errors: Record<string, string>; input?: Omit<QualificationInput, 'isExample'> } {
  const errors: Record<string, string> = {};
  if (!values.title) errors.title = 'Enter the qualification’s title';
  if (!values.awardingBody) errors.awardingBody = 'Enter the awarding body';
  const level = wholeNumber(values.level);
  if (level === undefined) errors.level = 'Select the qualification’s level';
  const bursaryPence = parsePounds(values.bursary);
  if (!values.bursary) errors.bursaryPence = 'Enter the bursary in pounds';
  else if (bursaryPence === undefined) errors.bursaryPence = 'The bursary must be an amount in pounds, like 500 or 1250.50';
  const durationMonths = wholeNumber(values.durationMonths);
  if (!values.durationMonths) errors.durationMonths = 'Enter how many months the course lasts';
  else if (durationMonths === undefined) errors.durationMonths = 'How long the course lasts must be a whole number of months, like 12';
  const start = wholeNumber(values.startPaymentPercent);
  if (!values.startPaymentPercent) errors.startPaymentPercent = 'Enter the percentage paid when the learner starts';
  else if (start === undefined) errors.startPaymentPercent = 'The payment on start must be a whole number, like 50';
  const milestone = values.milestone;
  if (milestone && !(PAYMENT_MILESTONES as readonly string[]).includes(milestone)) errors.milestone = 'Select a milestone from the list';
  const milestonePercent = wholeNumber(values.milestonePercent);
  if (milestone && !values.milestonePercent) errors.milestonePercent = 'Enter the percentage paid at the milestone';
  else if (values.milestonePercent && milestonePercent === undefined) errors.milestonePercent = 'The payment at the milestone must be a whole number, like 20';
  else if (values.milestonePercent && !milestone) errors.milestone = 'Select the milestone this payment is for, or leave its percentage empty';
  const completion = wholeNumber(values.completionPaymentPercent);
  if (!values.completionPaymentPercent) errors.completionPaymentPercent = 'Enter the percentage paid when the learner passes';
  else if (completion === undefined) errors.completionPaymentPercent = 'The payment on a pass must be a whole number, like 50';
  if (Object.keys(errors).length) return { errors };
  const paymentSchedule: PaymentSchedule = [
    { on: 'start', percent: start! },
    ...(milestone ? [{ on: 'milestone' as const, milestone: milestone as (typeof PAYMENT_MILESTONES)[number], percent: milestonePercent! }] : []),
    { on: 'pass', percent: completion! },
  ];
  return { errors, input: { title: values.title, awardingBody: values.awardingBody, level: level!, bursaryPence, durationMonths: durationMonths!, paymentSchedule, competencies: values.competencies } };
}

const LABELS: Record<string, string> = {
  title: 'The title',
  awardingBody: 'The awarding body',
  level: 'The level',
  bursaryPence: 'The bursary',
  durationMonths: 'How long the course lasts',
  startPaymentPercent: 'The payment on start',
  milestone: 'The milestone',
  milestonePercent: 'The payment at the milestone',
  completionPaymentPercent: 'The payment on a pass',
  competencies: 'A competency',
};

/** Which box a schedule problem belongs to: paymentSchedule[i].x is the start, the milestone or the pass, by position. */
function scheduleField(field: string, stages: number): string | undefined {
  if (field === 'paymentSchedule') return 'completionPaymentPercent';
  const m = /^paymentSchedule\[(\d+)\](?:\.(\w+))?$/.exec(field);
  if (!m) return undefined;
  const i = Number(m[1]);
  if (i === 0) return 'startPaymentPercent';
  if (i === stages - 1) return 'completionPaymentPercent';
  return m[2] === 'percent' ? 'milestonePercent' : 'milestone';
}

/** The service's problems (qualificationProblems) in words, by field. */
export function qualificationRefusalErrors(problems: FieldProblem[] | undefined, message: string, stages = 2): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of problems ?? []) {
    const box = scheduleField(p.field, stages);
    if (box) {
      if (errors[box]) continue;
      errors[box] = p.field === 'paymentSchedule' && /add up/.test(p.message) ? `The payments must add up to 100%: ${p.message.replace(/^the percents must add up to exactly 100; /, '')}%` : `${LABELS[box]} ${p.message}`;
      continue;
    }
    if (p.field.startsWith('competencies')) {
      errors.competencies ??= 'Select competencies from the list';
      continue;
    }
    if (errors[p.field]) continue;
    if (p.field === 'completionPaymentPercent' && /make 100/.test(p.message)) errors.completionPaymentPercent = `The payments on start and completion must add up to 100%: ${p.message.replace(/^must make 100 with the start payment: /, '')}`;
    else if (p.field === 'bursaryPence') errors.bursaryPence = 'The bursary must be from £0.01 to £100,000';
    else errors[p.field in LABELS ? p.field : 'title'] = `${LABELS[p.field] ?? 'It'} ${p.message}`;
  }
  if (!Object.keys(errors).length) errors.title = message;
  return errors;
}

export function qualificationErrorList(errors: Record<string, string>): FormError[] {
  return summaryOf(errors, FIELD_IDS);
}
