import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '@app/config';
import { cookieOf, CsrfTokens, csrfTokenOf } from '@app/identity';
import type { PortalRequest } from './pages';

/** The cookie a form shown before there is a session ties its token to. */
export const FORM_COOKIE = 'pmdp_form';
/** How long the form cookie lasts (the cookies page says so). */
export const FORM_COOKIE_LIFETIME_SECONDS = 2 * 3600;

/**
 * CSRF for the forms someone fills in before they have a session (sign-in,
 * asking for a password reset): a random value in an HttpOnly, SameSite=Lax
 * cookie for /portal, and in the form an HMAC of it (the same keyed hash as a
 * session's token). Another site can make a browser post to these forms but
 * cannot read the cookie or the page, so it cannot supply a matching token:
 * it cannot sign someone in to the attacker's account (login CSRF) or make
 * the form act for them. Signed in, forms carry the session's token instead.
 */
@Injectable()
export class FormTokens {
  constructor(
    private readonly csrf: CsrfTokens,
    private readonly config: AppConfig,
  ) {}

  /** The token for the form on this page, setting the cookie it belongs to if the browser has none. */
  issue(req: PortalRequest, reply: FastifyReply): string {
    let value = cookieOf(req.headers.cookie, FORM_COOKIE);
    if (!value) {
      value = randomBytes(32).toString('base64url');
      reply.header(
        'set-cookie',
        [`${FORM_COOKIE}=${value}`, 'Path=/portal', `Max-Age=${FORM_COOKIE_LIFETIME_SECONDS}`, 'HttpOnly', 'SameSite=Lax', ...(this.config.isProduction ? ['Secure'] : [])].join('; '),
      );
    }
    return this.csrf.tokenFor(`form:${value}`);
  }

  /**
   * Whether a post to one of these forms must be refused: signed out and
   * without the token of the cookie it came with. Signed in, the AuthGuard
   * has already checked the session's token.
   */
  refused(req: PortalRequest): boolean {
    if (req.principal?.sessionId) return false;
    const value = cookieOf(req.headers.cookie, FORM_COOKIE);
    return !value || !this.csrf.matches(`form:${value}`, csrfTokenOf(req));
  }
}
