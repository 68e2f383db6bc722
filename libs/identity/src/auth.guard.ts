import { CanActivate, ExecutionContext, ForbiddenException, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_KEY, type Access, type AuthenticatedRequest } from './access';
import { API_KEY_PREFIX, ApiKeysService } from './api-keys.service';
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

/**
 * Default deny. Every route must declare its access (@Public, @Roles,
 * @SignedIn); a route without one is refused for everybody. Bearer tokens
 * are sessions or provider API keys. Every request counts against the
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
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!access) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no access rule: refused`);
      throw new ForbiddenException('This route is not open to anyone');
    }

    const token = bearerToken(request.headers.authorization);
    const principal = token
      ? token.startsWith(API_KEY_PREFIX)
        ? await this.apiKeys.authenticate(token)
        : await this.sessions.authenticate(token)
      : null;
    if (principal) request.principal = principal;

    const who = principal ? (principal.userId ?? principal.apiKeyId)! : `ip:${request.ip ?? 'unknown'}`;
    await this.limits.consume(this.limits.api, who, 'Too many requests. Slow down and try again shortly.');

    if ('public' in access) return true;
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
