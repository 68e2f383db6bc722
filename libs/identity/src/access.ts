import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { requestIdOf } from '@app/http';
import { ROLES, type Actor, type Principal, type Role } from './roles';

export const ACCESS_KEY = 'pmdp:access';

/**
 * Who may call a route. Every route declares one (a test walks the route
 * table to prove it); the guard refuses any route that does not.
 */
export type Access =
  | {
      public: true;
      /** Not counted against the anonymous rate limit, and no session is looked up: health probes and the metrics scrape. */
      unmetered?: boolean;
    }
  | {
      roles: readonly Role[];
      /** Provider API keys may call it (provider routes); otherwise only signed-in users. */
      apiKeys?: boolean;
      /** Answers while a staff member still has to enrol two-factor authentication. */
      duringMfaSetup?: boolean;
    };

/** Anyone, signed in or not. */
export const Public = (options: { unmetered?: boolean } = {}) => SetMetadata(ACCESS_KEY, { public: true, ...options } satisfies Access);

/** Signed-in users with one of `roles`. */
export const Roles = (roles: readonly Role[], options: { apiKeys?: boolean; duringMfaSetup?: boolean } = {}) =>
  applyDecorators(SetMetadata(ACCESS_KEY, { roles, ...options } satisfies Access), ApiBearerAuth());

/** Any signed-in user. */
export const SignedIn = (options: { apiKeys?: boolean; duringMfaSetup?: boolean } = {}) => Roles(ROLES, options);

/** The request as the guard leaves it. */
export interface AuthenticatedRequest {
  principal?: Principal;
  method?: string;
  body?: unknown;
  ip?: string;
  id?: unknown;
  raw?: { id?: unknown };
  headers: Record<string, string | string[] | undefined>;
}

/** The caller, with the request id and address, for services and the audit log. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  return actorOf(request);
});

export function actorOf(request: AuthenticatedRequest): Actor {
  // Anonymous callers (public routes) carry no user: the audit log records them by address only.
  const principal: Principal = request.principal ?? { kind: 'session', role: 'applicant' };
  return { ...principal, requestId: requestIdOf(request), ip: request.ip };
}
