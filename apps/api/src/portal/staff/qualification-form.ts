import type { FieldProblem } from '@app/http';
import type { QualificationInput, QualificationView } from '@app/intake';
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
  completionPaymentPercent: string;
}

export function qualificationFormValues(body: FormBody): QualificationFormValues {
  return {
    title: field(body, 'title'),
    awardingBody: field(body, 'awardingBody'),
    level: field(body, 'level'),
    bursary: field(body, 'bursary'),
    durationMonths: field(body, 'durationMonths'),
    startPaymentPercent: field(body, 'startPaymentPercent'),
    completionPaymentPercent: field(body, 'completionPaymentPercent'),
  };
}

export function qualificationFormFromView(q: QualificationView): QualificationFormValues {
  return {
    title: q.title,
    awardingBody: q.awardingBody,
    level: String(q.level),
    bursary: poundsText(q.bursaryPence),
    durationMonths: String(q.durationMonths),
    startPaymentPercent: String(q.paymentSchedule.startPercent),
    completionPaymentPercent: String(q.paymentSchedule.completionPercent),
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
  const completion = wholeNumber(values.completionPaymentPercent);
  if (!values.completionPaymentPercent) errors.completionPaymentPercent = 'Enter the percentage paid when the learner completes';
  else if (completion === undefined) errors.completionPaymentPercent = 'The payment on completion must be a whole number, like 50';
  if (Object.keys(errors).length) return { errors };
  return { errors, input: { title: values.title, awardingBody: values.awardingBody, level: level!, bursaryPence, durationMonths: durationMonths!, startPaymentPercent: start, completionPaymentPercent: completion } };
}

const LABELS: Record<string, string> = {
  title: 'The title',
  awardingBody: 'The awarding body',
  level: 'The level',
  bursaryPence: 'The bursary',
  durationMonths: 'How long the course lasts',
  startPaymentPercent: 'The payment on start',
  completionPaymentPercent: 'The payment on completion',
};

/** The service's problems (qualificationProblems) in words, by field. */
export function qualificationRefusalErrors(problems: FieldProblem[] | undefined, message: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of problems ?? []) {
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
