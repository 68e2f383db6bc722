import type { PaymentRunView, RunStatus } from '@app/budget';
import { field, type FormBody } from '../kit/form-fields';
import { summaryOf } from '../kit/form-state';
import type { FormError } from '../kit/pages';
import { dateValues, isoDate, type DateValues } from './learners-page';

/** Each status as a tag: its words and colour. */
export const RUN_STATUS_TAGS: Record<RunStatus, { text: string; colour: string }> = {
  draft: { text: 'Draft', colour: 'grey' },
  submitted: { text: 'Waiting for approval', colour: 'yellow' },
  approved: { text: 'Approved, to be paid', colour: 'blue' },
  paid: { text: 'Paid', colour: 'green' },
  cancelled: { text: 'Cancelled', colour: 'red' },
};

/** What the person looking at a run may do next, given its status and who they are. */
export function runActions(run: Pick<PaymentRunView, 'status' | 'createdBy' | 'submittedBy'>, viewerId: string | undefined) {
  const ownRun = !!viewerId && (run.createdBy.id === viewerId || run.submittedBy?.id === viewerId);
  return {
    submit: run.status === 'draft',
    cancel: run.status === 'draft' || run.status === 'submitted',
    approve: run.status === 'submitted' && !ownRun,
    // The builder sees why they cannot approve instead of a button that would refuse them.
    needsSecondApprover: run.status === 'submitted' && ownRun,
    recordPaid: run.status === 'approved',
  };
}

export const SECOND_APPROVER = 'You built or submitted this payment run, so another finance user must approve it';

export interface BuildFormValues {
  providerId: string;
  month: string;
  qualificationId: string;
}

export function buildFormValues(body: FormBody): BuildFormValues {
  return { providerId: field(body, 'providerId'), month: field(body, 'month'), qualificationId: field(body, 'qualificationId') };
}

export interface PaidFormValues {
  paidOn: DateValues;
  remittanceReference: string;
}

/** The "record as paid" form, checked: the date the money was sent (not in the future) and the bank payment's reference. */
export function paidForm(body: FormBody, today: string): { values: PaidFormValues; errors: Record<string, string>; input?: { paidOn: string; remittanceReference: string } } {
  const values = { paidOn: dateValues(body, 'paidOn'), remittanceReference: field(body, 'remittanceReference') };
  const errors: Record<string, string> = {};
  const date = isoDate(values.paidOn, 'date the money was sent');
  if (date.error) errors.paidOn = date.error;
  else if (date.date! > today) errors.paidOn = 'The date the money was sent must be today or in the past';
  if (!values.remittanceReference) errors.remittanceReference = 'Enter the remittance reference';
  else if (values.remittanceReference.length > 100) errors.remittanceReference = 'The remittance reference must be 100 characters or fewer';
  return { values, errors, input: Object.keys(errors).length ? undefined : { paidOn: date.date!, remittanceReference: values.remittanceReference } };
}

export const paidErrorList = (errors: Record<string, string>): FormError[] => summaryOf(errors, { paidOn: 'paidOn-day', remittanceReference: 'remittanceReference' });
