import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '@app/config';
import { JOB, QUEUE, type SystemProbeData, type SystemProbeResult } from '@app/queue';

/** Operational jobs. The probe proves end to end that a worker is consuming (`npm run cli -- queue:probe`). */
@Processor(QUEUE.system)
export class SystemProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(SystemProcessor.name);

  constructor(private readonly config: AppConfig) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.worker.concurrency;
  }

  async process(job: Job<SystemProbeData>): Promise<SystemProbeResult> {
    switch (job.name) {
      case JOB.systemProbe: {
        const startedAt = new Date().toISOString();
        this.logger.log({ jobId: job.id, holdMs: job.data.holdMs ?? 0 }, 'Probe started');
        if (job.data.holdMs) await sleep(job.data.holdMs);
        this.logger.log({ jobId: job.id }, 'Probe finished');
        return { handledBy: `${hostname()}:${process.pid}`, startedAt, finishedAt: new Date().toISOString() };
      }
      default:
        throw new Error(`Unknown job ${job.name} on queue ${QUEUE.system}`);
    }
  }
}
