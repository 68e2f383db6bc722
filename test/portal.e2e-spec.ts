import { randomUUID } from 'node:crypto';
import { generate } from 'otplib';
import { SESSION_COOKIE } from '@app/identity';
import { PortalClient, hiddenField } from './support/portal-client';
import { dateFields, providerProgramme } from './support/portal-fixtures';
import { routeTable } from './support/routes';
import { PASSWORD, World } from './support/world';

describe('the training provider portal', () => {
  let w: World;
  let programme: Awaited<ReturnType<typeof providerProgramme>>;
  let providerA: { id: string };
  let providerB: { id: string };
  let userA: { email: string };
  let userB: { email: string };

  beforeAll(async () => {
    w = await World.start({ worker: false });
    programme = await providerProgramme(w);
    providerA = await w.provider('Provider A');
    providerB = await w.provider('Provider B');
    userA = await w.user('provider', { providerId: providerA.id });
    userB = await w.user('provider', { providerId: providerB.id });
  });
  afterAll(() => w.stop());

  const client = () => new PortalClient(w.api.url);
  async function signedIn(email: string) {
    const c = client();
    await c.signIn(email, PASSWORD);
    return c;
  }
  const ledger = async (applicationId: string): Promise<string[]> =>
    (await w.db.query(`SELECT kind, amount_pence FROM budget_ledger_entry WHERE application_id = $1 ORDER BY seq`, [applicationId])).map(
      (e: { kind: string; amount_pence: number }) => `${e.kind} ${e.amount_pence}`,
    );

  describe('pages and layout', () => {
    it('every portal page is a Nest route outside /api/v1 that declares its access', () => {
      const routes = routeTable(w.api.app);
      const portal = routes.filter((r) => r.path === '/portal' || r.path.startsWith('/portal/'));
      expect(routes.filter((r) => r.path.startsWith('/api/v1/portal'))).toEqual([]);
      expect(portal.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
        'GET /portal',
        'GET /portal/accept-invitation',
        'GET /portal/accessibility',
        'GET /portal/account/email-settings',
        'GET /portal/account/two-factor',
        'GET /portal/account/two-factor/remove',
        'GET /portal/applications',
        'GET /portal/applications/:id',
        'GET /portal/applications/:id/answers',
        'GET /portal/applications/:id/check',
        'GET /portal/applications/:id/confirmation',
        'GET /portal/applications/:id/offer/decline',
        'GET /portal/applications/:id/tasks/:section',
        'GET /portal/applications/:id/withdraw',
        'GET /portal/contact',
        'GET /portal/cookies',
        'GET /portal/eligibility',
        'GET /portal/eligibility/:question',
        'GET /portal/eligibility/check-answers',
        'GET /portal/eligibility/result',
        'GET /portal/privacy',
        'GET /portal/profile',
        'GET /portal/profile/:section',
        'GET /portal/provider/account',
        'GET /portal/provider/api-keys',
        'GET /portal/provider/api-keys/:id/revoke',
        'GET /portal/provider/learners',
        'GET /portal/provider/learners/:id',
        'GET /portal/provider/learners/:id/completion',
        'GET /portal/provider/learners/:id/decline',
        'GET /portal/provider/learners/:id/deferral',
        'GET /portal/provider/learners/:id/progress',
        'GET /portal/provider/learners/:id/reports/:reportId/void',
        'GET /portal/provider/learners/:id/start',
        'GET /portal/provider/learners/:id/withdrawal',
        'GET /portal/provider/reports/upload',
        'GET /portal/provider/reports/upload/template.csv',
        'GET /portal/provider/statements',
        'GET /portal/provider/statements/:month/csv',
        'GET /portal/register',
        'GET /portal/reset-password',
        'GET /portal/reset-password/request',
        'GET /portal/rounds',
        'GET /portal/rounds/notify-me',
        'GET /portal/sign-in',
        'GET /portal/skills-audit',
        'GET /portal/skills-audit/:step',
        'GET /portal/skills-audit/check',
        'GET /portal/skills-audit/done',
        'GET /portal/skills-audit/history',
        'GET /portal/staff',
        'GET /portal/staff/appeals',
        'GET /portal/staff/appeals/:id',
        'GET /portal/staff/applications',
        'GET /portal/staff/applications/:id',
        'GET /portal/staff/assignment',
        'GET /portal/staff/audit',
        'GET /portal/staff/cohorts',
        'GET /portal/staff/cohorts/:id/cancel',
        'GET /portal/staff/cohorts/:id/capacity',
        'GET /portal/staff/cohorts/new',
        'GET /portal/staff/conflicts',
        'GET /portal/staff/conflicts/all',
        'GET /portal/staff/decisions/choose',
        'GET /portal/staff/deliveries',
        'GET /portal/staff/finance',
        'GET /portal/staff/finance/budget',
        'GET /portal/staff/finance/forecast',
        'GET /portal/staff/finance/ledger',
        'GET /portal/staff/finance/payment-runs',
        'GET /portal/staff/finance/payment-runs/:id',
        'GET /portal/staff/finance/payment-runs/:id/approve',
        'GET /portal/staff/finance/payment-runs/:id/cancel',
        'GET /portal/staff/finance/payment-runs/:id/paid',
        'GET /portal/staff/finance/payment-runs/:id/remittance.csv',
        'GET /portal/staff/finance/payment-runs/new',
        'GET /portal/staff/finance/pots/:id',
        'GET /portal/staff/finance/pots/:id/top-up',
        'GET /portal/staff/finance/pots/new',
        'GET /portal/staff/finance/reconciliation',
        'GET /portal/staff/finance/transfers/new',
        'GET /portal/staff/finance/year-end',
        'GET /portal/staff/learners',
        'GET /portal/staff/learners/:id',
        'GET /portal/staff/learners/:id/correct',
        'GET /portal/staff/learners/:id/withdraw',
        'GET /portal/staff/people',
        'GET /portal/staff/people/:id',
        'GET /portal/staff/people/:id/disable',
        'GET /portal/staff/people/new',
        'GET /portal/staff/placement',
        'GET /portal/staff/placement/:id',
        'GET /portal/staff/providers',
        'GET /portal/staff/providers/:id',
        'GET /portal/staff/providers/:id/api-keys/:keyId/revoke',
        'GET /portal/staff/providers/:id/edit',
        'GET /portal/staff/providers/:id/users/new',
        'GET /portal/staff/providers/new',
        'GET /portal/staff/qualifications',
        'GET /portal/staff/qualifications/:id/edit',
        'GET /portal/staff/qualifications/:id/retire',
        'GET /portal/staff/qualifications/new',
        'GET /portal/staff/reports',
        'GET /portal/staff/reports/:key/export.csv',
        'GET /portal/staff/reports/:key/export.xlsx',
        'GET /portal/staff/reports/budget-use',
        'GET /portal/staff/reports/cost-per-qualification',
        'GET /portal/staff/reports/coverage',
        'GET /portal/staff/reports/durations',
        'GET /portal/staff/reports/eligibility-rules',
        'GET /portal/staff/reports/exports',
        'GET /portal/staff/reports/exports/:id',
        'GET /portal/staff/reports/exports/:id/download',
        'GET /portal/staff/reports/funnel',
        'GET /portal/staff/reports/providers',
        'GET /portal/staff/reports/qualified',
        'GET /portal/staff/reports/skills-gap',
        'GET /portal/staff/rounds',
        'GET /portal/staff/rounds/:id',
        'GET /portal/staff/rounds/:id/close',
        'GET /portal/staff/rounds/:id/edit',
        'GET /portal/staff/rounds/new',
        'GET /portal/staff/rule-sets',
        'GET /portal/staff/rule-sets/:version',
        'GET /portal/staff/rule-sets/:version/delete',
        'GET /portal/staff/rule-sets/:version/publish',
        'GET /portal/staff/rule-sets/upload',
        'GET /portal/staff/workforce',
        'GET /portal/staff/workforce/counts',
        'GET /portal/staff/workforce/gap-weighting',
        'GET /portal/staff/workforce/gap-weighting/preview',
        'GET /portal/staff/workforce/gap-weighting/switch-off',
        'GET /portal/staff/workforce/gap-weighting/switch-on',
        'GET /portal/staff/workforce/practices',
        'GET /portal/staff/workforce/role-profiles',
        'GET /portal/staff/workforce/role-profiles/:role',
        'GET /portal/staff/workforce/targets',
        'GET /portal/verify-email',
        'POST /portal/accept-invitation',
        'POST /portal/account/confirm-email',
        'POST /portal/account/email-settings',
        'POST /portal/account/two-factor/confirm',
        'POST /portal/account/two-factor/remove',
        'POST /portal/account/two-factor/start',
        'POST /portal/applications',
        'POST /portal/applications/:id/appeal',
        'POST /portal/applications/:id/enrolment',
        'POST /portal/applications/:id/offer/accept',
        'POST /portal/applications/:id/offer/decline',
        'POST /portal/applications/:id/submit',
        'POST /portal/applications/:id/tasks/:section',
        'POST /portal/applications/:id/withdraw',
        'POST /portal/eligibility/:question',
        'POST /portal/profile/:section',
        'POST /portal/provider/api-keys',
        'POST /portal/provider/api-keys/:id/revoke',
        'POST /portal/provider/learners/:id/completion',
        'POST /portal/provider/learners/:id/decline',
        'POST /portal/provider/learners/:id/deferral',
        'POST /portal/provider/learners/:id/progress',
        'POST /portal/provider/learners/:id/reports/:reportId/void',
        'POST /portal/provider/learners/:id/start',
        'POST /portal/provider/learners/:id/withdrawal',
        'POST /portal/provider/reports/upload',
        'POST /portal/register',
        'POST /portal/reset-password',
        'POST /portal/reset-password/request',
        'POST /portal/rounds/notify-me',
        'POST /portal/sign-in',
        'POST /portal/sign-out',
        'POST /portal/skills-audit/:step',
        'POST /portal/skills-audit/check',
        'POST /portal/staff/appeals/:id/decision',
        'POST /portal/staff/applications/:id/assign',
        'POST /portal/staff/applications/:id/decision',
        'POST /portal/staff/applications/:id/hold',
        'POST /portal/staff/applications/:id/notes',
        'POST /portal/staff/applications/:id/release',
        'POST /portal/staff/applications/:id/unassign',
        'POST /portal/staff/assignment',
        'POST /portal/staff/cohorts',
        'POST /portal/staff/cohorts/:id/cancel',
        'POST /portal/staff/cohorts/:id/capacity',
        'POST /portal/staff/conflicts',
        'POST /portal/staff/conflicts/:id/remove',
        'POST /portal/staff/decisions',
        'POST /portal/staff/decisions/confirm',
        'POST /portal/staff/deliveries/:id/resend',
        'POST /portal/staff/finance/payment-runs',
        'POST /portal/staff/finance/payment-runs/:id/approve',
        'POST /portal/staff/finance/payment-runs/:id/cancel',
        'POST /portal/staff/finance/payment-runs/:id/paid',
        'POST /portal/staff/finance/payment-runs/:id/paid/check',
        'POST /portal/staff/finance/payment-runs/:id/submit',
        'POST /portal/staff/finance/pots',
        'POST /portal/staff/finance/pots/:id/top-up',
        'POST /portal/staff/finance/pots/:id/top-up/check',
        'POST /portal/staff/finance/transfers',
        'POST /portal/staff/finance/transfers/check',
        'POST /portal/staff/finance/year-end',
        'POST /portal/staff/finance/year-end/preview',
        'POST /portal/staff/learners/:id/correct',
        'POST /portal/staff/learners/:id/withdraw',
        'POST /portal/staff/people',
        'POST /portal/staff/people/:id/disable',
        'POST /portal/staff/people/:id/enable',
        'POST /portal/staff/people/:id/role',
        'POST /portal/staff/placement/:id',
        'POST /portal/staff/providers',
        'POST /portal/staff/providers/:id/api-keys',
        'POST /portal/staff/providers/:id/api-keys/:keyId/revoke',
        'POST /portal/staff/providers/:id/edit',
        'POST /portal/staff/providers/:id/users',
        'POST /portal/staff/qualifications',
        'POST /portal/staff/qualifications/:id/edit',
        'POST /portal/staff/qualifications/:id/retire',
        'POST /portal/staff/rounds',
        'POST /portal/staff/rounds/:id/close',
        'POST /portal/staff/rounds/:id/edit',
        'POST /portal/staff/rule-sets',
        'POST /portal/staff/rule-sets/:version/delete',
        'POST /portal/staff/rule-sets/:version/publish',
        'POST /portal/staff/workforce/counts',
        'POST /portal/staff/workforce/gap-weighting/switch-off',
        'POST /portal/staff/workforce/gap-weighting/switch-on',
        'POST /portal/staff/workforce/practices/upload',
        'POST /portal/staff/workforce/role-profiles/:role',
        'POST /portal/staff/workforce/targets',
        'POST /portal/verify-email',
      ]);
      for (const r of portal.filter((r) => r.path.startsWith('/portal/provider/'))) expect(r.access).toEqual({ roles: ['provider'] });
      for (const r of portal.filter((r) => r.path.startsWith('/portal/staff/workforce'))) expect(r.access).toEqual({ roles: ['admin'] });
      for (const r of portal.filter((r) => r.path.startsWith('/portal/applications') || r.path.startsWith('/portal/profile'))) expect(r.access).toEqual({ roles: ['applicant'] });
      // The skills audit is for anyone signed in (its start page is public).
      for (const r of portal.filter((r) => r.path.startsWith('/portal/skills-audit/'))) expect(r.access).toEqual({ roles: ['applicant', 'provider', 'reviewer', 'finance', 'admin'] });
      const open = ['/portal', '/portal/skills-audit', '/portal/register', '/portal/sign-in', '/portal/verify-email', '/portal/reset-password', '/portal/reset-password/request', '/portal/accept-invitation', '/portal/rounds'];
      for (const r of portal.filter((r) => open.includes(r.path))) expect(r.access).toEqual({ public: true });
    });

    it('the sign-in page is an NHS page: header with the service name, skip link, main landmark, footer, no script', async () => {
      const res = await client().get('/portal/sign-in');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.html).toContain('class="nhsuk-header');
      expect(res.html).toContain('Practice Manager Development Programme');
      expect(res.html).toMatch(/<a\s+class="nhsuk-skip-link"[^>]*href="#maincontent"/);
      expect(res.html).toMatch(/<main [^>]*id="maincontent"/);
      expect(res.html).toContain('class="nhsuk-footer');
      expect(res.html).toContain('href="/assets/nhsuk-frontend.min.css"');
      expect(res.html).not.toMatch(/<script/i);
    });

    it('serves nhsuk-frontend’s CSS and images from its package, and nothing else from it', async () => {
      const css = await fetch(`${w.api.url}/assets/nhsuk-frontend.min.css`);
      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toMatch(/text\/css/);
      expect(await css.text()).toContain('.nhsuk-header');
      expect((await fetch(`${w.api.url}/assets/images/nhsuk-icon-cross.svg`)).status).toBe(200);
      expect((await fetch(`${w.api.url}/assets/index.scss`)).status).toBeGreaterThanOrEqual(400);
      expect((await fetch(`${w.api.url}/assets/../package.json`)).status).toBeGreaterThanOrEqual(400);
    });

    it('errors under /api stay problem+json', async () => {
      const res = await fetch(`${w.api.url}/api/v1/provider/learners`);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  });

  describe('signing in with a cookie', () => {
    it('blank fields: 400 with an error summary linking to each field', async () => {
      const res = await client().post('/portal/sign-in', { email: '', password: '' });
      expect(res.status).toBe(400);
      expect(res.html).toContain('nhsuk-error-summary');
      expect(res.html).toContain('<title>Error: Sign in');
      expect(res.html).toMatch(/href="#email"[^>]*>\s*Enter your email address/);
      expect(res.html).toMatch(/href="#password"[^>]*>\s*Enter your password/);
      expect(res.headers.get('set-cookie')).toBeNull();
    });

    it('the form must carry the token of the page this site showed it on (no login CSRF); so must the reset request', async () => {
      // A post from another site: the browser may send the cookie, but the page (and its token) was never readable there.
      const c = client();
      await c.get('/portal/sign-in');
      const forms: [string, Record<string, string>][] = [
        ['/portal/sign-in', { email: userA.email, password: PASSWORD }],
        ['/portal/reset-password/request', { email: userA.email }],
      ];
      for (const [path, form] of forms) {
        for (const token of ['', 'made-up-token', await freshToken()]) {
          const res = await c.post(path, { ...form, _csrf: token });
          expect(`${path} ${res.status}`).toBe(`${path} 400`);
          expect(res.html).toMatch(/href="#email"[^>]*>\s*The (sign-in )?form had expired or did not come from this site/);
          expect(res.headers.getSetCookie().some((cookie) => cookie.startsWith('pmdp_session='))).toBe(false);
        }
      }
      // No cookie at all (a first visit posted to from elsewhere): refused the same way.
      const bare = await fetch(`${w.api.url}/portal/sign-in`, { method: 'POST', body: new URLSearchParams({ email: userA.email, password: PASSWORD, _csrf: c.csrf }), redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(bare.status).toBe(400);
      // The page's own token works.
      await c.get('/portal/sign-in');
      expect((await c.post('/portal/sign-in', { email: userA.email, password: PASSWORD, _csrf: c.csrf })).status).toBe(303);

      /** A token valid for another browser's cookie. */
      async function freshToken(): Promise<string> {
        const other = client();
        await other.get('/portal/sign-in');
        return other.csrf;
      }
    });

    it('a wrong password: the same message whether or not the email has an account, the email kept', async () => {
      const wrong = await client().post('/portal/sign-in', { email: userA.email, password: 'not the password at all' });
      const unknown = await client().post('/portal/sign-in', { email: 'nobody@example.org', password: 'not the password at all' });
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(400);
        expect(res.html).toContain('The email address or password is not right');
        expect(res.headers.get('set-cookie')).toBeNull();
      }
      expect(wrong.html).toContain(`value="${userA.email}"`);
    });

    it('sets pmdp_session (HttpOnly, SameSite=Lax, Path=/, not Secure in test) and the portal answers to it', async () => {
      const c = client();
      const res = await c.signIn(userA.email, PASSWORD);
      expect(res.location).toBe('/portal/provider/learners');
      const cookie = res.headers.getSetCookie().find((s) => s.startsWith(`${SESSION_COOKIE}=`))!;
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; SameSite=Lax/i);
      expect(cookie).toMatch(/; Path=\//i);
      expect(cookie).not.toMatch(/; Secure/i);
      const page = await c.get('/portal/provider/learners');
      expect(page.status).toBe(200);
      expect(page.html).toContain('Your learners');
      expect(page.html).toContain('Sign out');
      const [session] = await w.db.query(`SELECT kind FROM auth_session s JOIN user_account u ON u.id = s.user_id WHERE u.email = $1 ORDER BY s.created_at DESC LIMIT 1`, [userA.email]);
      expect(session.kind).toBe('cookie');
    });

    it('an account with two-factor authentication: the security code field appears, then the code signs in', async () => {
      const user = await w.signedIn('provider', { providerId: providerA.id });
      const setup = await w.call('POST', '/me/mfa/setup', { token: user.token, body: { currentPassword: PASSWORD } });
      expect((await w.call('POST', '/me/mfa/confirm', { token: user.token, body: { otp: await generate({ secret: setup.body.secret }) } })).status).toBe(204);
      const c = client();
      const asked = await c.post('/portal/sign-in', { email: user.email, password: PASSWORD });
      expect(asked.status).toBe(400);
      expect(asked.html).toContain('name="otp"');
      expect(asked.html).toContain('Enter the 6-digit code from your authenticator app');
      expect(asked.html).not.toContain(PASSWORD);
      const wrong = await c.post('/portal/sign-in', { email: user.email, password: PASSWORD, otp: '000000' });
      expect(wrong.status).toBe(400);
      expect(wrong.html).toContain('name="otp"');
      const res = await c.post('/portal/sign-in', { email: user.email, password: PASSWORD, otp: await generate({ secret: setup.body.secret }) });
      expect(res.status).toBe(303);
      expect((await c.get('/portal/provider/learners')).status).toBe(200);
    });

    it('a recovery code in the security code field signs in once', async () => {
      const user = await w.signedIn('provider', { providerId: providerA.id });
      const setup = await w.call('POST', '/me/mfa/setup', { token: user.token, body: { currentPassword: PASSWORD } });
      expect((await w.call('POST', '/me/mfa/confirm', { token: user.token, body: { otp: await generate({ secret: setup.body.secret }) } })).status).toBe(204);
      const code = setup.body.recoveryCodes[0];
      expect((await client().post('/portal/sign-in', { email: user.email, password: PASSWORD, otp: code })).status).toBe(303);
      const again = await client().post('/portal/sign-in', { email: user.email, password: PASSWORD, otp: code });
      expect(again.status).toBe(400);
      expect(again.html).toContain('name="otp"');
    });

    it('every sign-in is a new session: the cookie held before stops working', async () => {
      const c = await signedIn(userA.email);
      const before = c.cookie!;
      await c.signIn(userA.email, PASSWORD);
      expect(c.cookie).not.toBe(before);
      expect((await c.get('/portal/provider/learners')).status).toBe(200);
      const old = client();
      old.cookie = before;
      expect((await old.get('/portal/provider/learners')).status).toBe(401);
    });

    it('a cookie session’s token is not a bearer token, and a bearer token wins over a cookie', async () => {
      const c = await signedIn(userA.email);
      expect((await w.call('GET', '/provider/learners', { token: c.cookie })).status).toBe(401);
      const learnerOfB = await programme.placedLearner(providerB.id);
      const tokenB = await w.signIn(userB.email);
      const both = await c.get('/portal/provider/learners', { authorization: `Bearer ${tokenB}` });
      expect(both.status).toBe(200);
      expect(both.html).toContain(learnerOfB.reference);
    });

    it('anonymous: 401 page with the sign-in form (not a redirect); another role: 403 page', async () => {
      const anonymous = await client().get('/portal/provider/learners');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-type')).toMatch(/^text\/html/);
      // The sign-in form comes back to the page asked for.
      expect(anonymous.html).toContain('<form action="/portal/sign-in" method="post"');
      expect(hiddenField(anonymous.html, 'next')).toBe('/portal/provider/learners');
      const applicant = await w.user('applicant');
      const c = await signedIn(applicant.email);
      const refused = await c.get('/portal/provider/statements');
      expect(refused.status).toBe(403);
      expect(refused.html).toContain('You cannot use this page');
      // Still signed in on the page that refused them: their navigation and Sign out, not a bare page.
      expect(refused.html).toContain('href="/portal/applications"');
      expect(refused.html).toContain('<form class="nhsuk-header__account-form" action="/portal/sign-out"');
      // Its Sign out works: the form carries the session's CSRF token.
      expect((await c.post('/portal/sign-out', { _csrf: hiddenField(refused.html, '_csrf') })).location).toBe('/portal/sign-in?signedOut=1');
    });

    it('too many wrong passwords: a friendly 429 page with Retry-After', async () => {
      const user = await w.user('provider', { providerId: providerA.id });
      let res;
      for (let i = 0; i < 7; i++) res = await client().post('/portal/sign-in', { email: user.email, password: 'wrong password number ' + i });
      expect(res!.status).toBe(429);
      expect(res!.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(res!.html).toContain('Too many attempts');
      expect(res!.html).toMatch(/You can try again in \d+ minutes?/);
    });

    it('sign-out revokes the session and clears the cookie', async () => {
      const c = await signedIn(userA.email);
      const cookie = c.cookie!;
      await c.get('/portal/provider/learners');
      const res = await c.post('/portal/sign-out', { _csrf: c.csrf });
      expect(res.status).toBe(303);
      expect(res.location).toBe('/portal/sign-in?signedOut=1');
      expect(c.cookie).toBeUndefined();
      expect((await c.get('/portal/sign-in?signedOut=1')).html).toContain('You have signed out');
      const old = client();
      old.cookie = cookie;
      expect((await old.get('/portal/provider/learners')).status).toBe(401);
    });
  });

  describe('CSRF', () => {
    it('a form posted with the cookie but without the token, or with another session’s, is 403 and changes nothing', async () => {
      const learner = await programme.placedLearner(providerA.id);
      const c = await signedIn(userA.email);
      const other = await signedIn(userA.email);
      await other.get('/portal/provider/learners');
      const form = dateFields(10);
      const missing = await c.post(`/portal/provider/learners/${learner.enrolmentId}/start`, form);
      const wrong = await c.post(`/portal/provider/learners/${learner.enrolmentId}/start`, { ...form, _csrf: other.csrf });
      const forged = await c.post(`/portal/provider/learners/${learner.enrolmentId}/start`, { ...form, _csrf: 'x'.repeat(43) });
      for (const res of [missing, wrong, forged]) {
        expect(res.status).toBe(403);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      }
      expect(missing.html).toContain('This form has expired');
      expect(await ledger(learner.applicationId)).toEqual(['reserve 50000']);
      const signOut = await c.post('/portal/sign-out', {});
      expect(signOut.status).toBe(403);
      expect((await c.get('/portal/provider/learners')).status).toBe(200);
    });

    it('bearer-token calls need no token', async () => {
      const learner = await programme.placedLearner(providerA.id);
      const token = await w.signIn(userA.email);
      const res = await fetch(`${w.api.url}/portal/provider/learners/${learner.enrolmentId}/start`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(dateFields(10)).toString(),
        redirect: 'manual',
      });
      expect(res.status).toBe(303);
    });
  });

  describe('reporting on a learner', () => {
    it('start, then completion through the forms: 303 with a banner, the learner page and the ledger show it', async () => {
      const learner = await programme.placedLearner(providerA.id);
      const c = await signedIn(userA.email);
      const list = await c.get('/portal/provider/learners');
      expect(list.html).toContain(learner.reference);
      expect(list.html).toContain(`href="/portal/provider/learners/${learner.enrolmentId}"`);

      const page = await c.get(`/portal/provider/learners/${learner.enrolmentId}`);
      expect(page.status).toBe(200);
      expect(page.html).toContain('Report a start');
      const started = await c.post(`/portal/provider/learners/${learner.enrolmentId}/start`, { _csrf: c.csrf, ...dateFields(30) });
      expect(started.status).toBe(303);
      expect(started.location).toBe(`/portal/provider/learners/${learner.enrolmentId}?reported=start`);

      const afterStart = await c.get(started.location!);
      expect(afterStart.html).toContain('Start reported');
      expect(afterStart.html).toContain('Report a completion');
      const done = await c.post(`/portal/provider/learners/${learner.enrolmentId}/completion`, {
        _csrf: c.csrf,
        outcome: 'passed',
        certificateReference: 'CERT-PORTAL-1',
        ...dateFields(0),
      });
      expect(done.status).toBe(303);
      const shown = await c.get(done.location!);
      expect(shown.html).toContain('Completion reported');
      expect(shown.html).toContain('CERT-PORTAL-1');
      expect(shown.html).toMatch(/Completion: passed/);
      expect(await ledger(learner.applicationId)).toEqual(['reserve 50000', 'commit 50000', 'pay 25000', 'pay 25000']);
      const [pay] = await w.db.query(`SELECT count(*)::int AS n FROM budget_ledger_entry WHERE application_id = $1 AND kind = 'pay'`, [learner.applicationId]);
      expect(pay.n).toBe(2);

      const statements = await c.get('/portal/provider/statements');
      expect(statements.status).toBe(200);
      expect(statements.html).toContain(learner.reference);
      expect(statements.html).toMatch(/£250(?![.,]?\d)/);
    });

    it('a bad form: 422, the error summary and inline errors, the values kept, nothing applied', async () => {
      const learner = await programme.placedLearner(providerA.id);
      const c = await signedIn(userA.email);
      await c.get(`/portal/provider/learners/${learner.enrolmentId}`);
      await c.post(`/portal/provider/learners/${learner.enrolmentId}/start`, { _csrf: c.csrf, ...dateFields(30) });
      await c.get(`/portal/provider/learners/${learner.enrolmentId}`);
      const res = await c.post(`/portal/provider/learners/${learner.enrolmentId}/completion`, {
        _csrf: c.csrf,
        certificateReference: 'CERT-<kept>',
        'date[day]': '31',
        'date[month]': '2',
        'date[year]': '2026',
      });
      expect(res.status).toBe(422);
      expect(res.html).toContain('nhsuk-error-summary');
      expect(res.html).toMatch(/href="#completion-outcome"[^>]*>\s*Select whether the learner passed or failed/);
      expect(res.html).toMatch(/href="#completion-date-day"[^>]*>\s*The completion date must be a real date/);
      expect(res.html).toContain('nhsuk-error-message');
      expect(res.html).toContain('value="CERT-&lt;kept&gt;"');
      expect(res.html).toMatch(/name="date\[day\]"[^>]*value="31"|value="31"[^>]*name="date\[day\]"/);
      expect(await ledger(learner.applicationId)).toEqual(['reserve 50000', 'commit 50000', 'pay 25000']);

      const again = await c.post(`/portal/provider/learners/${learner.enrolmentId}/start`, { _csrf: c.csrf, ...dateFields(5) });
      expect(again.status).toBe(422);
      expect(again.html).toMatch(/href="#start-form"[^>]*>\s*Cannot start a learner who is started/);
    });

    it('a withdrawal with a reason from the fixed list', async () => {
      const learner = await programme.placedLearner(providerA.id);
      const c = await signedIn(userA.email);
      const page = await c.get(`/portal/provider/learners/${learner.enrolmentId}/withdrawal`);
      expect(page.html).toContain('value="left_general_practice"');
      const refused = await c.post(`/portal/provider/learners/${learner.enrolmentId}/withdrawal`, { _csrf: c.csrf, reasonCode: 'bored', ...dateFields(1) });
      expect(refused.status).toBe(422);
      expect(refused.html).toContain('Select why the learner withdrew');
      const res = await c.post(`/portal/provider/learners/${learner.enrolmentId}/withdrawal`, { _csrf: c.csrf, reasonCode: 'changed_job', ...dateFields(1) });
      expect(res.status).toBe(303);
      expect((await c.get(res.location!)).html).toContain('Withdrawal: changed job');
    });

    it('the 404 page for a learner says what the provider area asks, from the route that failed', async () => {
      const learnerOfA = await programme.placedLearner(providerA.id);
      const b = await signedIn(userB.email);
      const page = await b.get(`/portal/provider/learners/${learnerOfA.enrolmentId}`);
      expect(page.status).toBe(404);
      expect(page.html).toContain('they may belong to another training provider');
      expect(page.html).toMatch(/<a href="\/portal\/provider\/learners">Go to your learners<\/a>/);
    });

    it('another provider’s learner is a 404 page, to look at and to report on', async () => {
      const learnerOfA = await programme.placedLearner(providerA.id);
      const b = await signedIn(userB.email);
      const page = await b.get(`/portal/provider/learners/${learnerOfA.enrolmentId}`);
      expect(page.status).toBe(404);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.html).toContain('Page not found');
      expect(page.html).not.toContain(learnerOfA.reference);
      await b.get('/portal/provider/learners');
      const post = await b.post(`/portal/provider/learners/${learnerOfA.enrolmentId}/start`, { _csrf: b.csrf, ...dateFields(3) });
      expect(post.status).toBe(404);
      expect(await ledger(learnerOfA.applicationId)).toEqual(['reserve 50000']);
      expect((await b.get(`/portal/provider/learners/${randomUUID()}`)).status).toBe(404);
      expect((await b.get('/portal/provider/learners/not-an-id')).status).toBe(400);
    });
  });

  describe('deferring, turning down and voiding', () => {
    const learnerPage = (id: string) => `/portal/provider/learners/${id}`;
    const enrolment = async (id: string) => (await w.db.query(`SELECT status FROM enrolment WHERE id = $1`, [id]))[0].status as string;
    const applicationStatus = async (id: string) => (await w.db.query(`SELECT status FROM application WHERE id = $1`, [id]))[0].status as string;
    const reportIds = async (enrolmentId: string, type: string): Promise<string[]> =>
      (await w.db.query(`SELECT id FROM enrolment_report WHERE enrolment_id = $1 AND type = $2 ORDER BY id`, [enrolmentId, type])).map((r: { id: string }) => String(r.id));

    /** A learner of provider A started and passed through the forms, with the signed-in client on their page. */
    async function completedLearner() {
      const learner = await programme.placedLearner(providerA.id);
      const c = await signedIn(userA.email);
      await c.get(learnerPage(learner.enrolmentId));
      expect((await c.post(`${learnerPage(learner.enrolmentId)}/start`, { _csrf: c.csrf, ...dateFields(30) })).status).toBe(303);
      expect((await c.post(`${learnerPage(learner.enrolmentId)}/completion`, { _csrf: c.csrf, outcome: 'passed', ...dateFields(1) })).status).toBe(303);
      const [completionId] = await reportIds(learner.enrolmentId, 'completion');
      return { learner, c, completionId, voidPath: `${learnerPage(learner.enrolmentId)}/reports/${completionId}/void` };
    }

    it('a deferral with a reason from the fixed list: a placed learner is deferred, and can still be started', async () => {
      const learner = await programme.placedLearner(providerA.id);
      const c = await signedIn(userA.email);
      const page = await c.get(learnerPage(learner.enrolmentId));
      expect(page.html).toContain('Report a deferral');
      const form = await c.get(`${learnerPage(learner.enrolmentId)}/deferral`);
      expect(form.html).toMatch(/action="\/portal\/provider\/learners\/[^"]+\/deferral"/);
      expect(form.html).toContain('value="cohort_rescheduled"');
      const refused = await c.post(`${learnerPage(learner.enrolmentId)}/deferral`, { _csrf: c.csrf, ...dateFields(2) });
      expect(refused.status).toBe(422);
      expect(refused.html).toMatch(/href="#deferral-reasonCode"[^>]*>\s*Select why the learner is deferring/);
      expect(await enrolment(learner.enrolmentId)).toBe('placed');

      const res = await c.post(`${learnerPage(learner.enrolmentId)}/deferral`, { _csrf: c.csrf, reasonCode: 'cohort_rescheduled', note: 'Moving to the spring cohort', ...dateFields(2) });
      expect(res.status).toBe(303);
      expect(res.location).toBe(`${learnerPage(learner.enrolmentId)}?reported=deferral`);
      expect(await enrolment(learner.enrolmentId)).toBe('deferred');
      const shown = await c.get(res.location!);
      expect(shown.html).toContain('Deferral reported');
      expect(shown.html).toContain('Deferral: cohort rescheduled');
      expect(shown.html).toContain('Report a start');
      expect(shown.html).not.toContain('Report a deferral');
      expect(shown.html).not.toContain('Turn down this learner');
    });

    it('turning down a placed learner sends them back to the programme team: application accepted, enrolment declined_by_provider', async () => {
      const learner = await programme.placedLearner(providerA.id);
      const c = await signedIn(userA.email);
      const page = await c.get(learnerPage(learner.enrolmentId));
      expect(page.html).toContain('Turn down this learner');
      const confirm = await c.get(`${learnerPage(learner.enrolmentId)}/decline`);
      expect(confirm.html).toContain('They go back to the programme team');
      expect(confirm.html).toContain('value="entry_requirements_not_met"');
      const [{ places_taken: before }] = await w.db.query(`SELECT places_taken FROM cohort WHERE id = $1`, [learner.cohortId]);

      const res = await c.post(`${learnerPage(learner.enrolmentId)}/decline`, { _csrf: c.csrf, reasonCode: 'cannot_attend_cohort', note: 'Works on the teaching days' });
      expect(res.status).toBe(303);
      expect(res.location).toBe(`${learnerPage(learner.enrolmentId)}?reported=decline`);
      expect(await enrolment(learner.enrolmentId)).toBe('declined_by_provider');
      expect(await applicationStatus(learner.applicationId)).toBe('accepted');
      const [{ places_taken: after }] = await w.db.query(`SELECT places_taken FROM cohort WHERE id = $1`, [learner.cohortId]);
      expect(after).toBe(before - 1);
      // The money stays reserved for the learner, to be placed elsewhere.
      expect(await ledger(learner.applicationId)).toEqual(['reserve 50000']);
      const shown = await c.get(res.location!);
      expect(shown.html).toContain('the programme team will place them elsewhere');
      expect(shown.html).toContain('You turned this learner down');
      expect(shown.html).not.toContain('<form action="/portal/provider/learners/');
    });

    it('turning down is only for a placed learner: not offered once started, and refused on the page if posted', async () => {
      const learner = await programme.placedLearner(providerA.id);
      const c = await signedIn(userA.email);
      await c.get(learnerPage(learner.enrolmentId));
      await c.post(`${learnerPage(learner.enrolmentId)}/start`, { _csrf: c.csrf, ...dateFields(10) });
      const page = await c.get(learnerPage(learner.enrolmentId));
      expect(page.html).not.toContain('Turn down this learner');
      expect(page.html).toContain('Report a deferral');
      const res = await c.post(`${learnerPage(learner.enrolmentId)}/decline`, { _csrf: c.csrf, reasonCode: 'duplicate_learner' });
      expect(res.status).toBe(422);
      expect(res.html).toMatch(/href="#decline-form"[^>]*>\s*Only a learner who has not started can be turned down/);
      expect(res.html).toContain('value="duplicate_learner" checked');
      expect(await enrolment(learner.enrolmentId)).toBe('started');
    });

    it('voiding a completion through the form reverses its payment and the learner is back to started', async () => {
      const { learner, c, completionId, voidPath } = await completedLearner();
      const page = await c.get(learnerPage(learner.enrolmentId));
      // Only the latest report offers Void.
      expect(page.html.match(/\/void"/g)).toHaveLength(1);
      expect(page.html).toContain(`href="${voidPath}"`);

      const confirm = await c.get(voidPath);
      expect(confirm.status).toBe(200);
      expect(confirm.html).toContain('Void a report');
      expect(confirm.html).toContain('Completion: passed');
      expect(confirm.html).toContain('reverses any payment it made');
      expect(confirm.html).toContain(`action="${voidPath}"`);
      expect(confirm.html).toContain('name="reason"');
      expect(hiddenField(confirm.html, '_csrf')).not.toBe('');

      const res = await c.post(voidPath, { _csrf: c.csrf, reason: 'Reported against the wrong learner' });
      expect(res.status).toBe(303);
      expect(res.location).toBe(`${learnerPage(learner.enrolmentId)}?voided=1`);
      expect(await enrolment(learner.enrolmentId)).toBe('started');
      expect(await applicationStatus(learner.applicationId)).toBe('enrolled');
      expect(await ledger(learner.applicationId)).toEqual(['reserve 50000', 'commit 50000', 'pay 25000', 'pay 25000', 'reverse 25000']);
      const payments = await w.db.query(`SELECT kind, voided_at IS NOT NULL AS voided FROM payment_due WHERE enrolment_id = $1 ORDER BY kind`, [learner.enrolmentId]);
      expect(payments).toEqual([
        { kind: 'completion', voided: true },
        { kind: 'start', voided: false },
      ]);
      const [report] = await w.db.query(`SELECT void_reason FROM enrolment_report WHERE id = $1`, [completionId]);
      expect(report.void_reason).toBe('Reported against the wrong learner');

      const shown = await c.get(res.location!);
      expect(shown.html).toContain('Report voided');
      expect(shown.html).toContain('Completion: passed (voided)');
      // The start is now the latest report, and the page offers to void it.
      const [startId] = await reportIds(learner.enrolmentId, 'start');
      expect(shown.html).toContain(`/reports/${startId}/void"`);
      expect(shown.html).toContain('Report a completion');
    });

    it('voiding without a reason: 422, the error summary naming the reason field and an inline error; nothing voided', async () => {
      const { learner, c, voidPath } = await completedLearner();
      await c.get(voidPath);
      const res = await c.post(voidPath, { _csrf: c.csrf, reason: '   ' });
      expect(res.status).toBe(422);
      expect(res.html).toContain('<title>Error: Void a report');
      expect(res.html).toContain('nhsuk-error-summary');
      expect(res.html).toMatch(/href="#void-reason"[^>]*>\s*Enter why you are voiding this report/);
      expect(res.html).toMatch(/id="void-reason-error"[\s\S]*Enter why you are voiding this report/);
      const tooLong = await c.post(voidPath, { _csrf: c.csrf, reason: 'x'.repeat(501) });
      expect(tooLong.status).toBe(422);
      expect(tooLong.html).toContain('The reason for voiding must be 500 characters or fewer');
      expect(tooLong.html).toContain('x'.repeat(501));
      expect(await enrolment(learner.enrolmentId)).toBe('completed');
      expect(await ledger(learner.applicationId)).toEqual(['reserve 50000', 'commit 50000', 'pay 25000', 'pay 25000']);
    });

    it('voiding in order: a report that is not the latest is refused in the error summary; the completion, then the start, are voided', async () => {
      const { learner, c, completionId } = await completedLearner();
      const [startId] = await reportIds(learner.enrolmentId, 'start');
      // Opened for a report that is not the latest, the page explains and offers no form.
      const earlier = await c.get(`${learnerPage(learner.enrolmentId)}/reports/${startId}/void`);
      expect(earlier.status).toBe(200);
      expect(earlier.html).toContain('This report cannot be voided');
      expect(earlier.html).not.toContain('Why are you voiding this report?');
      const notLatest = await c.post(`${learnerPage(learner.enrolmentId)}/reports/${startId}/void`, { _csrf: c.csrf, reason: 'Started on another day' });
      expect(notLatest.status).toBe(422);
      expect(notLatest.html).toMatch(/href="#void-report"[^>]*>\s*Only the learner’s latest report can be voided/);
      expect(notLatest.html).toContain('Started on another day');

      const voided = await c.post(`${learnerPage(learner.enrolmentId)}/reports/${completionId}/void`, { _csrf: c.csrf, reason: 'Wrong learner' });
      expect(voided.status).toBe(303);
      // With the completion voided, the start is the latest: voiding it reverses the start payment and the commitment.
      const startNow = await c.post(`${learnerPage(learner.enrolmentId)}/reports/${startId}/void`, { _csrf: c.csrf, reason: 'Started on another day' });
      expect(startNow.status).toBe(303);
      expect(await enrolment(learner.enrolmentId)).toBe('placed');
      expect(await ledger(learner.applicationId)).toEqual(['reserve 50000', 'commit 50000', 'pay 25000', 'pay 25000', 'reverse 25000', 'reverse 25000', 'reverse 50000']);
      const placement = (await c.get(learnerPage(learner.enrolmentId))).html;
      expect(placement).not.toMatch(/\/void"/);
      expect(placement).toContain('Report a start');
      expect((await c.get(`${learnerPage(learner.enrolmentId)}/reports/${completionId}/void`)).html).toContain('This report has been voided already');
    });

    it('the new forms without the CSRF token, or with another session’s: 403 and nothing changes', async () => {
      const placed = await programme.placedLearner(providerA.id);
      const { learner, c, voidPath } = await completedLearner();
      const other = await signedIn(userA.email);
      await other.get('/portal/provider/learners');
      const posts: [string, Record<string, string>][] = [
        [`${learnerPage(placed.enrolmentId)}/deferral`, { reasonCode: 'health', ...dateFields(1) }],
        [`${learnerPage(placed.enrolmentId)}/decline`, { reasonCode: 'duplicate_learner' }],
        [voidPath, { reason: 'Wrong learner' }],
      ];
      for (const [path, form] of posts) {
        for (const token of [undefined, other.csrf, 'x'.repeat(43)]) {
          const res = await c.post(path, token === undefined ? form : { ...form, _csrf: token });
          expect(`${path} ${res.status}`).toBe(`${path} 403`);
          expect(res.html).toContain('This form has expired');
        }
      }
      expect(await enrolment(placed.enrolmentId)).toBe('placed');
      expect(await enrolment(learner.enrolmentId)).toBe('completed');
      expect(await ledger(learner.applicationId)).toEqual(['reserve 50000', 'commit 50000', 'pay 25000', 'pay 25000']);
    });

    it('another provider’s learner is a 404 page, to defer, turn down or void; so is a report that is not the learner’s', async () => {
      const placed = await programme.placedLearner(providerA.id);
      const { learner, completionId, voidPath } = await completedLearner();
      const b = await signedIn(userB.email);
      await b.get('/portal/provider/learners');
      // Read once: each 404 page replaces the last page the client read the token from.
      const _csrf = b.csrf;
      const refused = [
        await b.get(voidPath),
        await b.post(voidPath, { _csrf, reason: 'Not ours' }),
        await b.post(voidPath, { _csrf, reason: '' }),
        await b.post(`${learnerPage(placed.enrolmentId)}/deferral`, { _csrf, reasonCode: 'health', ...dateFields(1) }),
        await b.post(`${learnerPage(placed.enrolmentId)}/decline`, { _csrf, reasonCode: 'duplicate_learner' }),
      ];
      for (const res of refused) {
        expect(res.status).toBe(404);
        expect(res.html).toContain('Page not found');
        expect(res.html).not.toContain(learner.reference);
      }
      expect(await enrolment(placed.enrolmentId)).toBe('placed');
      expect(await enrolment(learner.enrolmentId)).toBe('completed');

      const a = await signedIn(userA.email);
      expect((await a.get(`${learnerPage(placed.enrolmentId)}/reports/${completionId}/void`)).status).toBe(404);
      expect((await a.get(`${learnerPage(learner.enrolmentId)}/reports/not-a-report/void`)).status).toBe(404);
    });
  });

  describe('uploading a CSV', () => {
    it('applies a file once however often the form is sent, and says how many were applied', async () => {
      const one = await programme.placedLearner(providerA.id);
      const two = await programme.placedLearner(providerA.id);
      const c = await signedIn(userA.email);
      const form = await c.get('/portal/provider/reports/upload');
      expect(form.html).toContain('enctype="multipart/form-data"');
      const key = hiddenField(form.html, 'idempotencyKey');
      const day = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
      const csv = `enrolmentId,type,date\r\n${one.enrolmentId},start,${day}\r\n${two.enrolmentId},start,${day}\r\n`;
      const fields = { _csrf: c.csrf, idempotencyKey: key };
      const [first, second] = await Promise.all([
        c.upload('/portal/provider/reports/upload', fields, { field: 'csv', name: 'reports.csv', content: csv }),
        c.upload('/portal/provider/reports/upload', fields, { field: 'csv', name: 'reports.csv', content: csv }),
      ]);
      for (const res of [first, second]) {
        expect(res.status).toBe(303);
        expect(res.location).toBe('/portal/provider/reports/upload?applied=2');
      }
      const third = await c.upload('/portal/provider/reports/upload', fields, { field: 'csv', name: 'reports.csv', content: csv });
      expect(third.location).toBe('/portal/provider/reports/upload?applied=2');
      const [starts] = await w.db.query(`SELECT count(*)::int AS n FROM enrolment_report WHERE enrolment_id = ANY($1::uuid[]) AND type = 'start'`, [[one.enrolmentId, two.enrolmentId]]);
      expect(starts.n).toBe(2);
      expect((await c.get(third.location!)).html).toContain('2 reports applied');
    });

    it('a refused file: 422, every problem in a table with an error summary, nothing applied', async () => {
      const one = await programme.placedLearner(providerA.id);
      const c = await signedIn(userA.email);
      const form = await c.get('/portal/provider/reports/upload');
      const csv = `enrolmentId,type,date\n${one.enrolmentId},start,2026-02-31\nnot-an-id,finish,\n`;
      const res = await c.upload('/portal/provider/reports/upload', { _csrf: c.csrf, idempotencyKey: hiddenField(form.html, 'idempotencyKey') }, { field: 'csv', name: 'bad.csv', content: csv });
      expect(res.status).toBe(422);
      expect(res.html).toContain('nhsuk-error-summary');
      expect(res.html).toContain('Nothing was applied');
      expect(res.html).toContain('Problems in the file');
      for (const text of ['must be a real date', 'must be an enrolment id', 'must be one of', 'is required']) expect(res.html).toContain(text);
      expect(await ledger(one.applicationId)).toEqual(['reserve 50000']);
    });

    it('a file over 5 MB: a 413 page', async () => {
      const c = await signedIn(userA.email);
      const form = await c.get('/portal/provider/reports/upload');
      const big = `enrolmentId,type,date\n${'x'.repeat(5 * 1024 * 1024)}\n`;
      const res = await c.upload('/portal/provider/reports/upload', { _csrf: c.csrf, idempotencyKey: hiddenField(form.html, 'idempotencyKey') }, { field: 'csv', name: 'big.csv', content: big });
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.html).toContain('The file is too large');
    });

    it('no file: 400 with the error on the file field; without the CSRF token: 403', async () => {
      const c = await signedIn(userA.email);
      const form = await c.get('/portal/provider/reports/upload');
      const key = hiddenField(form.html, 'idempotencyKey');
      const empty = await c.upload('/portal/provider/reports/upload', { _csrf: c.csrf, idempotencyKey: key }, { field: 'csv', name: '', content: '' });
      expect(empty.status).toBe(400);
      expect(empty.html).toMatch(/href="#csv"[^>]*>\s*Select a CSV file of reports/);
      const forged = await c.upload('/portal/provider/reports/upload', { idempotencyKey: key }, { field: 'csv', name: 'x.csv', content: 'enrolmentId,type\n' });
      expect(forged.status).toBe(403);
    });
  });
});
