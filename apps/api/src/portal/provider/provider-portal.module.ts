import { Module, type Type } from '@nestjs/common';
import { NotificationsModule } from '@app/notifications';
import { TrainingModule } from '@app/training';
import { PortalKitModule } from '../kit/portal-kit.module';
import { ProviderAccountPages } from './account.pages';
import { ApiKeysPages } from './api-keys.pages';
import { LearnersPages } from './learners.pages';
import { StatementsPages } from './statements.pages';
import { UploadPages } from './upload.pages';
import { VoidReportPages } from './void-report.pages';

/** A training provider's pages: learners and their reports, voiding a report, CSV upload, statements, API keys, their account. */
export const PROVIDER_CONTROLLERS: Type[] = [LearnersPages, VoidReportPages, UploadPages, StatementsPages, ApiKeysPages, ProviderAccountPages];

@Module({
  imports: [PortalKitModule, TrainingModule, NotificationsModule],
  controllers: PROVIDER_CONTROLLERS,
})
export class ProviderPortalModule {}
