import { Module } from '@nestjs/common';
import { IntakeModule } from '@app/intake';
import { AdminCatalogueController, AdminReviewController } from './admin.controllers';
import { ApplicationsController, EligibilityController, ProfileController } from './applicant.controllers';
import { AdminCaseworkController } from './casework.controller';

@Module({
  imports: [IntakeModule],
  controllers: [EligibilityController, ProfileController, ApplicationsController, AdminCatalogueController, AdminReviewController, AdminCaseworkController],
})
export class IntakeApiModule {}
