import { SESSION_COOKIE } from '@app/identity';
import { FORM_COOKIE } from '../../apps/api/src/portal/kit/form-tokens';

/** Forms shown before there is a session, whose token is tied to a cookie: posting one without `_csrf` first opens its page, as a person would. */
const FORMS_BEFORE_SIGN_IN: Record<string, string> = {
  '/portal/sign-in': '/portal/sign-in',
  '/portal/reset-password/request': '/portal/reset-password/request',
  '/portal/register': '/portal/register',
};

export interface PageResponse {
  status: number;
  headers: Headers;
  html: string;
  location: string | null;
}

/**
 * A person at a browser, without the browser: fetch with the session cookie
 * kept by hand, forms posted URL-encoded or multipart, redirects not followed
 * (tests look at each 303), and the CSRF token read from the last page.
 */
export class PortalClient {
  cookie: string | undefined;
  /** The cookie the forms before sign-in tie their token to. */
  formCookie: string | undefined;
  /** Any other cookie the pages set (the eligibility checker's answers), by name; paths are not told apart. */
  readonly otherCookies = new Map<string, string>();
  lastHtml = '';

  constructor(readonly baseUrl: string) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<PageResponse> {
    return this.send(path, { method: 'GET', headers });
  }

  /** Posts a form URL-encoded, as a browser does (URLSearchParams for a field sent more than once, like ticked checkboxes). */
  async post(path: string, form: Record<string, string> | URLSearchParams, headers: Record<string, string> = {}): Promise<PageResponse> {
    const page = FORMS_BEFORE_SIGN_IN[path.split('?')[0]];
    if (page && !(form instanceof URLSearchParams) && !('_csrf' in form)) {
      await this.get(page);
      form = { ...form, _csrf: this.csrf };
    }
    return this.send(path, { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  }

  /** Posts a multipart form with one file, as a browser does for a file upload. */
  async upload(path: string, fields: Record<string, string>, file: { name: string; field: string; content: string }): Promise<PageResponse> {
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    body.append(file.field, new Blob([file.content], { type: 'text/csv' }), file.name);
    return this.send(path, { method: 'POST', body });
  }

  /** Signs in through the form; throws unless it redirects. */
  async signIn(email: string, password: string): Promise<PageResponse> {
    const res = await this.post('/portal/sign-in', { email, password });
    if (res.status !== 303) throw new Error(`portal sign-in: ${res.status}\n${res.html.slice(0, 500)}`);
    return res;
  }

  /** The CSRF token in the last page's forms. */
  get csrf(): string {
    return hiddenField(this.lastHtml, '_csrf');
  }

  private cookieHeader(): string {
    const others = [...this.otherCookies].map(([name, value]) => `${name}=${value}`);
    return [this.cookie && `${SESSION_COOKIE}=${this.cookie}`, this.formCookie && `${FORM_COOKIE}=${this.formCookie}`, ...others].filter(Boolean).join('; ');
  }

  private async send(path: string, init: { method: string; body?: string | FormData; headers?: Record<string, string> }): Promise<PageResponse> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: init.method,
      body: init.body,
      redirect: 'manual',
      headers: { ...(this.cookieHeader() ? { cookie: this.cookieHeader() } : {}), ...init.headers },
    });
    const html = await res.text();
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (name === SESSION_COOKIE) this.cookie = value || undefined;
      if (name === FORM_COOKIE) this.formCookie = value || undefined;
      if (name !== SESSION_COOKIE && name !== FORM_COOKIE) {
        if (value) this.otherCookies.set(name, value);
        else this.otherCookies.delete(name);
      }
    }
    if (res.status === 200 || res.status >= 400) this.lastHtml = html;
    return { status: res.status, headers: res.headers, html, location: res.headers.get('location') };
  }
}

/** The value of a hidden field in a page. */
export function hiddenField(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no ${name} field on the page`);
  return match[1];
}
