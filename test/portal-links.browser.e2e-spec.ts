import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { applicant, draft, openRound, pot, qualification } from './factories/intake.factory';
import { cohort } from './factories/training.factory';
import { axeViolations, launchChromium, newPage, screenshot, visitPage } from './support/browser';
import type { SunkEmail } from './support/smtp-sink';
import { PASSWORD, World } from './support/world';

/**
 * The pages emailed links open, in Chromium, followed from the emails: every
 * page and state (including an error state of each form) has no axe-core
 * violations, nothing is refused by the CSP, and confirming an email address
 * works with JavaScript turned off.
 */
describe('the pages emailed links open, in a browser, checked with axe-core', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];
  let admin: { token: string };
  let level5: { id: string };
  let round: { id: string };

  beforeAll(async () => {
    w = await World.start();
    admin = await w.signedIn('admin');
    level5 = await qualification(w, { level: 5 });
    round = await openRound(w, [level5.id], { potId: (await pot(w, 10_000_000)).id });
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  /** The emailed link's path and query (the email's host is PUBLIC_BASE_URL, not this test's server). */
  function linkIn(mail: SunkEmail, path: string): string {
    const match = new RegExp(`https?://[^/\\s]+(${path}\\?token=[A-Za-z0-9_-]+)`).exec(mail.text);
    if (!match) throw new Error(`no ${path} link in: ${mail.text}`);
    return match[1];
  }

  const visit = (path: string, status = 200) => visitPage(page, w.api.url, path, status);

  async function signIn(email: string, password = PASSWORD) {
    await page.context().clearCookies();
    await visit('/portal/sign-in');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
  }

  /** An applicant whose submitted application the admin has decided. */
  async function decided(decision: 'approve' | 'reject') {
    const user = await applicant(w);
    const app = await draft(w, user.token, round.id, level5.id);
    await w.call('POST', `/applications/${app.id}/submit`, { token: user.token });
    const body = decision === 'approve' ? { decision, reasonCode: 'meets_criteria' } : { decision, reasonCode: 'insufficient_evidence' };
    expect((await w.call('POST', `/admin/applications/${app.id}/decision`, { token: admin.token, body })).status).toBe(200);
    return { user, app };
  }

  it('confirming an email address: the confirm page, confirmed, the used link, and the list asking to confirm', async () => {
    const email = `browser.verify.${randomBytes(4).toString('hex')}@example.org`;
    await w.call('POST', '/auth/register', { body: { email, password: PASSWORD, fullName: 'Bea Browser' } });
    const link = linkIn(await w.smtp.waitFor(email, /Confirm your email address/), '/portal/verify-email');

    await signIn(email);
    await page.waitForURL('**/portal/applications');
    expect(await page.locator('main').textContent()).toContain('Send the link again');
    expect(await axeViolations(page)).toEqual([]);

    await visit(link);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Confirm your email address' }).click();
    await page.waitForURL('**/portal/verify-email?confirmed=1');
    expect(await page.locator('h1').textContent()).toContain('Your email address is confirmed');
    expect(await axeViolations(page)).toEqual([]);

    await visit(link);
    expect(await page.locator('h1').textContent()).toContain('This link has expired or has already been used');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('resetting a password: from sign-in, the request form and its error, the emailed form and its error, done', async () => {
    const user = await w.user('applicant');
    await page.context().clearCookies();
    await visit('/portal/sign-in');
    await page.getByRole('link', { name: 'Forgotten your password?' }).click();
    await page.waitForURL('**/portal/reset-password/request');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Send the link' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Enter your email address');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Email address').fill(user.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.waitForURL('**/portal/reset-password/request?sent=1');
    expect(await axeViolations(page)).toEqual([]);

    await visit(linkIn(await w.smtp.waitFor(user.email, /reset your password/i), '/portal/reset-password'));
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('New password').fill('a new browser passphrase');
    await page.getByLabel('Type the password again').fill('a different passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('The passwords do not match');
    expect(await page.locator('#confirm-password-error').textContent()).toContain('The passwords do not match');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('New password').fill('short');
    await page.getByLabel('Type the password again').fill('short');
    await page.getByRole('button', { name: 'Change password' }).click();
    expect(await page.locator('#password-error').textContent()).toContain('Your password must be 12 characters or more');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('New password').fill('a new browser passphrase');
    await page.getByLabel('Type the password again').fill('a new browser passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL('**/portal/reset-password?changed=1');
    expect(await axeViolations(page)).toEqual([]);
    await signIn(user.email, 'a new browser passphrase');
    await page.waitForURL('**/portal/applications');
  });

  it('accepting an invitation: the form, its error, done', async () => {
    const provider = await w.provider('Browser Invite Provider');
    const email = `browser.invitee.${randomBytes(4).toString('hex')}@example.org`;
    await w.call('POST', `/admin/providers/${provider.id}/users`, { token: admin.token, body: { email, fullName: 'Ira Invitee' } });
    await page.context().clearCookies();
    await visit(linkIn(await w.smtp.waitFor(email, /./), '/portal/accept-invitation'));
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Set password' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Enter a new password');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Password', { exact: true }).fill('an invited browser passphrase');
    await page.getByLabel('Type the password again').fill('an invited browser passphrase');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.waitForURL('**/portal/accept-invitation?accepted=1');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('an offered application: signed out (401), signed in and back to it, the offer, accepted', async () => {
    const { user, app } = await decided('approve');
    await page.context().clearCookies();
    await visit(`/portal/applications/${app.id}`, 401);
    expect(await axeViolations(page)).toEqual([]);
    // The sign-in form is on the 401 page itself.
    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`**/portal/applications/${app.id}`);
    expect(await page.locator('main').textContent()).toContain('Bursary offered');
    // What the provider will be told; no phone is named, as this applicant's profile has none.
    expect(await page.locator('#shared-with-provider').textContent()).toBe(
      'If you accept, we will give the training provider you are placed with your name and email address so they can contact you about starting the course.',
    );
    await screenshot(page, 'applicant-offer');
    expect(await axeViolations(page)).toEqual([]);

    // Declining asks first; "No, keep the offer" goes back with nothing changed.
    await page.getByRole('button', { name: 'Decline offer' }).click();
    await page.waitForURL(`**/portal/applications/${app.id}/offer/decline`);
    expect(await page.locator('h1').textContent()).toContain('Are you sure you want to decline your bursary offer?');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'No, keep the offer' }).click();
    await page.waitForURL(`**/portal/applications/${app.id}`);

    const provider = await w.provider('Browser Course Provider');
    const course = await cohort(w, provider.id, level5.id, 10, '2031-03-03');
    await page.getByRole('button', { name: 'Accept offer' }).click();
    await page.waitForURL(`**/portal/applications/${app.id}?answered=accepted`);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('You have accepted the bursary');
    expect(await axeViolations(page)).toEqual([]);

    // Choosing a course: the error summary without a choice, then booked.
    await page.getByRole('button', { name: 'Book this place' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Choose the course you want to join');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel(`${provider.name}: ${course.name}`).check();
    await page.getByRole('button', { name: 'Book this place' }).click();
    await page.waitForURL(`**/portal/applications/${app.id}?done=placed`);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Your place on the course is booked');
    expect(await axeViolations(page)).toEqual([]);

    await visit('/portal/applications');
    expect(await axeViolations(page)).toEqual([]);
    await visit('/portal');
    expect(await axeViolations(page)).toEqual([]);
    await visit('/portal/applications/00000000-0000-4000-8000-000000000000', 404);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('a placed applicant: their course', async () => {
    const { user, app } = await decided('approve');
    await w.call('POST', `/applications/${app.id}/offer/accept`, { token: user.token });
    const provider = await w.provider('Browser Placing Provider');
    const course = await cohort(w, provider.id, level5.id, 20, '2031-09-08');
    await w.call('POST', `/admin/applications/${app.id}/enrolment`, { token: admin.token, body: { cohortId: course.id } });
    await signIn(user.email);
    await visit(`/portal/applications/${app.id}`);
    expect(await page.locator('main').textContent()).toContain('Your place on a course');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('a rejected application: the appeal form, its error, then sent', async () => {
    const { user, app } = await decided('reject');
    await signIn(user.email);
    await visit(`/portal/applications/${app.id}`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Send appeal' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Enter why you think the decision is wrong');
    expect(await page.locator('#appeal-statement-error').textContent()).toContain('Enter why you think the decision is wrong');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Why do you think the decision is wrong?').fill('My evidence was sent by post and has not been read.');
    await page.getByRole('button', { name: 'Send appeal' }).click();
    await page.waitForURL(`**/portal/applications/${app.id}?appealed=1`);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('email settings: the form, and saved', async () => {
    await visit('/portal/account/email-settings');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Reminders').uncheck();
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await page.waitForURL('**/portal/account/email-settings?saved=1');
    expect(await page.getByLabel('Reminders').isChecked()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the open funding rounds, and the home page signed out', async () => {
    await page.context().clearCookies();
    await visit('/portal/rounds');
    expect(await axeViolations(page)).toEqual([]);
    await visit('/portal');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('no inline script or style was refused by the CSP on any page', () => {
    expect(refusedByCsp).toEqual([]);
  });

  it('an email address is confirmed with JavaScript turned off', async () => {
    const email = `browser.nojs.${randomBytes(4).toString('hex')}@example.org`;
    await w.call('POST', '/auth/register', { body: { email, password: PASSWORD, fullName: 'Noa Script' } });
    const link = linkIn(await w.smtp.waitFor(email, /Confirm your email address/), '/portal/verify-email');
    const noScript = await newPage(browser, refusedByCsp, { javaScriptEnabled: false });
    await noScript.goto(`${w.api.url}${link}`);
    await noScript.getByRole('button', { name: 'Confirm your email address' }).click();
    await noScript.waitForURL('**/portal/verify-email?confirmed=1');
    expect(await noScript.locator('h1').textContent()).toContain('Your email address is confirmed');
    await noScript.context().close();
  });
});
