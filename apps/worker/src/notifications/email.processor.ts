import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnModuleInit } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { AppConfig } from '@app/config';
import { NotificationSender, PermanentSendFailure, type SendOutcome } from '@app/notifications';
import { QUEUE, type SendEmailData } from '@app/queue';

/**
 * Sends outbox messages. Retries with exponential backoff; a refused address
 * stops at once. A short lock means a job whose worker died (SIGKILL) is
 * found stalled and run again within about 15 seconds; the sender sees a
 * message already sent and does not send it twice.
 */
@Processor(QUEUE.notifications, { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 3 })
export class EmailProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(EmailProcessor.name);

  constructor(
    private readonly sender: NotificationSender,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    // Sending is mostly waiting on SMTP and the database: more jobs at once than CPU-bound queues (the SMTP pool holds five connections; the rest wait in line or in the database).
    this.worker.concurrency = this.config.worker.concurrency * 40;
  }

  async process(job: Job<SendEmailData>): Promise<SendOutcome> {
    try {
      return await this.sender.send(job.data.outboxId);
    } catch (err) {
      // BullMQ does not retry an UnrecoverableError: a 5xx from the mail server will not change.
      if (err instanceof PermanentSendFailure) throw new UnrecoverableError(err.message);
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        this.logger.warn({ outboxId: job.data.outboxId, attempts: job.attemptsMade + 1 }, 'Email failed for good');
        await this.sender.markFailed(job.data.outboxId, (err as Error).message);
      }
      throw err;
    }
  }
}
