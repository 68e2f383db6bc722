import type { FieldProblem } from '@app/http';
import { PROGRESS_MILESTONES, type LearnerView } from '@app/training';
import { FORM_REASONS, formErrors, formsFor, REPORT_FORMS, type ReportForm, type ReportFormValues } from './report-forms';
import { voidableReport } from './void-form';

const REPORTED: Record<string, string> = {
  start: 'Start reported',
  progress: 'Progress reported',
  completion: 'Completion reported',
  deferral: 'Deferral reported',
  withdrawal: 'Withdrawal reported',
  decline: 'Learner turned down: the programme team will place them elsewhere',
};

/** The success banner for the query a report form or the void form redirected with, if any. */
export function learnerBanner(query: { reported?: string; voided?: string }): string | undefined {
  if (query.voided) return 'Report voided';
  return typeof query.reported === 'string' ? REPORTED[query.reported] : undefined;
}

/**
 * A learner's page: their details and reports, the report forms their status
 * offers (and a refused form, with its values and errors), and which report
 * may be voided.
 */
export function learnerPage(learner: LearnerView, state: { banner?: string; form?: ReportForm; values?: ReportFormValues; problems?: FieldProblem[] }) {
  const errors = state.form ? formErrors(state.form, state.problems ?? []) : { byField: {}, list: [] };
  // Every form's values and errors; only the refused form has any.
  const forms = Object.fromEntries(
    REPORT_FORMS.map((form) => [form, form === state.form ? { values: state.values ?? {}, errors: errors.byField } : { values: {}, errors: {} }]),
  );
  return {
    title: learner.learnerName ?? learner.applicationReference,
    learner,
    // A refused form stays on the page even when the learner's status would not offer it, so its errors have somewhere to be.
    forms: [...new Set([...formsFor(learner.status), ...(state.form ? [state.form] : [])])],
    milestones: PROGRESS_MILESTONES,
    reasons: FORM_REASONS,
    voidable: voidableReport(learner.reports),
    banner: state.banner,
    state: forms,
    errorList: errors.list,
  };
}
