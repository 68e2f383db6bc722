import type { FieldProblem } from '@app/http';
import { PROGRESS_MILESTONES, type LearnerView } from '@app/training';
import { FORM_REASONS, formErrors, formsFor, type ReportForm, type ReportFormValues } from './report-forms';
import { voidableReport } from './void-form';

const REPORTED: Record<string, string> = {
  start: 'Start reported',
  progress: 'Progress reported',
  completion: 'Completion reported',
  deferral: 'Deferral reported',
  withdrawal: 'Withdrawal reported',
  decline: 'Learner turned down: the programme team will place them elsewhere',
};

/** Each report's page: the link the learner's page gives it, and the page's title. */
export const REPORT_ACTIONS: Record<ReportForm, { text: string; title: string }> = {
  start: { text: 'Report a start', title: 'Report a start' },
  progress: { text: 'Report progress', title: 'Report progress' },
  completion: { text: 'Report a completion', title: 'Report a completion' },
  deferral: { text: 'Report a deferral', title: 'Report a deferral' },
  withdrawal: { text: 'Report a withdrawal', title: 'Report a withdrawal' },
  decline: { text: 'Turn down this learner', title: 'Turn down this learner' },
};

/** The success banner for the query a report form or the void form redirected with, if any. */
export function learnerBanner(query: { reported?: string; voided?: string }): string | undefined {
  if (query.voided) return 'Report voided';
  return typeof query.reported === 'string' && Object.hasOwn(REPORTED, query.reported) ? REPORTED[query.reported] : undefined;
}

/**
 * A learner's page: their details (with how to contact them) and reports, a
 * link to each report their status offers, and which report may be voided.
 */
export function learnerPage(learner: LearnerView, state: { banner?: string } = {}) {
  return {
    title: learner.learnerName ?? learner.applicationReference,
    learner,
    phone: learner.learnerPhone ? phoneForDisplay(learner.learnerPhone) : undefined,
    actions: formsFor(learner.status).map((form) => ({ form, text: REPORT_ACTIONS[form].text, href: reportPath(learner.enrolmentId, form) })),
    voidable: voidableReport(learner.reports),
    banner: state.banner,
  };
}

/**
 * A stored phone number (digits only, national format) grouped as people
 * write it: "07700 900123", "020 7946 0000", "0113 496 0000", "01632 960001".
 */
export function phoneForDisplay(digits: string): string {
  const group = (...sizes: number[]) => {
    let at = 0;
    return sizes.map((n) => digits.slice(at, (at += n))).join(' ');
  };
  if (digits.length === 11 && /^02/.test(digits)) return group(3, 4, 4);
  if (digits.length === 11 && /^01(1\d|\d1)/.test(digits)) return group(4, 3, 4);
  if (digits.length === 11) return group(5, 6);
  return group(5, 5);
}

/** Where a report's page is: the form is shown by GET and posted to the same path. */
export function reportPath(enrolmentId: string, form: ReportForm): string {
  return `/portal/provider/learners/${enrolmentId}/${form}`;
}

/** Whether the learner's status offers the report (the service decides again on submit). */
export function offersReport(learner: Pick<LearnerView, 'status'>, form: ReportForm): boolean {
  return formsFor(learner.status).includes(form);
}

/**
 * One report's page: its form, with the values and errors of a refused
 * submission. A withdrawal and turning a learner down cannot be undone by the
 * provider, so their pages are confirmation pages: they say what it means,
 * and confirm with a warning button or go back.
 */
export function reportFormPage(learner: LearnerView, form: ReportForm, state: { values?: ReportFormValues; problems?: FieldProblem[] } = {}) {
  const errors = formErrors(form, state.problems ?? []);
  const name = learner.learnerName ?? 'this learner';
  return {
    title: form === 'withdrawal' ? `Are you sure ${name} has withdrawn?` : form === 'decline' ? `Are you sure you want to turn down ${name}?` : REPORT_ACTIONS[form].title,
    learner,
    form,
    action: reportPath(learner.enrolmentId, form),
    learnerPath: `/portal/provider/learners/${learner.enrolmentId}`,
    confirm: form === 'withdrawal' || form === 'decline',
    milestones: PROGRESS_MILESTONES,
    reasons: form === 'withdrawal' || form === 'deferral' || form === 'decline' ? FORM_REASONS[form] : [],
    values: state.values ?? {},
    errors: errors.byField,
    errorList: errors.list,
  };
}
