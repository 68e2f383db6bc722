import { portalErrorPage } from './error-page';

const problem = (status: number, instance: string, detail?: string) => ({ type: 'about:blank', title: 'x', status, instance, detail });

describe('the portal error page', () => {
  it('a 401 for a page is the sign-in form, coming back to that page', () => {
    const html = portalErrorPage(problem(401, '/portal/applications/abc', 'Sign in to use this'), { method: 'GET', layout: { csrfToken: 'form-token' } });
    expect(html).toContain('<h1>Sign in</h1>');
    expect(html).toContain('<form action="/portal/sign-in" method="post"');
    expect(html).toContain('<input type="hidden" name="next" value="/portal/applications/abc">');
    expect(html).toContain('<input type="hidden" name="_csrf" value="form-token">');
    // The guard's bare sentence adds nothing to the page's own.
    expect(html).not.toContain('Sign in to use this');
  });

  it('a 401 says why when the session ended, and keeps no return path for a form post or a path that is not a page', () => {
    const ended = portalErrorPage(problem(401, '/portal/applications', 'Your session has ended or the key is not valid. Sign in again.'), { method: 'POST' });
    expect(ended).toContain('Your session has ended');
    expect(ended).not.toContain('name="next"');
    expect(portalErrorPage(problem(401, '/portal/sign-in'), { method: 'GET' })).not.toContain('name="next"');
  });

  it('a 403 for someone signed in keeps their navigation and Sign out, and points to the programme team', () => {
    const html = portalErrorPage(problem(403, '/portal/provider/learners', 'Your role does not allow this'), {
      layout: { signedIn: true, csrfToken: 'session-token', navigation: [{ href: '/portal/applications', text: 'Your applications', current: false }] },
    });
    expect(html).toContain('href="/portal/applications"');
    expect(html).toContain('action="/portal/sign-out"');
    expect(html).toContain('<input type="hidden" name="_csrf" value="session-token">');
    expect(html).toContain('Your role does not allow this.');
    expect(html).toContain('href="/portal/contact"');
  });

  it('signed out, a 403 has no Sign out and no navigation', () => {
    const html = portalErrorPage(problem(403, '/portal/applications/abc/offer/accept', 'This form has expired or did not come from this service.'));
    expect(html).not.toContain('/portal/sign-out');
    expect(html).toContain('This form has expired');
  });
});
