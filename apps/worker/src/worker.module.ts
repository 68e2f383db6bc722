import { DynamicModule, Module, type Type } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { IdentityModule } from '@app/identity';
import { LoggingModule } from '@app/logging';
import { IntakeModule } from '@app/intake';
import { QueueModule } from '@app/queue';
import { OutcomeMoneyReportsModule, OutcomeReportsModule, ReportsModule, WorkforceReportsModule } from '@app/reports';
import { TrainingModule } from '@app/training';
import { WorkforceModule } from '@app/workforce';
import { EmailProcessor } from './notifications/email.processor';
import { OutboxRelayLoop } from './notifications/outbox-relay.loop';
import { ReportExportsProcessor } from './reports/report-exports.processor';
import { SchedulesProcessor } from './schedules/schedules.processor';
import { SystemProcessor } from './system/system.processor';
import { WorkerDrain } from './worker-drain';

/**
 * The background worker: no HTTP, consumes every queue. Each domain adds its
 * jobs here. Report exports resolve definitions from the ReportRegistry, so
 * every module that registers a report definition is imported here too
 * (`extra`: more modules, such as a test's own report).
 */
@Module({})
export class WorkerModule {
  static forRoot(config?: AppConfig, extra: Type[] = []): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), LoggingModule, DatabaseModule, QueueModule, ReportsModule, IdentityModule, IntakeModule, TrainingModule, WorkforceModule, WorkforceReportsModule, OutcomeMoneyReportsModule, OutcomeReportsModule, ...extra],
      providers: [SystemProcessor, EmailProcessor, OutboxRelayLoop, SchedulesProcessor, ReportExportsProcessor, WorkerDrain],
    };
  }
}
