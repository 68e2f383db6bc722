import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '@app/notifications';
import { ApplicationsService } from './applications/applications.service';
import { ApplicationLifecycle } from './applications/lifecycle.service';
import { EligibilityCheckService } from './eligibility/eligibility-check.service';
import { RuleSets } from './eligibility/rule-sets';
import { Appeal, ApplicantProfile, Application, ApplicationNote, ApplicationTransition, FundingRound, Practice, Qualification, StaffOrganisation } from './entities';
import { ProfileService } from './profile/profile.service';
import { QualificationsService } from './qualifications/qualifications.service';
import { BudgetModule, WaitingListPort } from '@app/budget';
import { CaseworkService } from './review/casework.service';
import { OfferFunding } from './review/offer-funding';
import { OffersService } from './review/offers.service';
import { WaitingList } from './review/waiting-list';
import { AssignmentService } from './review/assignment.service';
import { ConflictsService } from './review/conflicts.service';
import { ReviewService } from './review/review.service';
import { RoundsService } from './rounds/rounds.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Qualification, FundingRound, ApplicantProfile, Application, ApplicationTransition, Appeal, ApplicationNote, Practice, StaffOrganisation]),
    NotificationsModule,
    BudgetModule,
  ],
  providers: [
    RuleSets,
    ApplicationLifecycle,
    ProfileService,
    QualificationsService,
    RoundsService,
    ApplicationsService,
    ReviewService,
    CaseworkService,
    AssignmentService,
    ConflictsService,
    EligibilityCheckService,
    OfferFunding,
    WaitingList,
    OffersService,
    // libs/budget offers freed money to the waiting list through this port, on every path that frees it.
    { provide: WaitingListPort, useExisting: WaitingList },
  ],
  exports: [CaseworkService, OffersService, WaitingList, ApplicationLifecycle, RuleSets, ProfileService, QualificationsService, RoundsService, ApplicationsService, ReviewService, AssignmentService, ConflictsService, EligibilityCheckService],
})
export class IntakeModule {}
