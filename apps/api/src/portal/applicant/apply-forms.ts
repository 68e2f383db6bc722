import { isUuid } from '@app/http';
import { APPLICATION_STATEMENT_MAX, PERSON_NAME_MAX, WITHDRAW_REASON_MAX } from '@app/intake';
import { emailField } from '../kit/account-forms';
import { boundedText, field, type FormBody } from '../kit/form-fields';

// ---------------------------------------------------------------------------
// A draft application's sections (the task list)

/** The employer support question as typed: whether someone supports the application, and who. */
export interface SupportValues {
  hasSupport: string;
  employerName: string;
  employerEmail: string;
}

export function supportValues(body: FormBody): SupportValues {
  return { hasSupport: field(body, 'hasSupport'), employerName: field(body, 'employerName'), employerEmail: field(body, 'employerEmail') };
}

/**
 * Employer support for ApplicationsService.update, or every problem with the
 * answer: "yes" needs the supporter's name and email address, "no" removes any.
 */
export function employerSupportAnswer(values: SupportValues): { support?: { name: string; email: string } | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (values.hasSupport === 'no') return { errors, support: null };
  if (values.hasSupport !== 'yes') return { errors: { hasSupport: 'Select yes if someone at your employer supports your application' } };
  if (!values.employerName) errors.employerName = 'Enter the name of the person at your employer who supports your application';
  else if (values.employerName.length > PERSON_NAME_MAX) errors.employerName = `The name must be ${PERSON_NAME_MAX} characters or fewer`;
  if (!values.employerEmail) errors.employerEmail = 'Enter the email address of the person at your employer who supports your application';
  else {
    const email = emailField({ email: values.employerEmail });
    if (email.error) errors.employerEmail = email.error;
  }
  return Object.keys(errors).length ? { errors } : { errors, support: { name: values.employerName, email: values.employerEmail } };
}

/** The statement, trimmed, or the error to show beside it: the task list needs one before submitting. */
export function statementAnswer(body: FormBody): { statement: string; error?: string } {
  const { text: statement, error } = boundedText(body, 'statement', {
    missing: 'Enter why you want this qualification',
    max: APPLICATION_STATEMENT_MAX,
    tooLong: `Your statement must be ${APPLICATION_STATEMENT_MAX.toLocaleString('en-GB')} characters or fewer`,
  });
  return error ? { statement, error } : { statement };
}

/** The declaration's error, unless its box is ticked. */
export function declarationError(body: FormBody): string | undefined {
  return field(body, 'declaration') === 'confirmed' ? undefined : 'Confirm that the information you have given is true and that you will tell us if it changes';
}

/** The qualification chosen among the round's, or the error to show beside the choices. */
export function qualificationAnswer(body: FormBody, offered: readonly string[]): { qualificationId?: string; error?: string } {
  const id = field(body, 'qualificationId');
  return offered.includes(id) ? { qualificationId: id } : { error: 'Select the qualification you want to apply for' };
}

/** Where each section field's error links to. */
export const TASK_FIELD_IDS: Record<string, string> = { hasSupport: 'hasSupport', employerName: 'employer-name', employerEmail: 'employer-email', statement: 'statement', declaration: 'declaration', qualificationId: 'qualificationId' };

// ---------------------------------------------------------------------------
// Withdrawing

export function withdrawReason(body: FormBody): { reason: string; error?: string } {
  const { text: reason, error } = boundedText(body, 'reason', {
    missing: 'Enter why you are withdrawing your application',
    max: WITHDRAW_REASON_MAX,
    tooLong: `Your reason must be ${WITHDRAW_REASON_MAX.toLocaleString('en-GB')} characters or fewer`,
  });
  return error ? { reason, error } : { reason };
}

// ---------------------------------------------------------------------------
// Starting an application

/** The round and qualification an Apply button posts, or undefined when they are not ids. */
export function applyChoice(body: FormBody): { roundId: string; qualificationId: string } | undefined {
  const roundId = field(body, 'roundId');
  const qualificationId = field(body, 'qualificationId');
  return isUuid(roundId) && isUuid(qualificationId) ? { roundId, qualificationId } : undefined;
}
