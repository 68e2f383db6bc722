import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppConfig, Clock } from '@app/config';
import { SecretBox } from '@app/crypto';
import { cookieOf } from '@app/identity';
import type { PortalRequest } from '../kit/pages';
import { CHECKER_BASE, CHECKER_FIELDS, type CheckerValues } from './eligibility-questions';

/** The cookie that carries the eligibility checker's answers from page to page (named on the cookies page). */
export const CHECKER_COOKIE = 'pmdp_eligibility';
/** How long answers are kept after the last page answered. */
export const CHECKER_LIFETIME_SECONDS = 60 * 60;

/**
 * The checker's answers between pages, without an account or anything
 * stored: sealed (AES-256-GCM, SecretBox under its own key from
 * SESSION_SECRET) so the browser can neither read nor alter them, in an
 * HttpOnly, SameSite=Lax cookie for the checker's pages only. The expiry is
 * sealed inside too, so an old value sent again is worth nothing.
 */
@Injectable()
export class CheckerCookie {
  private readonly box: SecretBox;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.box = new SecretBox(config.sessionSecret, 'pmdp-eligibility-cookie');
  }

  /** The answers so far: none when there is no cookie, or it has expired or was not sealed here. */
  read(req: PortalRequest): CheckerValues {
    const sealed = cookieOf(req.headers.cookie, CHECKER_COOKIE);
    if (!sealed) return {};
    let body: { exp?: unknown; values?: Record<string, unknown> };
    try {
      body = JSON.parse(this.box.open(sealed));
    } catch {
      return {};
    }
    if (typeof body.exp !== 'number' || body.exp < this.clock.now().getTime()) return {};
    const values: CheckerValues = {};
    for (const name of CHECKER_FIELDS) {
      const value = body.values?.[name];
      if (typeof value === 'string') values[name] = value;
    }
    return values;
  }

  /** Keeps these answers for another hour. */
  write(reply: FastifyReply, values: CheckerValues): void {
    const sealed = this.box.seal(JSON.stringify({ exp: this.clock.now().getTime() + CHECKER_LIFETIME_SECONDS * 1000, values }));
    reply.header(
      'set-cookie',
      [`${CHECKER_COOKIE}=${sealed}`, `Path=${CHECKER_BASE}`, `Max-Age=${CHECKER_LIFETIME_SECONDS}`, 'HttpOnly', 'SameSite=Lax', ...(this.config.isProduction ? ['Secure'] : [])].join('; '),
    );
  }
}
