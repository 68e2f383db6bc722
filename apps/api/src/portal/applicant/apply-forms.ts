import { isUuid } from '@app/http';
import { APPLICATION_STATEMENT_MAX, PERSON_NAME_MAX, WITHDRAW_REASON_MAX } from '@app/intake';
import { emailField } from '../kit/account-forms';
import { boundedText, field, type FormBody } from '../kit/form-fields';

// ---------------------------------------------------------------------------
// A draft application

export interface DraftValues {
  statement: string;
  employerName: string;
  employerEmail: string;
}

export function draftValues(body: FormBody): DraftValues {
  return { statement: field(body, 'statement'), employerName: field(body, 'employerName'), employerEmail: field(body, 'employerEmail') };
}

/**
 * The changes for ApplicationsService.update, or the page's errors: a
 * statement of at most 5,000 characters; employer support is both a name and
 * an email address, or neither (saving both blank removes it).
 */
export function draftChanges(values: DraftValues): { changes?: { statement: string | null; employerSupport: { name: string; email: string } | null }; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (values.statement.length > APPLICATION_STATEMENT_MAX) errors.statement = `Your statement must be ${APPLICATION_STATEMENT_MAX.toLocaleString('en-GB')} characters or fewer`;
  const named = !!values.employerName || !!values.employerEmail;
  if (named) {
    if (!values.employerName) errors.employerName = 'Enter the name of the person at your employer who supports your application';
    else if (values.employerName.length > PERSON_NAME_MAX) errors.employerName = `The name must be ${PERSON_NAME_MAX} characters or fewer`;
    if (!values.employerEmail) errors.employerEmail = 'Enter the email address of the person at your employer who supports your application';
    else {
      const email = emailField({ email: values.employerEmail });
      if (email.error) errors.employerEmail = email.error;
    }
  }
  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    changes: {
      statement: values.statement || null,
      employerSupport: named ? { name: values.employerName, email: values.employerEmail } : null,
    },
  };
}

/** Where each draft field's error links to. */
export const DRAFT_FIELD_IDS: Record<string, string> = { statement: 'statement', employerName: 'employer-name', employerEmail: 'employer-email', submit: 'submit' };

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
