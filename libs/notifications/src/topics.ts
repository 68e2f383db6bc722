/**
 * Every message the system sends. Each has a folder of Nunjucks templates,
 * libs/notifications/templates/<topic>/ (subject, text and HTML).
 */
export const TOPIC = {
  // Accounts: security messages, always sent.
  verifyEmail: 'account.verify_email',
  passwordReset: 'account.password_reset',
  invitation: 'account.invitation',
  securityChanged: 'account.security_changed',
  registrationAttempted: 'account.registration_attempted',
  // Applicants.
  applicationSubmitted: 'application.submitted',
  eligibilityOutcome: 'application.eligibility_outcome',
  referred: 'application.referred',
  draftReminder: 'application.draft_reminder',
  offerMade: 'application.offer_made',
  offerExpiring: 'application.offer_expiring',
  offerExpired: 'application.offer_expired',
  waitlisted: 'application.waitlisted',
  promoted: 'application.promoted',
  rejected: 'application.rejected',
  appealOutcome: 'application.appeal_outcome',
  enrolmentConfirmed: 'training.enrolment_confirmed',
  completed: 'training.completed',
  notPassed: 'training.not_passed',
  // People who asked to be told when a round opens (they may have no account).
  roundOpened: 'round.opened',
  // Training providers' users.
  learnerPlaced: 'provider.learner_placed',
  /** The day's newly placed learners in one email, for a provider user who chose that instead of one email each. */
  placedLearnersSummary: 'provider.placed_learners_summary',
  reportOverdue: 'provider.report_overdue',
  // Finance and admins.
  potThreshold: 'finance.pot_threshold',
  dailyDigest: 'admin.daily_digest',
  // Anyone who has taken the skills audit: once a year, an invitation to update it.
  skillsAuditInvitation: 'workforce.skills_audit_invitation',
} as const;

export type Topic = (typeof TOPIC)[keyof typeof TOPIC];

export const TOPICS = Object.values(TOPIC) as Topic[];

/**
 * What kind of message a topic is. People may turn off reminders and digests
 * and the yearly skills audit invitation (GET/PUT /me/notification-preferences); security messages, decisions,
 * updates about their own application and alerts always go.
 */
export type Category = 'security' | 'decision' | 'update' | 'reminder' | 'digest' | 'alert' | 'subscription' | 'invitation';

export const TOPIC_CATEGORY: Record<Topic, Category> = {
  [TOPIC.verifyEmail]: 'security',
  [TOPIC.passwordReset]: 'security',
  [TOPIC.invitation]: 'security',
  [TOPIC.securityChanged]: 'security',
  [TOPIC.registrationAttempted]: 'security',
  [TOPIC.applicationSubmitted]: 'update',
  [TOPIC.eligibilityOutcome]: 'decision',
  [TOPIC.referred]: 'decision',
  [TOPIC.draftReminder]: 'reminder',
  [TOPIC.offerMade]: 'decision',
  [TOPIC.offerExpiring]: 'reminder',
  [TOPIC.offerExpired]: 'decision',
  [TOPIC.waitlisted]: 'decision',
  [TOPIC.promoted]: 'decision',
  [TOPIC.rejected]: 'decision',
  [TOPIC.appealOutcome]: 'decision',
  [TOPIC.enrolmentConfirmed]: 'update',
  [TOPIC.completed]: 'update',
  [TOPIC.notPassed]: 'update',
  [TOPIC.roundOpened]: 'subscription',
  [TOPIC.learnerPlaced]: 'update',
  // Chosen instead of the per-learner emails, so not something the digests setting turns off.
  [TOPIC.placedLearnersSummary]: 'update',
  [TOPIC.reportOverdue]: 'reminder',
  [TOPIC.potThreshold]: 'alert',
  [TOPIC.dailyDigest]: 'digest',
  [TOPIC.skillsAuditInvitation]: 'invitation',
};

export function isTopic(value: string): value is Topic {
  return (TOPICS as string[]).includes(value);
}

/** The people a message goes to are looked up at send time: the queue and outbox hold only their ids. */
export interface Recipient {
  email: string;
  fullName: string;
}

