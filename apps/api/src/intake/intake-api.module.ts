import { Module } from '@nestjs/common';
import { IntakeModule } from '@app/intake';
import { AdminCatalogueController, AdminReviewController } from './admin.controllers';
import { AdminAssignmentController, MyConflictsController } from './assignment.controllers';
import { ApplicationsController, EligibilityController, ProfileController } from './applicant.controllers';
import { AdminCaseworkController } from './casework.controller';

@Module({
  imports: [IntakeModule],
  controllers: [EligibilityController, ProfileController, ApplicationsController, AdminCatalogueController, AdminReviewController, AdminAssignmentController, MyConflictsController, AdminCaseworkController],
})
export class IntakeApiModule {}
