import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Job, Queue, RepeatOptions } from 'bullmq';
import { AppConfig } from '@app/config';
import { OffersService } from '@app/intake';
import { RemindersService } from '@app/notifications';
import { JOB, QUEUE, type JobName } from '@app/queue';
import { IdempotencyService } from '@app/training';
import { SkillsAuditInvitationsService } from '@app/workforce';

type Schedule = { job: JobName; repeat: Omit<RepeatOptions, 'key'> };

/** Each schedule: its job and how often (or, by cron pattern, when) it runs. */
const schedulesFor = (config: AppConfig): Schedule[] => [
  { job: JOB.expireOffers, repeat: { every: 10 * 60_000 } },
  { job: JOB.purgeIdempotencyKeys, repeat: { every: 60 * 60_000 } },
  { job: JOB.remindIdleDrafts, repeat: { every: 60 * 60_000 } },
  { job: JOB.remindExpiringOffers, repeat: { every: 30 * 60_000 } },
  { job: JOB.remindOverdueReports, repeat: { every: 6 * 60 * 60_000 } },
  { job: JOB.announceOpenRounds, repeat: { every: 5 * 60_000 } },
  { job: JOB.checkPotThresholds, repeat: { every: 5 * 60_000 } },
  { job: JOB.sendDailyDigest, repeat: { pattern: '0 7 * * *', tz: 'Europe/London' } },
  { job: JOB.sendPlacedLearnerSummaries, repeat: { pattern: `0 ${config.notifications.placedLearnerSummaryHour} * * *`, tz: 'Europe/London' } },
  // Daily, so a new audit year's invitations go out in its first morning; each person is invited once a year.
  { job: JOB.inviteSkillsAudits, repeat: { pattern: '0 9 * * *', tz: 'Europe/London' } },
];

/** Redis keeps nothing on disk: a worker puts back any schedule a Redis restart lost, this often. */
const RECHECK_SCHEDULES_MS = 60_000;

/**
 * Repeating housekeeping and reminders. BullMQ job schedulers (upserted by
 * every worker, stored once in Redis) make each tick one job, so several
 * workers never run the same tick twice; the work itself is also safe to
 * repeat (reminders record what they sent).
 */
@Processor(QUEUE.schedules)
export class SchedulesProcessor extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SchedulesProcessor.name);
  private timer?: NodeJS.Timeout;
  private checking = false;
  private readonly schedules: Schedule[];

  constructor(
    @InjectQueue(QUEUE.schedules) private readonly queue: Queue,
    private readonly offers: OffersService,
    private readonly idempotency: IdempotencyService,
    private readonly reminders: RemindersService,
    private readonly skillsAuditInvitations: SkillsAuditInvitationsService,
    config: AppConfig,
  ) {
    super();
    this.schedules = schedulesFor(config);
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const s of this.schedules) await this.upsert(s);
    this.timer = setInterval(() => void this.restoreLost(), RECHECK_SCHEDULES_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async process(job: Job): Promise<{ done: number }> {
    switch (job.name) {
      case JOB.expireOffers:
        return { done: await this.offers.expireDue() };
      case JOB.purgeIdempotencyKeys:
        return { done: await this.idempotency.purgeExpired() };
      case JOB.remindIdleDrafts:
        return { done: await this.reminders.remindIdleDrafts() };
      case JOB.remindExpiringOffers:
        return { done: await this.reminders.remindExpiringOffers() };
      case JOB.remindOverdueReports:
        return { done: await this.reminders.remindOverdueReports() };
      case JOB.announceOpenRounds:
        return { done: await this.reminders.announceOpenRounds() };
      case JOB.checkPotThresholds:
        return { done: await this.reminders.checkPotThresholds() };
      case JOB.sendDailyDigest:
        return { done: await this.reminders.sendDailyDigest() };
      case JOB.sendPlacedLearnerSummaries:
        return { done: await this.reminders.sendPlacedLearnerSummaries() };
      case JOB.inviteSkillsAudits:
        return { done: await this.skillsAuditInvitations.inviteDue() };
      default:
        this.logger.warn({ name: job.name }, 'Unknown scheduled job');
        return { done: 0 };
    }
  }

  private async upsert(s: Schedule): Promise<void> {
    await this.queue.upsertJobScheduler(s.job, s.repeat, { name: s.job, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  }

  private async restoreLost(): Promise<void> {
    // While Redis is away a check waits for it; one at a time.
    if (this.checking) return;
    this.checking = true;
    try {
      for (const s of this.schedules) {
        if (!(await this.queue.getJobScheduler(s.job))) {
          this.logger.warn({ job: s.job }, 'A schedule was missing from Redis (restarted empty?): restoring it');
          await this.upsert(s);
        }
      }
    } catch (err) {
      this.logger.warn({ err }, 'Could not check the schedules; will try again');
    } finally {
      this.checking = false;
    }
  }
}
