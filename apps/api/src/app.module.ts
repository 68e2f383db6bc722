import { DynamicModule, Module, type Type } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { LoggingModule } from '@app/logging';
import { QueueModule } from '@app/queue';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';

/** The HTTP application: the JSON API under /api/v1, operations endpoints, and (later) the portal. */
@Module({})
export class AppModule {
  static forRoot(config?: AppConfig, extra: Type[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), LoggingModule, DatabaseModule, QueueModule, HealthModule, MetricsModule, ...extra],
    };
  }
}
