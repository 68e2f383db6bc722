import { VOIDABLE_REPORTS } from '@app/training';
import { boundedText, type FormBody } from '../kit/form-fields';

/**
 * The longest reason the portal's void form takes (the API's VoidDto takes
 * training's VOID_REASON): the portal asks for a shorter one.
 */
export const MAX_VOID_REASON = 500;

/**
 * The report a learner's page offers to void: the latest one not voided
 * already, and only if the service can void its kind. The service decides
 * again on submit (another report may have come in since the page was drawn).
 */
export function voidableReport<R extends { id: string; type: string; voided: boolean }>(reports: R[]): R | undefined {
  const latest = reports.filter((r) => !r.voided).at(-1);
  return latest && VOIDABLE_REPORTS.includes(latest.type) ? latest : undefined;
}

/** The void form's reason, trimmed, or the error to show beside it. */
export function voidReason(body: FormBody): { reason: string; error?: string } {
  const { text: reason, error } = boundedText(body, 'reason', {
    missing: 'Enter why you are voiding this report',
    max: MAX_VOID_REASON,
    tooLong: `The reason for voiding must be ${MAX_VOID_REASON} characters or fewer`,
  });
  return error ? { reason, error } : { reason };
}
