import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';

/** One link in the header's navigation. */
export interface NavigationItem {
  href: string;
  text: string;
  /** Only for these roles of the area (staff share one area; some pages are admins' alone). */
  roles?: readonly string[];
}

/**
 * One audience's part of the portal, as that audience's module declares it:
 * the navigation a signed-in person of its role sees, and where a "page not
 * found" on one of its pages points back to.
 */
export interface PortalArea {
  /** The role (or roles: programme staff share one area) whose header shows `navigation`; none for pages anyone may open. */
  role?: string | readonly string[];
  navigation: NavigationItem[];
  /** Where someone of `role` lands after signing in (when no page asked for sign-in). */
  start?: string;
  /** What the 404 page says on this area's pages, and its link back in. */
  notFound?: { hint: string; href: string; text: string };
}

/** Every area a controller has declared, and the controllers in each. */
const AREAS = new Map<Type, PortalArea>();

/**
 * Puts a portal controller in its audience's area (`@InPortalArea(APPLICANT_AREA)`):
 * the layout's navigation is read from the areas by role, and the error page
 * finds the area from the route that failed, not by guessing from the path.
 */
export function InPortalArea(area: PortalArea): ClassDecorator {
  return (target) => {
    AREAS.set(target as unknown as Type, area);
  };
}

/** The header's navigation for a signed-in role: the items of the area for that role. */
export function navigationFor(role: string | undefined): NavigationItem[] {
  if (!role) return [];
  for (const area of AREAS.values()) if (isFor(area, role)) return area.navigation.filter((item) => !item.roles || item.roles.includes(role)).map(({ href, text }) => ({ href, text }));
  return [];
}

/** Where a role starts after signing in, as its area says; undefined for a role with no pages. */
export function startFor(role: string): string | undefined {
  for (const area of AREAS.values()) if (isFor(area, role) && area.start) return area.start;
  return undefined;
}

function isFor(area: PortalArea, role: string): boolean {
  return typeof area.role === 'string' ? area.role === role : !!area.role?.includes(role);
}

/** A controller's routes as "path" without leading slash (for the /api/v1 exclusion list and the error page). */
export function routesOf(controller: Type): { path: string; method: RequestMethod }[] {
  const base = [Reflect.getMetadata(PATH_METADATA, controller)].flat()[0] as string;
  return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
    const handler = (controller.prototype as Record<string, unknown>)[name];
    if (name === 'constructor' || typeof handler !== 'function') return [];
    const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    if (path === undefined || method === undefined) return [];
    return [{ path: [base, path].flatMap((p) => p.split('/')).filter(Boolean).join('/'), method }];
  });
}

let byRoute: Map<string, PortalArea> | undefined;

/**
 * The area of the route a request matched (its pattern, like
 * "/portal/applications/:id"), or undefined for a path no portal route has.
 */
export function areaOfRoute(routePattern: string | undefined): PortalArea | undefined {
  if (!routePattern) return undefined;
  byRoute ??= new Map([...AREAS].flatMap(([controller, area]) => routesOf(controller).map((r) => [r.path, area] as const)));
  return byRoute.get(routePattern.split('/').filter(Boolean).join('/'));
}
