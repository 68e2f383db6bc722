import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { Mailer } from '@app/notifications';
import { EmailProcessor } from './notifications/email.processor';
import { ReportExportsProcessor } from './reports/report-exports.processor';
import { SchedulesProcessor } from './schedules/schedules.processor';
import { SystemProcessor } from './system/system.processor';

/**
 * The order of a graceful stop. Nest shuts modules down deepest first, so the
 * mail pool and the database pool could close while BullMQ's workers were
 * still finishing their jobs. Before any of that (beforeApplicationShutdown
 * runs for every module before any onApplicationShutdown), every worker stops
 * taking jobs and finishes the ones it has, then the mail pool closes.
 */
@Injectable()
export class WorkerDrain implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerDrain.name);

  constructor(
    private readonly email: EmailProcessor,
    private readonly schedules: SchedulesProcessor,
    private readonly system: SystemProcessor,
    private readonly reports: ReportExportsProcessor,
    private readonly mailer: Mailer,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.email, this.schedules, this.system, this.reports].map((processor) => processor.worker.close()));
    this.logger.log('Every queue worker has finished its jobs; closing the mail pool');
    await this.mailer.close();
  }
}
