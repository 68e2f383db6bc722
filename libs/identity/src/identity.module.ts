import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '@app/notifications';
import { AccountsService } from './accounts.service';
import { ApiKeysService } from './api-keys.service';
import { AuditService } from './audit.service';
import { AuthGuard } from './auth.guard';
import { CsrfTokens } from './csrf';
import { ApiKey } from './entities/api-key.entity';
import { AuditEvent } from './entities/audit-event.entity';
import { UserAccount } from './entities/user-account.entity';
import { RateLimits } from './rate-limits';
import { SecondFactors } from './second-factor';
import { SessionsService } from './sessions.service';

/**
 * Accounts, sessions, API keys, the auth guard and the audit log. Global, so
 * every domain lib can record audit events and every app can guard routes.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([UserAccount, ApiKey, AuditEvent]), NotificationsModule],
  providers: [
    AccountsService,
    SessionsService,
    SecondFactors,
    ApiKeysService,
    AuditService,
    RateLimits,
    AuthGuard,
    CsrfTokens,
  ],
  exports: [AccountsService, SessionsService, ApiKeysService, AuditService, AuthGuard, CsrfTokens, NotificationsModule],
})
export class IdentityModule {}
