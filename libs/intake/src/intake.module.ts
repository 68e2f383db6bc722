import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '@app/notifications';
import { ApplicationsService } from './applications/applications.service';
import { EligibilityCheckService } from './eligibility/eligibility-check.service';
import { RuleSets } from './eligibility/rule-sets';
import { Appeal, ApplicantProfile, Application, ApplicationTransition, FundingRound, Qualification } from './entities';
import { ProfileService } from './profile/profile.service';
import { QualificationsService } from './qualifications/qualifications.service';
import { BudgetNotConnected, OfferFunding } from './review/offer-funding';
import { ReviewService } from './review/review.service';
import { RoundsService } from './rounds/rounds.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Qualification, FundingRound, ApplicantProfile, Application, ApplicationTransition, Appeal]),
    NotificationsModule,
  ],
  providers: [
    RuleSets,
    ProfileService,
    QualificationsService,
    RoundsService,
    ApplicationsService,
    ReviewService,
    EligibilityCheckService,
    { provide: OfferFunding, useClass: BudgetNotConnected },
  ],
  exports: [RuleSets, ProfileService, QualificationsService, RoundsService, ApplicationsService, ReviewService, EligibilityCheckService],
})
export class IntakeModule {}
