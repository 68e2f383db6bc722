import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JOB, QUEUE, type BuildReportExportData } from '@app/queue';
import { ReportExportsService } from '@app/reports';

/**
 * Builds queued report exports to files. Definitions come from the
 * ReportRegistry, so the worker imports every module that registers one
 * (see WorkerModule). One at a time per worker: an export is long and
 * heavy on the database, and the rest of the worker's queues keep going.
 */
@Processor(QUEUE.reports, { concurrency: 1 })
export class ReportExportsProcessor extends WorkerHost {
  private readonly logger = new Logger(ReportExportsProcessor.name);

  constructor(private readonly exports: ReportExportsService) {
    super();
  }

  async process(job: Job<BuildReportExportData>): Promise<{ status: string; rowCount: number | null }> {
    switch (job.name) {
      case JOB.buildReportExport: {
        const result = await this.exports.build(job.data.exportId);
        this.logger.log({ jobId: job.id, status: result.status, rowCount: result.rowCount }, 'Report export built');
        return result;
      }
      default:
        throw new Error(`Unknown job ${job.name} on queue ${QUEUE.reports}`);
    }
  }
}
