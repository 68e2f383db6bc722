import { Module, type Type } from '@nestjs/common';
import { NotificationsModule } from '@app/notifications';
import { TrainingModule } from '@app/training';
import { PortalKitModule } from '../kit/portal-kit.module';
import { ProviderAccountPages } from './account.pages';
import { ApiKeysPages } from './api-keys.pages';
import { LearnersPages } from './learners.pages';
import { ReportPages } from './report.pages';
import { StatementsPages } from './statements.pages';
import { UploadPages } from './upload.pages';
import { VoidReportPages } from './void-report.pages';

/** A training provider's pages: learners, each report on its own page, voiding a report, CSV upload, statements, API keys, their account. */
export const PROVIDER_CONTROLLERS: Type[] = [LearnersPages, ReportPages, VoidReportPages, UploadPages, StatementsPages, ApiKeysPages, ProviderAccountPages];

@Module({
  imports: [PortalKitModule, TrainingModule, NotificationsModule],
  controllers: PROVIDER_CONTROLLERS,
})
export class ProviderPortalModule {}
