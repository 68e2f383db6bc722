import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { IdentityModule } from '@app/identity';
import { LoggingModule } from '@app/logging';
import { IntakeModule } from '@app/intake';
import { QueueModule } from '@app/queue';
import { TrainingModule } from '@app/training';
import { WorkforceModule } from '@app/workforce';
import { EmailProcessor } from './notifications/email.processor';
import { OutboxRelayLoop } from './notifications/outbox-relay.loop';
import { SchedulesProcessor } from './schedules/schedules.processor';
import { SystemProcessor } from './system/system.processor';
import { WorkerDrain } from './worker-drain';

/** The background worker: no HTTP, consumes every queue. Each domain adds its jobs here. */
@Module({})
export class WorkerModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), LoggingModule, DatabaseModule, QueueModule, IdentityModule, IntakeModule, TrainingModule, WorkforceModule],
      providers: [SystemProcessor, EmailProcessor, OutboxRelayLoop, SchedulesProcessor, WorkerDrain],
    };
  }
}
