import { TrainingError, type LearnerView } from '@app/training';
import type { FormError } from '../kit/pages';
import { MAX_VOID_REASON, voidableReport } from './void-form';

/** The void form as typed, and the problem to show (the reason, or the service's refusal of the report). */
export interface VoidPageState {
  reason?: string;
  problem?: { field: 'reason' | 'report'; text: string };
}

/**
 * The confirmation page for voiding one of the learner's reports. Another
 * learner's report is not found (404); a report that cannot be voided (an
 * earlier one, or a kind the service does not void) gets a page saying so
 * instead of a form.
 */
export function voidReportPage(learner: LearnerView, reportId: string, state: VoidPageState) {
  const report = learner.reports.find((r) => r.id === reportId);
  if (!report) throw new TrainingError('report_not_found', 'No report with that id for this learner');
  const errorList: FormError[] = state.problem ? [{ href: `#void-${state.problem.field}`, text: state.problem.text }] : [];
  const errors = state.problem ? { [state.problem.field]: state.problem.text } : {};
  const voidable = voidableReport(learner.reports)?.id === report.id;
  return { title: 'Void a report', learner, report, voidable, reason: state.reason ?? '', maxReason: MAX_VOID_REASON, errors, errorList };
}
