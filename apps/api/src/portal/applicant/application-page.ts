import { APPEAL_STATEMENT, APPEAL_WINDOW_DAYS, canTransition, type ApplicationStatus, type ApplicationView, type HistoryEntry } from '@app/intake';
import { boundedText, type FormBody } from '../kit/form-fields';

/** An application's status as the applicant reads it: a short label, its tag colour, and what it means for them. */
interface StatusWording {
  text: string;
  colour: string;
  meaning: string;
}

/** Every status, in plain words (a new status without wording does not compile). */
export const STATUS_WORDS: Record<ApplicationStatus, StatusWording> = {
  draft: { text: 'Not submitted', colour: 'grey', meaning: 'You have started this application but not submitted it.' },
  submitted: { text: 'Submitted', colour: 'blue', meaning: 'We have your application and are checking it against the eligibility rules.' },
  ineligible: { text: 'Not eligible', colour: 'red', meaning: 'Your application does not meet the eligibility rules, so we cannot fund it.' },
  referred: {
    text: 'Being checked',
    colour: 'yellow',
    meaning: 'A member of the programme team needs to check your application before it can go forward. We will email you when they have.',
  },
  under_review: {
    text: 'Waiting for review',
    colour: 'blue',
    meaning: 'Your application meets the eligibility rules and is waiting for the programme team to review it. We will email you when they have decided.',
  },
  offered: { text: 'Bursary offered', colour: 'green', meaning: 'You have been offered a bursary. Accept or decline it before the offer expires.' },
  waitlisted: {
    text: 'On the waiting list',
    colour: 'yellow',
    meaning: 'As money is released, applications on the waiting list are offered a bursary in priority order. We will email you if you are offered one.',
  },
  rejected: { text: 'Not successful', colour: 'red', meaning: 'We cannot offer you a bursary for this application.' },
  accepted: {
    text: 'Offer accepted',
    colour: 'green',
    meaning: 'You have accepted the bursary. Choose your course below, or the programme team will place you on one and email you.',
  },
  declined: { text: 'Offer declined', colour: 'grey', meaning: 'You declined the bursary, so it has gone to someone else.' },
  expired: { text: 'Offer expired', colour: 'grey', meaning: 'The offer was not accepted in time, so the money has gone to people on the waiting list.' },
  withdrawn: { text: 'Withdrawn', colour: 'grey', meaning: 'This application has been withdrawn.' },
  enrolled: { text: 'Place confirmed', colour: 'aqua-green', meaning: 'You have a place on a course. Your bursary is paid to the training provider: you do not pay for the course.' },
  completed: { text: 'Completed', colour: 'green', meaning: 'Your training provider has told us you have finished the course.' },
  not_passed: {
    text: 'Not passed',
    colour: 'red',
    meaning: 'Your training provider has told us you did not pass the course and no resit is planned, so your place has ended. If you think this is wrong, contact your training provider.',
  },
  appealed: { text: 'Appeal being considered', colour: 'purple', meaning: 'The programme team is considering your appeal. We will email you when they have decided.' },
};

/** The eligibility engine's outcome, in words. */
export const ELIGIBILITY_WORDS: Record<string, string> = {
  eligible: 'Meets the eligibility rules',
  refer: 'Needs a check by the programme team',
  ineligible: 'Does not meet the eligibility rules',
};

/** A status as a line of the history: the draft's entry is when the application was started. */
export function historyWords(status: ApplicationStatus): string {
  return status === 'draft' ? 'Started' : STATUS_WORDS[status].text;
}

/** Whether a training provider made the change (a person, or the provider's API key in a bulk upload). */
export function byProvider(by: string): boolean {
  return by === 'provider' || by === 'provider_api_key';
}

/**
 * A history entry's note as the applicant may see it: a provider's note
 * (turning a learner down, a withdrawal, a voided completion) is written for
 * the programme team, so it is not shown to the learner.
 */
export function noteForApplicant(entry: Pick<HistoryEntry, 'by' | 'note'>): string | undefined {
  return byProvider(entry.by) ? undefined : (entry.note ?? undefined);
}

/** Who made a change in the history, as the applicant would say it. */
export function moverWords(by: string): string {
  if (by === 'applicant') return 'You';
  if (byProvider(by)) return 'Your training provider';
  if (by === 'system') return 'Automatic';
  return 'Programme team';
}

/**
 * When the applicant can no longer appeal, or undefined when this
 * application cannot be appealed at all. The same rule as
 * ApplicationsService.appeal: an ineligible or rejected application, within
 * APPEAL_WINDOW_DAYS of the latest move to that status.
 */
export function appealDeadline(view: Pick<ApplicationView, 'status' | 'history'>): Date | undefined {
  if (view.status !== 'ineligible' && view.status !== 'rejected') return undefined;
  const decided = view.history.filter((h) => h.status === view.status).at(-1);
  if (!decided) return undefined;
  return new Date(new Date(decided.at).getTime() + APPEAL_WINDOW_DAYS * 86_400_000);
}

/** The appeal form's statement, trimmed, or the error to show beside it. */
export function appealStatement(body: FormBody): { statement: string; error?: string } {
  const { text: statement, error } = boundedText(body, 'statement', {
    missing: 'Enter why you think the decision is wrong',
    min: APPEAL_STATEMENT.min,
    tooShort: `Your appeal must be ${APPEAL_STATEMENT.min} characters or more`,
    max: APPEAL_STATEMENT.max,
    tooLong: `Your appeal must be ${APPEAL_STATEMENT.max.toLocaleString('en-GB')} characters or fewer`,
  });
  return error ? { statement, error } : { statement };
}

/**
 * What the applicant can do on the page now: edit and submit a draft, answer
 * the offer, appeal, or withdraw (the status table's own rule: an applicant
 * may withdraw from the statuses that allow it, not once enrolled). The
 * service decides again on submit.
 */
export function actionsFor(
  view: Pick<ApplicationView, 'status' | 'history' | 'offer'>,
  now = new Date(),
): { editDraft: boolean; answerOffer: boolean; appeal: boolean; appealBy?: Date; withdraw: boolean } {
  const appealBy = appealDeadline(view);
  const offerOpen = view.status === 'offered' && !!view.offer && new Date(view.offer.expiresAt) > now;
  return {
    editDraft: view.status === 'draft',
    answerOffer: offerOpen,
    appeal: !!appealBy && appealBy > now,
    ...(appealBy ? { appealBy } : {}),
    withdraw: canTransition(view.status, 'withdrawn', 'applicant'),
  };
}

/** The latest reason code given for the application's current status (a review decision), if any. */
export function currentReason(view: Pick<ApplicationView, 'status' | 'history'>): HistoryEntry | undefined {
  const entry = view.history.filter((h) => h.status === view.status).at(-1);
  return entry?.reason ? entry : undefined;
}
