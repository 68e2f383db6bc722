import type { ApplicationView, QualificationView, RoundView } from '@app/intake';
import { decisionReason } from '@app/notifications';
import type { ApplicantEnrolmentView, CohortView } from '@app/training';
import { APPEAL_STATEMENT } from '@app/intake';
import type { FormError } from '../kit/pages';
import { actionsFor, currentReason, ELIGIBILITY_WORDS, historyWords, moverWords, noteForApplicant, STATUS_WORDS } from './application-page';
import type { taskList } from './application-tasks';

/** What went wrong on the page, and the appeal statement as typed. */
export interface ApplicationPageState {
  banner?: string;
  problem?: { field: 'offer' | 'appeal-statement' | 'cohort'; text: string };
  statement?: string;
}

/** Everything the application page shows, as ApplicationPageLoader gathers it. */
export interface ApplicationPageData {
  application: ApplicationView;
  qualification: QualificationView;
  round: RoundView;
  /** Once enrolled or completed: the place on a course. */
  enrolment?: ApplicantEnrolmentView;
  /** A draft only: its task list, and whether the email address is confirmed. */
  tasks?: ReturnType<typeof taskList>;
  emailVerified: boolean;
  /** Whether the profile has a phone number, which the provider a learner is placed with is given (with the name and email). */
  hasPhone?: boolean;
  /** With the offer accepted: the cohorts it may be placed on. */
  choices?: (CohortView & { providerName: string })[];
}

const ANSWERED: Record<string, string> = {
  accepted: 'You have accepted the bursary',
  declined: 'You have declined the bursary',
};

const BANNERS: Record<string, string> = {
  started: 'Your application has been started. Complete each section, then check your answers and submit',
  withdrawn: 'Your application has been withdrawn',
  placed: 'Your place on the course is booked',
};

/** The success banner for the query a form redirected with, if any. */
export function applicationBanner(query: { answered?: string; appealed?: string; done?: string }): string | undefined {
  if (query.appealed) return 'Your appeal has been sent to the programme team';
  if (typeof query.answered === 'string') return ANSWERED[query.answered];
  if (typeof query.done === 'string' && Object.hasOwn(BANNERS, query.done)) return BANNERS[query.done];
  return undefined;
}

/** The application page's context: the application in words, what it offers now, and the state of any refused form. */
export function applicationPage(data: ApplicationPageData, state: ApplicationPageState, now = new Date()) {
  const { application } = data;
  const reason = currentReason(application);
  const actions = actionsFor(application, now);
  const errorList: FormError[] = state.problem ? [{ href: `#${state.problem.field}`, text: state.problem.text }] : [];
  return {
    title: data.qualification.title,
    application,
    qualification: data.qualification,
    round: data.round,
    enrolment: data.enrolment,
    status: STATUS_WORDS[application.status],
    eligibilityOutcome: application.eligibility ? ELIGIBILITY_WORDS[application.eligibility.outcome] : undefined,
    decisionReason: reason?.reason && ['rejected', 'waitlisted'].includes(application.status) ? decisionReason(reason.reason) : undefined,
    decisionNote: reason ? noteForApplicant(reason) : undefined,
    actions: { ...actions, appealBy: actions.appealBy?.toISOString() },
    history: [...application.history].reverse().map((h) => ({ ...h, status: historyWords(h.status), by: moverWords(h.by), note: noteForApplicant(h) })),
    statement: state.statement ?? '',
    maxStatement: APPEAL_STATEMENT.max.toLocaleString('en-GB'),
    errors: state.problem ? { [state.problem.field]: state.problem.text } : {},
    errorList,
    choices: data.choices,
    sharedWithProvider: data.hasPhone ? 'your name, email address and phone number' : 'your name and email address',
    tasks: data.tasks,
    emailVerified: data.emailVerified,
    banner: state.banner,
  };
}
