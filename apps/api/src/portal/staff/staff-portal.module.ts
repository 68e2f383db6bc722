import { Module, type Type } from '@nestjs/common';
import { BudgetModule } from '@app/budget';
import { IntakeModule } from '@app/intake';
import { PortalKitModule } from '../kit/portal-kit.module';
import { QualificationsPages } from './qualifications.pages';
import { ReviewPages } from './review.pages';
import { RoundsPages } from './rounds.pages';
import { RuleSetsPages } from './rule-sets.pages';
import { TwoFactorPages } from './two-factor.pages';

/**
 * The programme team's pages (review, finance, insight, people). So far:
 * two-factor authentication on pages (which provider users use too); the
 * rest is still the API. The next pages add controllers here, a
 * staff-area.ts with their navigation (InPortalArea), and views/ templates.
 */
export const STAFF_CONTROLLERS: Type[] = [TwoFactorPages, ReviewPages, RoundsPages, RuleSetsPages, QualificationsPages];

@Module({
  imports: [PortalKitModule, IntakeModule, BudgetModule],
  controllers: STAFF_CONTROLLERS,
})
export class StaffPortalModule {}
