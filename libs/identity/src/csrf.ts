import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '@app/config';

/** The cookie that carries a portal session's token. */
export const SESSION_COOKIE = 'pmdp_session';

/** The form field (and, for scripts, the header) that carries the CSRF token. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * CSRF tokens for cookie sessions: an HMAC of the session id under
 * SESSION_SECRET. Nothing is stored; the token changes when the session does
 * (every sign-in makes a new one) and cannot be forged without the secret.
 */
@Injectable()
export class CsrfTokens {
  constructor(private readonly config: AppConfig) {}

  /** The token every state-changing form of this session carries. */
  tokenFor(sessionId: string): string {
    return createHmac('sha256', this.config.sessionSecret).update(`pmdp-csrf:${sessionId}`).digest('base64url');
  }

  /** Whether `token` is this session's token (compared in constant time). */
  matches(sessionId: string, token: unknown): boolean {
    if (typeof token !== 'string' || token.length === 0) return false;
    const expected = Buffer.from(this.tokenFor(sessionId));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** The session token in a Cookie header, if any. */
export function sessionCookieOf(header: string | string[] | undefined): string | undefined {
  return cookieOf(header, SESSION_COOKIE);
}

/** The value of cookie `name` in a Cookie header, if any. */
export function cookieOf(header: string | string[] | undefined, name: string): string | undefined {
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/**
 * The CSRF token a request carries: the `_csrf` form field (a plain value,
 * or a multipart field `{ value }`), or the X-CSRF-Token header.
 */
export function csrfTokenOf(request: { body?: unknown; headers: Record<string, string | string[] | undefined> }): string | undefined {
  const field = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
  const value = typeof field === 'string' ? field : (field as { value?: unknown } | undefined)?.value;
  if (typeof value === 'string') return value;
  const header = request.headers[CSRF_HEADER];
  return typeof header === 'string' ? header : undefined;
}
