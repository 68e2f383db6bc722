import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { OffersService } from '@app/intake';
import { JOB, QUEUE } from '@app/queue';
import { IdempotencyService } from '@app/training';

/** Each schedule: its job and how often it runs. */
const SCHEDULES = [
  { job: JOB.expireOffers, every: 10 * 60_000 },
  { job: JOB.purgeIdempotencyKeys, every: 60 * 60_000 },
] as const;

/**
 * Repeating housekeeping. BullMQ job schedulers (upserted by every worker,
 * stored once in Redis) make each tick one job, so several workers never
 * expire the same offer twice; the work itself is also safe to repeat.
 */
@Processor(QUEUE.schedules)
export class SchedulesProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(SchedulesProcessor.name);

  constructor(
    @InjectQueue(QUEUE.schedules) private readonly queue: Queue,
    private readonly offers: OffersService,
    private readonly idempotency: IdempotencyService,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const s of SCHEDULES) {
      await this.queue.upsertJobScheduler(s.job, { every: s.every }, { name: s.job, opts: { removeOnComplete: 100, removeOnFail: 100 } });
    }
  }

  async process(job: Job): Promise<{ done: number }> {
    switch (job.name) {
      case JOB.expireOffers:
        return { done: await this.offers.expireDue() };
      case JOB.purgeIdempotencyKeys:
        return { done: await this.idempotency.purgeExpired() };
      default:
        this.logger.warn({ name: job.name }, 'Unknown scheduled job');
        return { done: 0 };
    }
  }
}
