import { preferencesUrl, tokenLink } from '../links';
import { TOPIC, type Topic } from '../topics';
import type { TemplateContext } from './render';

const base = { programmeName: 'Practice Manager Development Programme', baseUrl: 'https://pmdp.example.nhs.uk', recipient: { fullName: 'Pat Applicant', email: 'pat@example.org' } };
const applicationId = '0b7f3f7e-6a43-4d3e-9d1c-0e0f7c3c7a11';
const application = {
  id: applicationId,
  reference: 'PMDP-26-000123',
  status: 'offered',
  roundName: 'Spring 2026',
  roundClosesAt: new Date('2026-05-31T16:00:00Z'),
  qualificationTitle: 'Level 5 Diploma in Practice Management',
  bursaryPence: 50_000,
  offerExpiresAt: new Date('2026-04-14T11:30:00Z'),
  outcome: 'eligible',
  reasons: [] as string[],
};
const enrolment = {
  id: '5a1c2f4e-9e0b-4d7c-8f55-3b2e1d0c9a88',
  reference: 'PMDP-26-000123',
  startDate: '2026-09-07',
  completedOn: '2027-07-16',
  certificateReference: 'CERT-0001',
  cohortName: 'September 2026, Leeds',
  deliveryMode: 'blended',
  providerName: 'Northfield College',
  qualificationTitle: 'Level 5 Diploma in Practice Management',
};
const decision = { code: 'insufficient_evidence', reason: 'Your application did not include enough evidence to support it.', note: null, at: new Date('2026-04-01T09:00:00Z'), appealBy: new Date('2026-04-29T09:00:00Z') };

