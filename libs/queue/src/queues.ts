/**
 * Every queue and job name in one place: producers (in the domain libs) and
 * consumers (in apps/worker) both import from here, so a typo cannot split them.
 */
export const QUEUE = {
  /** Operational jobs: the probe that proves a worker is consuming. */
  system: 'system',
  /** Email leaving through the outbox. */
  notifications: 'notifications',
  /** Repeating housekeeping: offer expiry, idempotency keys (BullMQ job schedulers, one run per tick however many workers). */
  schedules: 'schedules',
  /** Report exports too large to stream to a browser: built to a file, then downloaded. */
  reports: 'reports',
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

export const JOB = {
  /** Answers with the worker's identity; `holdMs` keeps it busy (used to prove graceful shutdown). */
  systemProbe: 'system.probe',
  /** Send one outbox message; the job id is the outbox id. */
  sendEmail: 'notifications.send-email',
  /** Expire offers not accepted in time, releasing their money to the waiting list. */
  expireOffers: 'schedules.expire-offers',
  /** Delete idempotency keys older than 24 hours. */
  purgeIdempotencyKeys: 'schedules.purge-idempotency-keys',
  /** Remind applicants of drafts untouched for 7 days. */
  remindIdleDrafts: 'schedules.remind-idle-drafts',
  /** Remind applicants whose offer expires within 3 days. */
  remindExpiringOffers: 'schedules.remind-expiring-offers',
  /** Tell providers about learners with no report for 90 days. */
  remindOverdueReports: 'schedules.remind-overdue-reports',
  /** Tell people who asked that a funding round is open. */
  announceOpenRounds: 'schedules.announce-open-rounds',
  /** Tell finance when a pot passes 80%, 90% and 100% used. */
  checkPotThresholds: 'schedules.check-pot-thresholds',
  /** The admins' daily digest of work waiting (07:00 in England). */
  sendDailyDigest: 'schedules.send-daily-digest',
  /** Provider users' daily summary of newly placed learners (PLACED_LEARNER_SUMMARY_HOUR in England). */
  sendPlacedLearnerSummaries: 'schedules.send-placed-learner-summaries',
  /** The yearly invitation to update the skills audit (each person once per audit year). */
  inviteSkillsAudits: 'schedules.invite-skills-audits',
  /** Build one report export to a file; the job id is the report_export id. */
  buildReportExport: 'reports.build-export',
} as const;

export type JobName = (typeof JOB)[keyof typeof JOB];

export interface SystemProbeData {
  requestedAt: string;
  holdMs?: number;
}

export interface SystemProbeResult {
  handledBy: string;
  startedAt: string;
  finishedAt: string;
}

export interface SendEmailData {
  outboxId: string;
}

export interface BuildReportExportData {
  exportId: string;
}
