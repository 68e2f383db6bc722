import { Module, type Type } from '@nestjs/common';
import { IntakeModule } from '@app/intake';
import { TrainingModule } from '@app/training';
import { WorkforceModule } from '@app/workforce';
import { PortalKitModule } from '../kit/portal-kit.module';
import { PublicPortalModule } from '../public/public-portal.module';
import { AccountPages } from './account.pages';
import { ApplicationPageLoader } from './application-loader';
import { ApplicationsPages } from './applications.pages';
import { DraftPages } from './draft.pages';
import { OfferPages } from './offer.pages';
import { ProfilePages } from './profile.pages';
import { SkillsAuditPages } from './skills-audit.pages';
import { TaskPages } from './tasks.pages';
import { WithdrawAppealPages } from './withdraw-appeal.pages';

/** An applicant's pages: applications, the draft and submitting it, the offer and course, withdrawing and appealing, the profile, email settings, the skills audit. */
export const APPLICANT_CONTROLLERS: Type[] = [ApplicationsPages, DraftPages, TaskPages, OfferPages, WithdrawAppealPages, ProfilePages, AccountPages, SkillsAuditPages];

@Module({
  imports: [PortalKitModule, PublicPortalModule, IntakeModule, TrainingModule, WorkforceModule],
  controllers: APPLICANT_CONTROLLERS,
  providers: [ApplicationPageLoader],
})
export class ApplicantPortalModule {}
