import { DynamicModule, Module } from '@nestjs/common';
import { BudgetModule } from '@app/budget';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { IdentityModule } from '@app/identity';
import { LoggingModule } from '@app/logging';
import { QueueModule } from '@app/queue';
import { TrainingModule } from '@app/training';

/** What operator commands need: the domain services, no HTTP, no job consumers. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config), LoggingModule, DatabaseModule, QueueModule, IdentityModule, TrainingModule, BudgetModule],
    };
  }
}
