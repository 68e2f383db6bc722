import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnModuleInit } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { AppConfig } from '@app/config';
import { NotificationSender, PermanentSendFailure, type SendOutcome } from '@app/notifications';
import { QUEUE, type SendEmailData } from '@app/queue';

/** Sends outbox messages. Retries with exponential backoff; a refused address stops at once. */
@Processor(QUEUE.notifications)
export class EmailProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(EmailProcessor.name);

  constructor(
    private readonly sender: NotificationSender,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.worker.concurrency;
    this.worker.on('failed', (job, err) => {
      if (!job) return;
      const finalAttempt = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
      if (finalAttempt) {
        this.logger.warn({ outboxId: job.data.outboxId, attempts: job.attemptsMade }, 'Email failed for good');
        void this.sender.markFailed(job.data.outboxId, err.message);
      }
    });
  }

  async process(job: Job<SendEmailData>): Promise<SendOutcome> {
    try {
      return await this.sender.send(job.data.outboxId);
    } catch (err) {
      // BullMQ does not retry an UnrecoverableError: a 5xx from the mail server will not change.
      if (err instanceof PermanentSendFailure) throw new UnrecoverableError(err.message);
      throw err;
    }
  }
}
