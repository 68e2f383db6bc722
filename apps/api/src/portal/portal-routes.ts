import type { RequestMethod, Type } from '@nestjs/common';
import { APPLICANT_CONTROLLERS } from './applicant/applicant-portal.module';
import { routesOf } from './kit/navigation';
import { PROVIDER_CONTROLLERS } from './provider/provider-portal.module';
import { PUBLIC_CONTROLLERS } from './public/public-portal.module';
import { STAFF_CONTROLLERS } from './staff/staff-portal.module';

/** Every portal controller, from each audience's module. Their routes are kept out of the /api/v1 prefix (see portalRoutes). */
export const PORTAL_CONTROLLERS: Type[] = [...PUBLIC_CONTROLLERS, ...APPLICANT_CONTROLLERS, ...PROVIDER_CONTROLLERS, ...STAFF_CONTROLLERS];

/**
 * Each portal route as the global prefix's exclusion list wants it, read
 * from the controllers' own decorators: a new page is excluded by being declared.
 */
export function portalRoutes(): { path: string; method: RequestMethod }[] {
  return PORTAL_CONTROLLERS.flatMap(routesOf);
}
