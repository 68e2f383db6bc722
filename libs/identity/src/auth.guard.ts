import { CanActivate, ExecutionContext, ForbiddenException, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_KEY, type Access, type AuthenticatedRequest } from './access';
import { API_KEY_PREFIX, ApiKeysService } from './api-keys.service';
import { CsrfTokens, csrfTokenOf, sessionCookieOf } from './csrf';
import { IdentityError } from './identity.error';
import { RateLimits } from './rate-limits';
import { SessionsService } from './sessions.service';

/** 401 with the challenge header RFC 6750 asks for. */
export class NotSignedIn extends UnauthorizedException {
  readonly problemHeaders = { 'www-authenticate': 'Bearer realm="pmdp"' };
  constructor(message = 'Sign in to use this') {
    super(message);
  }
}

/** 403 for a cookie-session request that changes something without its CSRF token. */
export class CsrfRefused extends ForbiddenException {
  constructor() {
    super('This form has expired or did not come from this service. Go back, reload the page and try again.');
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Default deny. Every route must declare its access (@Public, @Roles,
 * @SignedIn); a route without one is refused for everybody. Bearer tokens
 * are sessions or provider API keys; the portal's cookie session counts when
 * no Authorization header is sent. Every request counts against the
 * general API limit of its principal or, when anonymous, its address.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly apiKeys: ApiKeysService,
    private readonly limits: RateLimits,
    private readonly csrf: CsrfTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!access) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no access rule: refused`);
      throw new ForbiddenException('This route is not open to anyone');
    }

    // Probes every few seconds from the load balancer must never be refused for their rate.
    if ('public' in access && access.unmetered) return true;

    const bearer = bearerToken(request.headers.authorization);
    const cookie = bearer ? undefined : sessionCookieOf(request.headers.cookie);
    const token = bearer ?? cookie;
    const principal = bearer
      ? bearer.startsWith(API_KEY_PREFIX)
        ? await this.apiKeys.authenticate(bearer)
        : await this.sessions.authenticate(bearer)
      : cookie
        ? await this.sessions.authenticate(cookie, 'cookie')
        : null;
    // Browsers send the cookie whoever built the form: a change made with it must carry the session's CSRF token.
    // Without it the cookie does not count: a public route runs anonymously, any other is refused.
    const csrfOk = !principal || !cookie || SAFE_METHODS.has(request.method ?? 'GET') || this.csrf.matches(principal.sessionId!, csrfTokenOf(request));
    if (principal && csrfOk) request.principal = principal;

    const who = request.principal ? (request.principal.userId ?? request.principal.apiKeyId)! : `ip:${request.ip ?? 'unknown'}`;
    await this.limits.consume(this.limits.api, who, 'Too many requests. Slow down and try again shortly.');

    if ('public' in access) return true;
    if (!csrfOk) throw new CsrfRefused();
    if (!principal) throw new NotSignedIn(token ? 'Your session has ended or the key is not valid. Sign in again.' : undefined);
    if (principal.kind === 'api_key' && !access.apiKeys) throw new ForbiddenException('API keys cannot use this; sign in as a person');
    if (principal.mfaSetupOnly && !access.duringMfaSetup) {
      throw new IdentityError('mfa_setup_required', 'Set up two-factor authentication first (POST /api/v1/me/mfa/setup)');
    }
    if (!access.roles.includes(principal.role)) throw new ForbiddenException('Your role does not allow this');
    return true;
  }
}

function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}
