import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { AccountPages } from './account.pages';
import { ApiKeysPages } from './api-keys.pages';
import { ApplicationsPages, RoundsPages } from './applications.pages';
import { EligibilityPages, ProfilePages, RegisterPages } from './apply.pages';
import { LearnersPages } from './learners.pages';
import { LinkPages } from './links.pages';
import { ReportsPages } from './reports.pages';
import { SessionPages } from './session.pages';

/** Every portal controller. Their routes are kept out of the /api/v1 prefix (see portalRoutes). */
export const PORTAL_CONTROLLERS: Type[] = [SessionPages, LinkPages, AccountPages, ApplicationsPages, RoundsPages, RegisterPages, ProfilePages, EligibilityPages, LearnersPages, ReportsPages, ApiKeysPages];

/**
 * Each portal route as the global prefix's exclusion list wants it, read
 * from the controllers' own decorators: a new page is excluded by being declared.
 */
export function portalRoutes(): { path: string; method: RequestMethod }[] {
  return PORTAL_CONTROLLERS.flatMap((controller) => {
    const base = [Reflect.getMetadata(PATH_METADATA, controller)].flat()[0] as string;
    return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof handler !== 'function') return [];
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) return [];
      return [{ path: [base, path].flatMap((p) => p.split('/')).filter(Boolean).join('/'), method }];
    });
  });
}
