import { randomBytes } from 'node:crypto';
import { REDACT_PATHS, redactUrlQuery } from '@app/logging';
import { applicant, draft, openRound, pot, qualification } from './factories/intake.factory';
import { cohort } from './factories/training.factory';
import { PortalClient, hiddenField } from './support/portal-client';
import { until } from './support/outbox';
import type { SunkEmail } from './support/smtp-sink';
import { PASSWORD, World } from './support/world';

/**
 * The pages the links in emails open, followed from the emails themselves:
 * confirming an email address, resetting a password, accepting an
 * invitation, an applicant's applications (answering an offer, appealing)
 * and email settings. Real PostgreSQL, Redis, worker and SMTP.
 */
describe('the pages emailed links open', () => {
  let w: World;
  let admin: { token: string };
  let level5: { id: string; title: string; bursaryPence: number };
  let round: { id: string; name: string };

  beforeAll(async () => {
    w = await World.start();
    admin = await w.signedIn('admin');
    level5 = await qualification(w, { level: 5 });
    round = await openRound(w, [level5.id], { potId: (await pot(w, 10_000_000)).id });
  });
  afterAll(() => w.stop());

  const client = () => new PortalClient(w.api.url);
  const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  /** The emailed link's path and query, checked to be a full link to the portal. */
  function linkIn(mail: SunkEmail, path: string): string {
    const match = new RegExp(`${escapeRe(w.api.config.http.publicBaseUrl)}(${escapeRe(path)}\\?token=[A-Za-z0-9_-]+)`).exec(mail.text);
    if (!match) throw new Error(`no ${path} link in: ${mail.text}`);
    expect(mail.html).toContain(`href="${w.api.config.http.publicBaseUrl}${match[1]}"`);
    return match[1];
  }
  const tokenOf = (link: string) => new URL(link, 'http://x').searchParams.get('token')!;
  const emailVerified = async (email: string) => (await w.db.query(`SELECT email_verified_at IS NOT NULL AS v FROM user_account WHERE email = $1`, [email]))[0].v;

  /** An applicant with a submitted application the admin has decided (approve: an offer; reject), signed in to the portal. */
  async function decided(decision: 'approve' | 'reject') {
    const user = await applicant(w);
    const app = await draft(w, user.token, round.id, level5.id);
    expect((await w.call('POST', `/applications/${app.id}/submit`, { token: user.token })).status).toBe(200);
    const body = decision === 'approve' ? { decision, reasonCode: 'meets_criteria' } : { decision, reasonCode: 'insufficient_evidence', note: 'No statement was given.' };
    const res = await w.call('POST', `/admin/applications/${app.id}/decision`, { token: admin.token, body });
    expect(res.body.status).toBe(decision === 'approve' ? 'offered' : 'rejected');
    const c = client();
    const signedIn = await c.signIn(user.email, PASSWORD);
    expect(signedIn.location).toBe('/portal/applications');
    return { user, app, c };
  }
  const apiView = async (token: string, id: string) => (await w.call('GET', `/applications/${id}`, { token })).body;

  describe('confirming an email address', () => {
    it('opening the link changes nothing; the button confirms; the link then says it has been used', async () => {
      const email = `verify.${randomBytes(4).toString('hex')}@example.org`;
      expect((await w.call('POST', '/auth/register', { body: { email, password: PASSWORD, fullName: 'Vera Verify' } })).status).toBe(201);
      const link = linkIn(await w.smtp.waitFor(email, /Confirm your email address/), '/portal/verify-email');

      const page = await client().get(link);
      expect(page.status).toBe(200);
      expect(page.html).toContain('<h1>Confirm your email address</h1>');
      expect(page.html).toMatch(/<form action="\/portal\/verify-email" method="post"/);
      expect(hiddenField(page.html, 'token')).toBe(tokenOf(link));
      // Nothing the page loads carries the token in a Referer.
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      // A mail scanner fetching the link twice has confirmed nothing.
      await client().get(link);
      expect(await emailVerified(email)).toBe(false);

      const confirmed = await client().post('/portal/verify-email', { token: tokenOf(link) });
      expect(confirmed.status).toBe(303);
      expect(confirmed.location).toBe('/portal/verify-email?confirmed=1');
      expect((await client().get(confirmed.location!)).html).toContain('Your email address is confirmed');
      expect(await emailVerified(email)).toBe(true);

      const again = await client().post('/portal/verify-email', { token: tokenOf(link) });
      expect(again.status).toBe(400);
      expect(again.html).toContain('This link has expired or has already been used');
      expect(again.html).toContain('Send the link again');
      const reopened = await client().get(link);
      expect(reopened.html).toContain('This link has expired or has already been used');
      expect(reopened.html).not.toContain('name="token"');
    });

    it('a link that is not one of ours, or no link at all, is the same clear page', async () => {
      for (const path of ['/portal/verify-email?token=not-a-real-token-at-all-xxxxxxxx', '/portal/verify-email?token=%3Cscript%3E', '/portal/verify-email']) {
        const res = await client().get(path);
        expect(res.status).toBe(200);
        expect(res.html).toContain('This link has expired or has already been used');
      }
      expect((await client().post('/portal/verify-email', { token: 'not-a-real-token-at-all-xxxxxxxx' })).status).toBe(400);
      expect((await client().post('/portal/verify-email', {})).status).toBe(400);
    });

    it('an applicant who has not confirmed is offered a new link on their applications page', async () => {
      const email = `resend.${randomBytes(4).toString('hex')}@example.org`;
      await w.call('POST', '/auth/register', { body: { email, password: PASSWORD, fullName: 'Rae Resend' } });
      const first = linkIn(await w.smtp.waitFor(email, /Confirm your email address/), '/portal/verify-email');
      const c = client();
      await c.signIn(email, PASSWORD);
      const list = await c.get('/portal/applications');
      expect(list.html).toContain('Send the link again');
      const csrf = c.csrf;
      expect((await c.post('/portal/account/confirm-email', {})).status).toBe(403);
      const sent = await c.post('/portal/account/confirm-email', { _csrf: csrf });
      expect(sent.location).toBe('/portal/applications?emailSent=1');
      expect((await c.get(sent.location!)).html).toContain('We have sent you a new link');
      const confirmations = () => w.smtp.messages.filter((m) => m.to.includes(email) && /Confirm your email address/.test(m.subject));
      await until(() => confirmations().length === 2, 15_000, 'the second confirmation email');
      const second = linkIn(confirmations()[1], '/portal/verify-email');
      expect(second).not.toBe(first);
      // The earlier link stopped working; the new one works, with the session's cookie and CSRF token as well.
      expect((await c.post('/portal/verify-email', { token: tokenOf(first), _csrf: c.csrf })).status).toBe(400);
      expect((await c.post('/portal/verify-email', { token: tokenOf(second), _csrf: c.csrf })).status).toBe(303);
      expect((await c.get('/portal/verify-email?confirmed=1')).html).toContain('Go to your applications');
      expect((await c.get('/portal/applications')).html).not.toContain('Send the link again');
    });
  });

  describe('resetting a password', () => {
    it('the sign-in page links to the request page, which answers the same whether or not the address has an account', async () => {
      expect((await client().get('/portal/sign-in')).html).toMatch(/<a href="\/portal\/reset-password\/request">Forgotten your password\?<\/a>/);
      const form = await client().get('/portal/reset-password/request');
      expect(form.status).toBe(200);
      expect(form.html).toContain('<h1>Reset your password</h1>');

      const blank = await client().post('/portal/reset-password/request', { email: '' });
      expect(blank.status).toBe(422);
      expect(blank.html).toContain('nhsuk-error-summary');
      expect(blank.html).toMatch(/href="#email"[^>]*>\s*Enter your email address/);
      const malformed = await client().post('/portal/reset-password/request', { email: 'not an address' });
      expect(malformed.status).toBe(422);
      expect(malformed.html).toMatch(/href="#email"[^>]*>\s*Enter an email address in the correct format/);

      const user = await w.user('applicant');
      const known = await client().post('/portal/reset-password/request', { email: user.email });
      const unknown = await client().post('/portal/reset-password/request', { email: `nobody.${randomBytes(4).toString('hex')}@example.org` });
      for (const res of [known, unknown]) {
        expect(res.status).toBe(303);
        expect(res.location).toBe('/portal/reset-password/request?sent=1');
      }
      expect((await client().get('/portal/reset-password/request?sent=1')).html).toContain('Check your email');
      linkIn(await w.smtp.waitFor(user.email, /reset your password/i), '/portal/reset-password');
    });

    it('the emailed link: mismatch and too short are refused naming the field (422), then the password changes and every session ends', async () => {
      const user = await w.user('provider');
      const before = await w.signIn(user.email);
      expect((await client().post('/portal/reset-password/request', { email: user.email })).status).toBe(303);
      const link = linkIn(await w.smtp.waitFor(user.email, /reset your password/i), '/portal/reset-password');
      const token = tokenOf(link);

      const page = await client().get(link);
      expect(page.status).toBe(200);
      expect(page.html).toContain('<h1>Choose a new password</h1>');
      expect(page.html).toMatch(/<input[^>]*id="password"[^>]*type="password"[^>]*autocomplete="new-password"/);

      const mismatch = await client().post('/portal/reset-password', { token, password: 'a brand new passphrase', confirmPassword: 'a brand new passphrasf' });
      expect(mismatch.status).toBe(422);
      expect(mismatch.html).toContain('<title>Error: Choose a new password');
      expect(mismatch.html).toMatch(/href="#confirm-password"[^>]*>\s*The passwords do not match/);
      expect(mismatch.html).toMatch(/id="confirm-password-error"/);
      expect(mismatch.html).not.toContain('a brand new passphrase');

      const short = await client().post('/portal/reset-password', { token, password: 'too short', confirmPassword: 'too short' });
      expect(short.status).toBe(422);
      expect(short.html).toMatch(/href="#password"[^>]*>\s*Your password must be 12 characters or more/);
      const common = await client().post('/portal/reset-password', { token, password: 'password1234', confirmPassword: 'password1234' });
      expect(common.status).toBe(422);
      expect(common.html).toMatch(/href="#password"[^>]*>\s*Your password is too commonly used/);

      // The refusals did not spend the link.
      const changed = await client().post('/portal/reset-password', { token, password: 'a brand new passphrase', confirmPassword: 'a brand new passphrase' });
      expect(changed.status).toBe(303);
      expect(changed.location).toBe('/portal/reset-password?changed=1');
      const done = await client().get(changed.location!);
      expect(done.html).toContain('Your password has been changed');
      expect(done.html).toContain('href="/portal/sign-in"');
      expect((await w.call('GET', '/me', { token: before })).status).toBe(401);
      expect((await client().signIn(user.email, 'a brand new passphrase')).status).toBe(303);

      const reused = await client().post('/portal/reset-password', { token, password: 'another new passphrase', confirmPassword: 'another new passphrase' });
      expect(reused.status).toBe(400);
      expect(reused.html).toContain('This link has expired or has already been used');
      expect(reused.html).toContain('href="/portal/reset-password/request"');
      const [audit] = await w.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'auth.password_changed' AND target_id = $1`, [user.id]);
      expect(audit.n).toBe(1);
    });

    it('an expired link is refused on the page before anything is typed', async () => {
      const user = await w.user('applicant');
      await client().post('/portal/reset-password/request', { email: user.email });
      const link = linkIn(await w.smtp.waitFor(user.email, /reset your password/i), '/portal/reset-password');
      await w.db.query(`UPDATE email_token SET expires_at = now() - interval '1 minute' WHERE user_id = $1 AND purpose = 'password_reset'`, [user.id]);
      const page = await client().get(link);
      expect(page.html).toContain('This link has expired or has already been used');
      expect(page.html).not.toContain('id="password"');
    });
  });

  describe('accepting an invitation', () => {
    it('the invitee chooses a password through the emailed link and can sign in', async () => {
      const provider = await w.provider('Invite Provider');
      const email = `invitee.${randomBytes(4).toString('hex')}@example.org`;
      expect((await w.call('POST', `/admin/providers/${provider.id}/users`, { token: admin.token, body: { email, fullName: 'Ivy Invitee' } })).status).toBe(201);
      const link = linkIn(await w.smtp.waitFor(email, /./), '/portal/accept-invitation');

      const page = await client().get(link);
      expect(page.status).toBe(200);
      expect(page.html).toContain('<h1>Set your password</h1>');
      const mismatch = await client().post('/portal/accept-invitation', { token: tokenOf(link), password: 'an invited passphrase', confirmPassword: '' });
      expect(mismatch.status).toBe(422);
      expect(mismatch.html).toMatch(/href="#confirm-password"[^>]*>\s*Enter the new password again/);

      const accepted = await client().post('/portal/accept-invitation', { token: tokenOf(link), password: 'an invited passphrase', confirmPassword: 'an invited passphrase' });
      expect(accepted.location).toBe('/portal/accept-invitation?accepted=1');
      expect((await client().get(accepted.location!)).html).toContain('Your password is set');
      const signedIn = await client().signIn(email, 'an invited passphrase');
      expect(signedIn.location).toBe('/portal/provider/learners');
      expect(await emailVerified(email)).toBe(true);
      expect((await client().post('/portal/accept-invitation', { token: tokenOf(link), password: 'an invited passphrase', confirmPassword: 'an invited passphrase' })).status).toBe(400);
    });
  });

  describe("an applicant's applications", () => {
    it('the list, and one offered application: reference, status in words, eligibility, the offer in pounds and its expiry', async () => {
      const { user, app, c } = await decided('approve');
      const list = await c.get('/portal/applications');
      expect(list.status).toBe(200);
      expect(list.html).toContain(`href="/portal/applications/${app.id}">${app.reference}</a>`);
      expect(list.html).toContain('Bursary offered');
      expect(list.html).not.toContain('Send the link again');

      const page = await c.get(`/portal/applications/${app.id}`);
      expect(page.status).toBe(200);
      expect(page.html).toContain(app.reference);
      expect(page.html).toContain(level5.title);
      expect(page.html).toContain(round.name);
      expect(page.html).toContain('Bursary offered');
      expect(page.html).toContain('Meets the eligibility rules');
      const view = await apiView(user.token, app.id);
      // The level 5 bursary is £500: whole pounds, no pence.
      expect(view.offer.amountPence).toBe(50_000);
      expect(page.html).toMatch(/£500(?![.,]?\d)/);
      expect(page.html).toContain(new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(new Date(view.offer.expiresAt)));
      expect(page.html).toMatch(new RegExp(`<form action="/portal/applications/${app.id}/offer/accept" method="post"`));
      expect(page.html).toContain(`href="/portal/applications/${app.id}/offer/decline"`);
      expect(page.html).toContain('Waiting for review');
      expect(page.html).toContain('Programme team');
    });

    it('accepting through the page moves the application as the API would; a second answer is refused on the page', async () => {
      const { user, app, c } = await decided('approve');
      await c.get(`/portal/applications/${app.id}`);
      const csrf = c.csrf;
      expect((await c.post(`/portal/applications/${app.id}/offer/accept`, {})).status).toBe(403);
      expect((await apiView(user.token, app.id)).status).toBe('offered');

      const accepted = await c.post(`/portal/applications/${app.id}/offer/accept`, { _csrf: csrf });
      expect(accepted.status).toBe(303);
      expect(accepted.location).toBe(`/portal/applications/${app.id}?answered=accepted`);
      expect((await apiView(user.token, app.id)).status).toBe('accepted');
      const page = await c.get(accepted.location!);
      expect(page.html).toContain('You have accepted the bursary');
      expect(page.html).toContain('Offer accepted');
      expect(page.html).not.toContain('/offer/accept"');

      const again = await c.post(`/portal/applications/${app.id}/offer/decline`, { _csrf: c.csrf });
      expect(again.status).toBe(422);
      expect(again.html).toMatch(/href="#offer"[^>]*>\s*This offer has already been answered/);
      expect((await apiView(user.token, app.id)).status).toBe('accepted');
      const history = (await apiView(user.token, app.id)).history;
      expect(history.at(-1)).toMatchObject({ status: 'accepted', by: 'applicant' });
    });

    it('declining through the page releases the money, as the API does', async () => {
      const { user, app, c } = await decided('approve');
      // The page asks first: declining cannot be undone.
      const asked = await c.get(`/portal/applications/${app.id}/offer/decline`);
      expect(asked.status).toBe(200);
      expect(asked.html).toContain('Are you sure you want to decline your bursary offer?');
      expect(asked.html).toMatch(new RegExp(`<form action="/portal/applications/${app.id}/offer/decline" method="post"`));
      expect((await apiView(user.token, app.id)).status).toBe('offered');
      const declined = await c.post(`/portal/applications/${app.id}/offer/decline`, { _csrf: c.csrf });
      expect(declined.location).toBe(`/portal/applications/${app.id}?answered=declined`);
      expect((await apiView(user.token, app.id)).status).toBe('declined');
      const ledger = (await w.db.query(`SELECT kind FROM budget_ledger_entry WHERE application_id = $1 ORDER BY seq`, [app.id])).map((e: { kind: string }) => e.kind);
      expect(ledger).toEqual(['reserve', 'release']);
      expect((await c.get(declined.location!)).html).toContain('You have declined the bursary');
      // Answered, the question page is no longer asked.
      expect((await c.get(`/portal/applications/${app.id}/offer/decline`)).location).toBe(`/portal/applications/${app.id}`);
    });

    it('an expired offer cannot be accepted from the page', async () => {
      const { user, app, c } = await decided('approve');
      await w.db.query(`UPDATE application_transition SET at = at - interval '15 days' WHERE application_id = $1 AND to_status = 'offered'`, [app.id]);
      // The worker's expiry schedule may mark it expired first: either way it cannot be accepted.
      const page = await c.get(`/portal/applications/${app.id}`);
      expect(page.html).toMatch(/This offer has expired|Offer expired/);
      expect(page.html).not.toContain('/offer/accept"');
      const refused = await c.post(`/portal/applications/${app.id}/offer/accept`, { _csrf: c.csrf });
      expect(refused.status).toBe(422);
      expect(refused.html).toMatch(/href="#offer"[^>]*>\s*This offer has expired/);
      expect((await apiView(user.token, app.id)).status).not.toBe('accepted');
    });

    it('the 404 page for an application says what the applicant area asks, from the route that failed', async () => {
      const mine = await decided('approve');
      const theirs = await decided('approve');
      const page = await mine.c.get(`/portal/applications/${theirs.app.id}`);
      expect(page.status).toBe(404);
      expect(page.html).toContain('it may belong to another account');
      expect(page.html).toMatch(/<a href="\/portal\/applications">Go to your applications<\/a>/);
      const nowhere = await mine.c.get('/portal/applications/no/such/page');
      expect(nowhere.status).toBe(404);
      expect(nowhere.html).toContain('Go to the portal home page');
    });

    it("another applicant's application is the 404 page, and its forms do nothing", async () => {
      const mine = await decided('approve');
      const theirs = await decided('approve');
      const page = await mine.c.get(`/portal/applications/${theirs.app.id}`);
      expect(page.status).toBe(404);
      expect(page.html).toContain('Page not found');
      expect(page.html).toContain('href="/portal/applications"');
      expect(page.html).not.toContain(theirs.app.reference);
      await mine.c.get('/portal/applications');
      const csrf = mine.c.csrf;
      expect((await mine.c.post(`/portal/applications/${theirs.app.id}/offer/decline`, { _csrf: csrf })).status).toBe(404);
      expect((await mine.c.post(`/portal/applications/${theirs.app.id}/appeal`, { _csrf: csrf, statement: 'This is not my application at all.' })).status).toBe(404);
      expect((await apiView(theirs.user.token, theirs.app.id)).status).toBe('offered');
      expect((await mine.c.get('/portal/applications')).html).not.toContain(theirs.app.reference);
    });

    it('a rejected application: the reason, and an appeal within the window (a statement is required)', async () => {
      const { user, app, c } = await decided('reject');
      const page = await c.get(`/portal/applications/${app.id}`);
      expect(page.html).toContain('Not successful');
      expect(page.html).toContain('Your application did not include enough evidence to support it.');
      expect(page.html).toContain('No statement was given.');
      expect(page.html).toMatch(/you can appeal until \d{1,2} \w+ \d{4}/);

      const blank = await c.post(`/portal/applications/${app.id}/appeal`, { _csrf: c.csrf, statement: ' ' });
      expect(blank.status).toBe(422);
      expect(blank.html).toMatch(/href="#appeal-statement"[^>]*>\s*Enter why you think the decision is wrong/);
      expect(blank.html).toContain('id="appeal-statement-error"');
      const short = await c.post(`/portal/applications/${app.id}/appeal`, { _csrf: c.csrf, statement: 'Too short' });
      expect(short.html).toMatch(/href="#appeal-statement"[^>]*>\s*Your appeal must be 10 characters or more/);
      expect(short.html).toContain('>Too short</textarea>');
      const csrf = c.csrf;
      expect((await c.post(`/portal/applications/${app.id}/appeal`, { statement: 'I sent my evidence by post last week.' })).status).toBe(403);

      const appealed = await c.post(`/portal/applications/${app.id}/appeal`, { _csrf: csrf, statement: 'I sent my evidence by post last week.' });
      expect(appealed.status).toBe(303);
      expect(appealed.location).toBe(`/portal/applications/${app.id}?appealed=1`);
      expect((await apiView(user.token, app.id)).status).toBe('appealed');
      const [appeal] = await w.db.query(`SELECT statement, previous_status FROM appeal WHERE application_id = $1`, [app.id]);
      expect(appeal).toEqual({ statement: 'I sent my evidence by post last week.', previous_status: 'rejected' });
      const after = await c.get(appealed.location!);
      expect(after.html).toContain('Your appeal has been sent to the programme team');
      expect(after.html).toContain('Appeal being considered');
      expect(after.html).not.toContain('/appeal"');
    });

    it('after the appeal window the page says so, and the service refuses a late appeal on the page', async () => {
      const { user, app, c } = await decided('reject');
      await w.db.query(`UPDATE application_transition SET at = at - interval '29 days' WHERE application_id = $1 AND to_status = 'rejected'`, [app.id]);
      const page = await c.get(`/portal/applications/${app.id}`);
      expect(page.html).toMatch(/The time to appeal this decision ended on/);
      expect(page.html).not.toContain('/appeal"');
      const late = await c.post(`/portal/applications/${app.id}/appeal`, { _csrf: c.csrf, statement: 'I was on leave when the email came.' });
      expect(late.status).toBe(422);
      expect(late.html).toMatch(/href="#appeal-statement"[^>]*>\s*Appeals must be made within 28 days/);
      expect((await apiView(user.token, app.id)).status).toBe('rejected');
    });

    it('with the offer accepted, the applicant books a place on a course; a course that filled up meanwhile is refused on the page', async () => {
      const { user, app, c } = await decided('approve');
      await c.get(`/portal/applications/${app.id}`);
      await c.post(`/portal/applications/${app.id}/offer/accept`, { _csrf: c.csrf });
      const provider = await w.provider('Chosen Provider');
      const filling = await cohort(w, provider.id, level5.id, 1, '2031-01-06');
      const roomy = await cohort(w, provider.id, level5.id, 12, '2031-02-03');
      const page = await c.get(`/portal/applications/${app.id}`);
      expect(page.html).toContain('Choose your course');
      expect(page.html).toContain(`value="${roomy.id}"`);
      expect(page.html).toContain(`${provider.name}: ${roomy.name}`);
      expect(page.html).toContain('Starts 3 February 2031, blended, 12 places left');
      const csrf = c.csrf;

      expect((await c.post(`/portal/applications/${app.id}/enrolment`, { cohortId: roomy.id })).status).toBe(403);
      const none = await c.post(`/portal/applications/${app.id}/enrolment`, { _csrf: csrf });
      expect(none.status).toBe(422);
      expect(none.html).toMatch(/href="#cohort"[^>]*>\s*Choose the course you want to join/);
      // Someone else takes the last place between the page and the button.
      await w.db.query(`UPDATE cohort SET places_taken = capacity WHERE id = $1`, [filling.id]);
      const full = await c.post(`/portal/applications/${app.id}/enrolment`, { _csrf: csrf, cohortId: filling.id });
      expect(full.status).toBe(422);
      expect(full.html).toContain('That course has just filled up: choose another');
      expect((await apiView(user.token, app.id)).status).toBe('accepted');

      const booked = await c.post(`/portal/applications/${app.id}/enrolment`, { _csrf: csrf, cohortId: roomy.id });
      expect(booked.status).toBe(303);
      expect(booked.location).toBe(`/portal/applications/${app.id}?done=placed`);
      expect((await apiView(user.token, app.id)).status).toBe('enrolled');
      const after = await c.get(booked.location!);
      expect(after.html).toContain('Your place on the course is booked');
      expect(after.html).toContain(roomy.name);
      expect(after.html).not.toContain('Choose your course');
    });

    it('a placed applicant sees their course: provider, cohort and start date', async () => {
      const { user, app, c } = await decided('approve');
      await c.get(`/portal/applications/${app.id}`);
      await c.post(`/portal/applications/${app.id}/offer/accept`, { _csrf: c.csrf });
      const provider = await w.provider('Placing Provider');
      const course = await cohort(w, provider.id, level5.id, 20, '2031-09-08');
      expect((await w.call('POST', `/admin/applications/${app.id}/enrolment`, { token: admin.token, body: { cohortId: course.id } })).status).toBe(201);
      expect((await apiView(user.token, app.id)).status).toBe('enrolled');
      const page = await c.get(`/portal/applications/${app.id}`);
      expect(page.html).toContain('Place confirmed');
      expect(page.html).toContain('Your place on a course');
      expect(page.html).toContain(provider.name);
      expect(page.html).toContain(course.name);
      expect(page.html).toContain('8 September 2031');

      // The provider turns the learner down with a note for the programme team: the learner sees who, not the note.
      const key = await w.apiKey(provider.id, admin.token);
      const enrolmentId = (await w.db.query(`SELECT id FROM enrolment WHERE application_id = $1`, [app.id]))[0].id;
      const declined = await w.call('POST', '/provider/reports', {
        token: key,
        headers: { 'idempotency-key': `decline-${enrolmentId}` },
        body: [{ enrolmentId, type: 'decline', reasonCode: 'duplicate_learner', note: 'Internal: our records show a duplicate' }],
      });
      expect(declined.status).toBe(201);
      const after = await c.get(`/portal/applications/${app.id}`);
      expect(after.html).toContain('Your training provider');
      expect(after.html).not.toContain('Internal: our records show a duplicate');
    });

    it('signed out, the emailed link asks for sign-in and comes back to the application; other roles get 403', async () => {
      const { user, app } = await decided('approve');
      const anonymous = await client().get(`/portal/applications/${app.id}`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.html).toContain('<form action="/portal/sign-in" method="post"');
      expect(hiddenField(anonymous.html, 'next')).toBe(`/portal/applications/${app.id}`);
      const c = client();
      const form = await c.get(`/portal/sign-in?next=/portal/applications/${app.id}`);
      expect(hiddenField(form.html, 'next')).toBe(`/portal/applications/${app.id}`);
      const back = await c.post('/portal/sign-in', { email: user.email, password: PASSWORD, next: `/portal/applications/${app.id}` });
      expect(back.location).toBe(`/portal/applications/${app.id}`);
      expect((await c.get(back.location!)).status).toBe(200);
      // Only a portal path: anywhere else goes to the applicant's start page.
      const elsewhere = await client().post('/portal/sign-in', { email: user.email, password: PASSWORD, next: 'https://evil.example/portal/x' });
      expect(elsewhere.location).toBe('/portal/applications');

      const provider = client();
      await provider.signIn((await w.user('provider')).email, PASSWORD);
      expect((await provider.get('/portal/applications')).status).toBe(403);
      expect((await provider.get(`/portal/applications/${app.id}`)).status).toBe(403);
    });
  });

  describe('email settings', () => {
    it('stored through the same service as the API, for any signed-in person; only administrators are asked about the daily summary', async () => {
      const user = await w.signedIn('provider');
      const c = client();
      await c.signIn(user.email, PASSWORD);
      const page = await c.get('/portal/account/email-settings');
      expect(page.status).toBe(200);
      expect(page.html).toMatch(/<input[^>]*id="emails"[^>]*name="emails"[^>]*type="checkbox"[^>]*value="reminders"[^>]*checked/);
      expect(page.html).not.toContain('value="digests"');
      expect(page.html).toContain('We always send decisions');
      expect(page.html).toContain('href="/portal/account/email-settings"');

      const csrf = c.csrf;
      expect((await c.post('/portal/account/email-settings', {})).status).toBe(403);
      const saved = await c.post('/portal/account/email-settings', { _csrf: csrf });
      expect(saved.status).toBe(303);
      expect(saved.location).toBe('/portal/account/email-settings?saved=1');
      // The box not shown is left as it was (and a provider user's new-learner emails, not chosen here, stay one each).
      expect((await w.call('GET', '/me/notification-preferences', { token: user.token })).body).toEqual({ reminders: false, digests: true, skillsAuditInvitations: false, placedLearners: 'each' });
      const after = await c.get(saved.location!);
      expect(after.html).toContain('Your email settings have been saved');
      expect(after.html).not.toMatch(/value="reminders"[^>]*checked/);
      await c.post('/portal/account/email-settings', new URLSearchParams([['_csrf', csrf], ['emails', 'reminders'], ['emails', 'skillsAuditInvitations']]));
      expect((await w.call('GET', '/me/notification-preferences', { token: user.token })).body).toEqual({ reminders: true, digests: true, skillsAuditInvitations: true, placedLearners: 'each' });

      const admin = await w.signedIn('admin');
      const a = client();
      await a.signIn(admin.email, PASSWORD);
      expect((await a.get('/portal/account/email-settings')).html).toMatch(/<input[^>]*id="emails-3"[^>]*value="digests"[^>]*checked/);
      await a.post('/portal/account/email-settings', { _csrf: a.csrf, emails: 'reminders' });
      expect((await w.call('GET', '/me/notification-preferences', { token: admin.token })).body).toEqual({ reminders: true, digests: false, skillsAuditInvitations: false });
      expect((await client().get('/portal/account/email-settings')).status).toBe(401);
    });
  });

  it('the open funding rounds page, where the "a round has opened" email leads', async () => {
    const res = await client().get('/portal/rounds');
    expect(res.status).toBe(200);
    expect(res.html).toContain(round.name);
    expect(res.html).toContain(level5.title);
  });

  it('tokens from links never reach the logs', () => {
    // The request logger writes URLs through redactUrlQuery; a form body's token field is redacted by name.
    expect(redactUrlQuery('/portal/reset-password?token=abcdefghijklmnopqrstuvwxyz')).toBe('/portal/reset-password?token=[redacted]');
    expect(REDACT_PATHS).toEqual(expect.arrayContaining(['token', '*.token']));
  });
});
