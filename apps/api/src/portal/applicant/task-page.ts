import type { WorkforceFramework } from '@app/config';
import { APPLICATION_STATEMENT_MAX } from '@app/intake';
import type { FormError } from '../kit/pages';
import { pounds } from '../kit/views';
import type { DraftData } from './application-loader';
import { answerSections, PROFILE_SECTIONS, sectionTitle, taskList, type AnswersData, type TaskSection } from './application-tasks';
import { TASK_FIELD_IDS, type SupportValues } from './apply-forms';
import { profileFieldId, profileToValues, type ProfileValues } from './profile-form';
import { profileFormPage } from './profile-page';

/** A refused section form: what was typed, and its problems by field. */
export interface TaskPageState {
  errors?: Record<string, string>;
  profile?: ProfileValues;
  support?: SupportValues;
  statement?: string;
  qualificationId?: string;
}

/**
 * One section's page of the task list: its questions filled in from the
 * answers so far (or as typed when refused), and where "Save and continue"
 * goes: back to the task list, or to check your answers when the page was
 * opened from there (`from=check`).
 */
export function taskPage(draft: DraftData, section: TaskSection, w: WorkforceFramework, fromCheck: boolean, state: TaskPageState = {}) {
  const applicationPath = `/portal/applications/${draft.application.id}`;
  const errors = state.errors ?? {};
  const isProfile = !!PROFILE_SECTIONS[section];
  const errorList = Object.entries(errors).map(([name, text]): FormError => ({ href: `#${isProfile ? profileFieldId(name) : (TASK_FIELD_IDS[name] ?? name)}`, text }));
  const support = draft.application.employerSupport;
  const profileValues = state.profile ?? profileToValues({ fullName: draft.accountName, ...draft.answers });
  return {
    title: sectionTitle(section),
    section,
    applicationPath,
    action: `${applicationPath}/tasks/${section}`,
    back: fromCheck ? `${applicationPath}/check` : applicationPath,
    fromCheck,
    reference: draft.application.reference,
    ...profileFormPage(w, profileValues, errors),
    errors,
    errorList,
    qualificationId: state.qualificationId ?? draft.application.qualificationId,
    qualifications: draft.round.qualifications
      .filter((q) => !q.retiredAt || q.id === draft.application.qualificationId)
      .map((q) => ({ ...q, bursary: q.bursaryPence % 100 === 0 ? `£${(q.bursaryPence / 100).toLocaleString('en-GB')}` : pounds(q.bursaryPence) })),
    support: state.support ?? {
      hasSupport: support ? 'yes' : draft.task.employerSupportAnswered ? 'no' : '',
      employerName: support?.name ?? '',
      employerEmail: support?.email ?? '',
    },
    statement: state.statement ?? draft.application.statement ?? '',
    maxStatement: APPLICATION_STATEMENT_MAX.toLocaleString('en-GB'),
    declared: !!draft.task.declaredAt,
  };
}

/**
 * "Check your answers": every section's answers with Change links, and
 * submitting only once every section is complete; otherwise the sections
 * still to do, each linked. `problem` is a refused submission.
 */
export function checkPage(draft: DraftData, w: WorkforceFramework, competencies: readonly string[], state: { problem?: string; tried?: boolean } = {}) {
  const tasks = taskList(draft, competencies);
  const sections = answerSections(answersOf(draft), w, true);
  const errorList: FormError[] = [
    ...(state.tried ? tasks.incomplete.map((s) => ({ href: `#section-${s.slug}`, text: `${s.title}: complete this section before you submit` })) : []),
    ...(state.problem ? [{ href: '#submit', text: state.problem }] : []),
  ];
  return {
    title: 'Check your answers before submitting your application',
    applicationPath: `/portal/applications/${draft.application.id}`,
    reference: draft.application.reference,
    sections: sections.map((s) => ({ ...s, complete: !tasks.incomplete.some((i) => i.slug === s.slug) })),
    incomplete: tasks.incomplete,
    emailVerified: draft.emailVerified,
    errorList,
    problem: state.problem,
  };
}

/** A draft's answers for the summary lists. */
export function answersOf(draft: DraftData): AnswersData {
  return {
    applicationId: draft.application.id,
    answers: draft.answers,
    statement: draft.application.statement,
    employerSupport: draft.application.employerSupport,
    employerSupportAnswered: draft.task.employerSupportAnswered,
    declaredAt: draft.task.declaredAt,
    qualification: draft.qualification,
    round: draft.round,
  };
}
