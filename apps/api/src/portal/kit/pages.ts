import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CsrfTokens, type AuthenticatedRequest } from '@app/identity';
import type { ProblemDetails } from '@app/http';
import { portalErrorPage, type ErrorPageOptions } from './error-page';
import { FormTokens } from './form-tokens';
import { navigationFor } from './navigation';
import { renderPage } from './views';

/** A portal request as the auth guard leaves it. */
export type PortalRequest = FastifyRequest & AuthenticatedRequest & { body?: Record<string, unknown> };

/** One problem on a form: the summary links to the field by `href`. */
export interface FormError {
  href: string;
  text: string;
}

/**
 * Sends portal pages: the page's own context plus what the layout needs
 * (who is signed in and their role, their area's navigation, the session's
 * CSRF token for forms).
 * Pages are never cached: they show personal data.
 */
@Injectable()
export class PortalPages {
  constructor(
    private readonly csrf: CsrfTokens,
    private readonly formTokens: FormTokens,
  ) {}

  /** Renders `template` with `context` and sends it with `status`. */
  send(request: PortalRequest, reply: FastifyReply, template: string, context: Record<string, unknown>, status = 200): void {
    const html = renderPage(template, this.layoutContext(request, context));
    reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  }

  /** Post/redirect/get: 303 sends the browser to `location` with a GET. */
  redirect(reply: FastifyReply, location: string): void {
    reply.redirect(location, 303);
  }

  /**
   * The error page for a portal request, inside the same layout as every
   * other page: signed in, the header keeps the person's navigation and Sign
   * out (a 403 is not a dead end). A 401 shows the sign-in form, which needs
   * a form token of its own.
   */
  errorPage(request: PortalRequest, reply: FastifyReply, problem: ProblemDetails, options: ErrorPageOptions = {}): string {
    const formToken = problem.status === 401 && !request.principal?.sessionId ? this.formTokens.issue(request, reply) : undefined;
    return portalErrorPage(problem, { ...options, layout: this.layoutContext(request, { formToken }) });
  }

  private layoutContext(request: PortalRequest, context: Record<string, unknown>): Record<string, unknown> {
    const principal = request.principal;
    const path = request.url.split('?')[0];
    const items = navigationFor(principal?.role);
    // The page's own item is the one whose path it is under most closely (the staff home, /portal/staff, is above every staff page).
    const current = items.filter((item) => path === item.href || path.startsWith(`${item.href}/`)).sort((a, b) => b.href.length - a.href.length)[0];
    return {
      role: principal?.sessionId ? principal.role : undefined,
      ...context,
      signedIn: !!principal?.sessionId,
      // For a page's own secondary navigation (finance's pages mark the one open).
      path,
      // Signed out, a page with a form before sign-in passes the token FormTokens issued for it.
      csrfToken: principal?.sessionId ? this.csrf.tokenFor(principal.sessionId) : ((context.formToken as string | undefined) ?? ''),
      navigation: items.map((item) => ({ ...item, current: item === current })),
    };
  }
}
