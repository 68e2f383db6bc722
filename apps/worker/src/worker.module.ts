import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { LoggingModule } from '@app/logging';
import { QueueModule } from '@app/queue';
import { SystemProcessor } from './system/system.processor';

/** The background worker: no HTTP, consumes every queue. Each domain adds its <Domain>JobsModule here. */
@Module({})
export class WorkerModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), LoggingModule, DatabaseModule, QueueModule],
      providers: [SystemProcessor],
    };
  }
}
