import { Module, type Type } from '@nestjs/common';
import { PortalKitModule } from '../kit/portal-kit.module';

/**
 * The programme team's pages (review, finance, insight, people): none yet,
 * staff use the API. Wired in so the next pages only add controllers here,
 * a staff-area.ts with their navigation (InPortalArea), and views/ templates.
 */
export const STAFF_CONTROLLERS: Type[] = [];

@Module({
  imports: [PortalKitModule],
  controllers: STAFF_CONTROLLERS,
})
export class StaffPortalModule {}
