import type { FastifyReply } from 'fastify';
import type { AppConfig } from '@app/config';
import { SESSION_COOKIE } from '@app/identity';

/**
 * HttpOnly (no script reads it), SameSite=Lax (browsers leave it off
 * cross-site posts), Secure outside development and test, for the whole site.
 * The token is base64url, so it needs no encoding.
 */
function cookie(value: string, expires: Date, config: AppConfig): string {
  return [`${SESSION_COOKIE}=${value}`, 'Path=/', `Expires=${expires.toUTCString()}`, 'HttpOnly', 'SameSite=Lax', ...(config.isProduction ? ['Secure'] : [])].join('; ');
}

/** Sets the portal session cookie, ending when the session does at the latest. */
export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, config: AppConfig): void {
  reply.header('set-cookie', cookie(token, expiresAt, config));
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(reply: FastifyReply, config: AppConfig): void {
  reply.header('set-cookie', cookie('', new Date(0), config));
}