/** A sample event for each topic (and the variants a template branches on), shaped as the loaders shape them. */
export const SAMPLES: { topic: Topic; name: string; context: TemplateContext }[] = [
  { topic: TOPIC.verifyEmail, name: 'verify', context: { ...base, data: {}, link: tokenLink(TOPIC.verifyEmail, base.baseUrl, 'abc')! } },
  { topic: TOPIC.passwordReset, name: 'reset', context: { ...base, data: {}, link: tokenLink(TOPIC.passwordReset, base.baseUrl, 'abc')! } },
  { topic: TOPIC.invitation, name: 'invitation (provider)', context: { ...base, data: { role: 'provider', providerName: 'Northfield College' }, link: tokenLink(TOPIC.invitation, base.baseUrl, 'abc')! } },
  { topic: TOPIC.invitation, name: 'invitation (admin)', context: { ...base, data: { role: 'admin' }, link: tokenLink(TOPIC.invitation, base.baseUrl, 'abc')! } },
  ...(['password_changed', 'mfa_enabled', 'mfa_replaced', 'mfa_removed'] as const).map((change) => ({ topic: TOPIC.securityChanged, name: `security changed (${change})`, context: { ...base, data: { change } } })),
  { topic: TOPIC.registrationAttempted, name: 'registration attempted', context: { ...base, data: {} } },
  ...(['eligible', 'refer', 'ineligible'] as const).map((outcome) => ({
    topic: TOPIC.applicationSubmitted,
    name: `submitted (${outcome})`,
    context: { ...base, data: { applicationId, reference: application.reference, outcome }, application: { ...application, status: 'submitted', outcome, reasons: outcome === 'eligible' ? [] : ['You must be aged 16 or over.'] } },
  })),
  { topic: TOPIC.eligibilityOutcome, name: 'eligibility (ineligible)', context: { ...base, data: { applicationId }, application: { ...application, status: 'ineligible', reasons: ['You must live in England or work for a GP practice in England.'] }, decision } },
  { topic: TOPIC.eligibilityOutcome, name: 'eligibility (cleared, with note)', context: { ...base, data: { applicationId }, application: { ...application, status: 'under_review' }, decision: { ...decision, note: 'Checked with your employer.' } } },
  { topic: TOPIC.referred, name: 'referred', context: { ...base, data: { applicationId }, application: { ...application, status: 'referred', reasons: ['This looks like the same person as application PMDP-26-000007'] } } },
  { topic: TOPIC.draftReminder, name: 'draft reminder', context: { ...base, data: { applicationId }, application: { ...application, status: 'draft' }, preferencesUrl: preferencesUrl(base.baseUrl) } },
  { topic: TOPIC.offerMade, name: 'offer made', context: { ...base, data: { applicationId, amountPence: 50_000 }, application } },
  { topic: TOPIC.offerMade, name: 'offer made (promoted, pence)', context: { ...base, data: { applicationId, amountPence: 52_550, promoted: true }, application: { ...application, bursaryPence: 52_550 } } },
  { topic: TOPIC.offerExpiring, name: 'offer expiring', context: { ...base, data: { applicationId }, application, preferencesUrl: preferencesUrl(base.baseUrl) } },
  { topic: TOPIC.offerExpired, name: 'offer expired', context: { ...base, data: { applicationId }, application: { ...application, status: 'expired' } } },
  { topic: TOPIC.waitlisted, name: 'waitlisted (no money)', context: { ...base, data: { applicationId, reason: 'insufficient_funds' }, application: { ...application, status: 'waitlisted' } } },
  { topic: TOPIC.waitlisted, name: 'waitlisted (priority)', context: { ...base, data: { applicationId }, application: { ...application, status: 'waitlisted' } } },
  { topic: TOPIC.promoted, name: 'promoted', context: { ...base, data: { applicationId }, application } },
  { topic: TOPIC.rejected, name: 'rejected', context: { ...base, data: { applicationId }, application: { ...application, status: 'rejected' }, decision } },
  { topic: TOPIC.rejected, name: 'rejected (with note)', context: { ...base, data: { applicationId }, application: { ...application, status: 'rejected' }, decision: { ...decision, note: 'No statement was given.' } } },
  { topic: TOPIC.appealOutcome, name: 'appeal upheld', context: { ...base, data: { applicationId }, application: { ...application, status: 'under_review' }, appeal: { upheld: true, note: 'The evidence supports it.' } } },
  { topic: TOPIC.appealOutcome, name: 'appeal dismissed', context: { ...base, data: { applicationId }, application: { ...application, status: 'rejected' }, appeal: { upheld: false, note: null } } },
  { topic: TOPIC.enrolmentConfirmed, name: 'enrolment confirmed', context: { ...base, data: { applicationId }, application: { ...application, status: 'enrolled' }, enrolment } },
  { topic: TOPIC.completed, name: 'completed', context: { ...base, data: { applicationId }, application: { ...application, status: 'completed' }, enrolment } },
  { topic: TOPIC.notPassed, name: 'not passed', context: { ...base, data: { applicationId }, application: { ...application, status: 'not_passed' }, enrolment: { ...enrolment, certificateReference: null } } },
  { topic: TOPIC.completed, name: 'completed (no certificate)', context: { ...base, data: { applicationId }, application: { ...application, status: 'completed' }, enrolment: { ...enrolment, certificateReference: null, completedOn: null } } },
  {
    topic: TOPIC.roundOpened,
    name: 'round opened (sign-up, no name)',
    context: {
      ...base,
      recipient: { email: 'someone@example.org' },
      data: { roundId: 'r1' },
      round: { id: 'r1', name: 'Autumn 2026', opensAt: new Date('2026-09-01T08:00:00Z'), closesAt: new Date('2026-10-31T23:59:00Z'), qualifications: [{ title: 'Level 3 Certificate in Business Administration', level: 3, bursaryPence: 50_000 }] },
    },
  },
  { topic: TOPIC.learnerPlaced, name: 'learner placed', context: { ...base, recipient: { fullName: 'Sam Provider' }, data: { enrolmentId: enrolment.id }, enrolment } },
  {
    topic: TOPIC.placedLearnersSummary,
    name: 'placed learners summary',
    context: {
      ...base,
      recipient: { fullName: 'Sam Provider' },
      data: { date: '2026-09-01', enrolmentIds: ['e1', 'e2'] },
      learners: [
        { enrolmentId: 'e1', reference: 'PMDP-26-000123', fullName: 'Pat Applicant', qualificationTitle: 'Level 5 Diploma in Practice Management', cohortName: 'September 2026, Leeds', startDate: '2026-09-07' },
        { enrolmentId: 'e2', reference: 'PMDP-26-000124', fullName: 'Jo Learner', qualificationTitle: 'Level 5 Diploma in Practice Management', cohortName: 'September 2026, Leeds', startDate: '2026-09-07' },
      ],
    },
  },
  {
    topic: TOPIC.reportOverdue,
    name: 'reports overdue',
    context: {
      ...base,
      recipient: { fullName: 'Sam Provider' },
      data: { providerId: 'p1', enrolmentIds: ['e1', 'e2'] },
      learners: [
        { enrolmentId: 'e1', reference: 'PMDP-26-000123', cohortName: 'September 2026, Leeds', lastReportAt: new Date('2026-01-05T10:00:00Z') },
        { enrolmentId: 'e2', reference: 'PMDP-26-000124', cohortName: 'September 2026, Leeds', lastReportAt: new Date('2026-01-06T10:00:00Z') },
      ],
      preferencesUrl: preferencesUrl(base.baseUrl),
    },
  },
  ...[80, 90, 100].map((threshold) => ({
    topic: TOPIC.potThreshold,
    name: `pot ${threshold}%`,
    context: { ...base, recipient: { fullName: 'Fran Finance' }, data: { potId: 'pot1', threshold }, pot: { id: 'pot1', name: 'Bursaries 2026-27', financialYear: '2026-27', fundedPence: 30_000_000, usedPence: 27_150_050, availablePence: 2_849_950, percentUsed: 90 } },
  })),
  {
    topic: TOPIC.dailyDigest,
    name: 'daily digest',
    context: { ...base, recipient: { fullName: 'Alex Admin' }, data: { date: '2026-04-14', total: 12, awaitingReview: 7, referred: 2, openAppeals: 1, awaitingPlacement: 2, failedEmails: 0 }, preferencesUrl: preferencesUrl(base.baseUrl) },
  },
  {
    topic: TOPIC.skillsAuditInvitation,
    name: 'skills audit invitation',
    context: { ...base, data: { auditYear: '2027-28', lastAuditYear: '2026-27' }, preferencesUrl: preferencesUrl(base.baseUrl) },
  },
];
