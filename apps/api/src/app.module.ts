import { DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { AuthGuard, IdentityModule } from '@app/identity';
import { LoggingModule } from '@app/logging';
import { QueueModule } from '@app/queue';
import { ReportsModule } from '@app/reports';
import { GapPriorityModule } from '@app/workforce';
import { AccountsApiModule } from './accounts/accounts-api.module';
import { BudgetApiModule } from './budget/budget-api.module';
import { DevMailboxController } from './dev/dev-mailbox.controller';
import { HealthModule } from './health/health.module';
import { IntakeApiModule } from './intake/intake-api.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsApiModule } from './notifications/notifications-api.module';
import { PortalModule } from './portal/portal.module';
import { ProvidersApiModule } from './providers/providers-api.module';
import { ReportsApiModule } from './reports/reports-api.module';
import { WorkforceReportsApiModule } from './workforce/workforce-reports-api.module';
import { WorkforceApiModule } from './workforce/workforce-api.module';
import { GapPriorityApiModule } from './workforce/gap-priority-api.module';
import { WorkforceReferenceApiModule } from './workforce/reference-api.module';
import { MoneyReportsApiModule } from './reports/money-reports-api.module';

/**
 * The HTTP application: the JSON API under /api/v1, operations endpoints, and
 * (later) the portal. Every route passes the AuthGuard, which denies by default.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, extra: Type[] = []): DynamicModule {
    // The development mailbox exists only where mail goes to it: never in production, never with SMTP_URL.
    const devMailbox = !config.isProduction && !config.mail.smtpUrl;
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        DatabaseModule,
        QueueModule,
        ReportsModule,
        // Global: intake's submissions ask it for the gap part of the priority score.
        GapPriorityModule,
        IdentityModule,
        HealthModule,
        MetricsModule,
        AccountsApiModule,
        ProvidersApiModule,
        IntakeApiModule,
        BudgetApiModule,
        NotificationsApiModule,
        ReportsApiModule,
        WorkforceReportsApiModule,
        WorkforceApiModule,
        GapPriorityApiModule,
        WorkforceReferenceApiModule,
        MoneyReportsApiModule,
        PortalModule,
        ...extra,
      ],
      controllers: devMailbox ? [DevMailboxController] : [],
      providers: [{ provide: APP_GUARD, useExisting: AuthGuard }],
    };
  }
}
