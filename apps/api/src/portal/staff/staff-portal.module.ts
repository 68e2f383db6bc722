import { Module, type Type } from '@nestjs/common';
import { IntakeModule } from '@app/intake';
import { PortalKitModule } from '../kit/portal-kit.module';
import { AssignmentPages } from './assignment.pages';
import { ConflictsPages } from './conflicts.pages';
import { QueuePageContext } from './queue-page';
import { ReviewPages } from './review.pages';
import { TwoFactorPages } from './two-factor.pages';

/**
 * The programme team's pages (review, finance, insight, people). So far:
 * two-factor authentication on pages (which provider users use too); the
 * rest is still the API. The next pages add controllers here, a
 * staff-area.ts with their navigation (InPortalArea), and views/ templates.
 */
export const STAFF_CONTROLLERS: Type[] = [TwoFactorPages, ReviewPages, AssignmentPages, ConflictsPages];

@Module({
  imports: [PortalKitModule, IntakeModule],
  controllers: STAFF_CONTROLLERS,
  providers: [QueuePageContext],
})
export class StaffPortalModule {}
