import type { ProblemDetails } from '@app/http';
import { safeNext } from './account-forms';
import { areaOfRoute } from './navigation';
import { renderPage } from './views';

/** True for a request to a portal page: errors there are HTML pages, not problem+json. */
export function isPortalPath(url: string | undefined): boolean {
  const path = url?.split('?')[0] ?? '';
  return path === '/portal' || path.startsWith('/portal/');
}

const TITLES: Record<number, string> = {
  400: 'There is a problem with the page you sent',
  401: 'Sign in',
  403: 'You cannot use this page',
  404: 'Page not found',
  409: 'That could not be done',
  413: 'The file is too large',
  422: 'That could not be done',
  429: 'Too many attempts',
};

/** A problem's detail as a sentence on the page; the guard's bare "Sign in to use this" says nothing the page does not. */
function asSentence(text: string | undefined): string | undefined {
  if (!text || /^Sign in to use this\.?$/.test(text)) return undefined;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** What the error page needs besides the problem. */
export interface ErrorPageOptions {
  retryAfterSeconds?: number;
  method?: string;
  /** The route pattern the request matched, for a 404's area. */
  route?: string;
  /** The layout's context (who is signed in, their navigation, the form's token), from PortalPages. */
  layout?: Record<string, unknown>;
}

/**
 * The HTML page for an error on a portal page: the problem's status and
 * words (4xx details are written for people), never internals on a 5xx.
 * A 401 shows the sign-in form, and for a page (a GET) comes back to it
 * after signing in: someone following an emailed link to their application
 * lands on it. A 404 on a route of an audience's area (`route`, the pattern
 * the request matched) says what that area's module asks, and links back in.
 */
export function portalErrorPage(problem: ProblemDetails, options: ErrorPageOptions = {}): string {
  const { retryAfterSeconds, method = 'GET', route, layout = {} } = options;
  const status = problem.status;
  const path = problem.instance;
  const title = status >= 500 ? 'Sorry, there is a problem with the service' : (TITLES[status] ?? 'There is a problem');
  try {
    return renderPage('error', {
      ...layout,
      title,
      status,
      detail: status >= 500 ? undefined : status === 401 || status === 403 ? asSentence(problem.detail) : problem.detail,
      notFound: areaOfRoute(route)?.notFound,
      next: status === 401 && method === 'GET' ? safeNext(path) : undefined,
      // The sign-in form's starting state (see the sign-in page).
      values: {},
      errors: {},
      requestId: problem.requestId,
      retryMinutes: retryAfterSeconds ? Math.max(1, Math.ceil(retryAfterSeconds / 60)) : undefined,
    });
  } catch {
    // The error page must not fail in its turn (a template that cannot be read): a bare page still says what happened.
    return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1></main></body></html>`;
  }
}
