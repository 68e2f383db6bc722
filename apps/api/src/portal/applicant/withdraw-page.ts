import { WITHDRAW_REASON_MAX, type ApplicationView } from '@app/intake';
import { STATUS_WORDS } from './application-page';

/** "Are you sure you want to withdraw?": the application, the reason as typed, and its error if refused. */
export function withdrawPage(application: ApplicationView, qualification: { title: string }, reason: string, error: string | undefined) {
  return {
    title: 'Withdraw your application',
    application,
    qualification,
    status: STATUS_WORDS[application.status],
    reason,
    maxReason: WITHDRAW_REASON_MAX.toLocaleString('en-GB'),
    errors: error ? { reason: error } : {},
    errorList: error ? [{ href: '#reason', text: error }] : [],
  };
}
