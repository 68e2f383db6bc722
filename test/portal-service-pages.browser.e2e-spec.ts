import { randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { draft, openRound, pot, qualification, applicant } from './factories/intake.factory';
import { axeViolations, launchChromium, newPage, screenshot, signInOnPage, visitPage } from './support/browser';
import { PASSWORD, World } from './support/world';

/**
 * The pages every NHS service has, in Chromium with axe-core on each page and
 * state: the phase banner and footer on every page, privacy, cookies (against
 * the cookies a browser is really given), accessibility and contact; an
 * emailed link opened signed out showing the sign-in form and coming back to
 * the link (with a second factor too, and never off the site); the 403 page
 * keeping the signed-in header; registering signing the new account in.
 */
describe('the service pages, the sign-in on a deep link, the 403 page and registering, in a browser', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];

  beforeAll(async () => {
    w = await World.start();
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
  }, 60_000);
  afterAll(async () => {
    expect(refusedByCsp).toEqual([]);
    await browser?.close();
    await w?.stop();
  });

  const visit = (path: string, status = 200) => visitPage(page, w.api.url, path, status);

  async function checked(name: string) {
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, name);
  }

  /** The phase banner under the header, and the NHS footer's links (no API documentation for the public). */
  async function expectBannerAndFooter() {
    const banner = page.getByRole('region', { name: 'Beta', exact: true });
    expect((await banner.textContent())?.replace(/\s+/g, ' ').trim()).toBe('Beta This is a new service, your feedback will help us improve it.');
    expect(await banner.getByRole('link', { name: 'feedback' }).getAttribute('href')).toBe('/portal/contact#feedback');
    const footer = page.getByRole('contentinfo');
    const links = await footer.getByRole('link').evaluateAll((as) => as.map((a) => `${a.textContent!.trim()} ${a.getAttribute('href')}`));
    expect(links).toEqual(['Help and contact /portal/contact', 'Accessibility statement /portal/accessibility', 'Cookies /portal/cookies', 'Privacy notice /portal/privacy']);
    expect(await footer.textContent()).toContain('© NHS England');
  }

  it('privacy, cookies, accessibility and contact: open to anyone, each with the banner and footer, no axe violations', async () => {
    await page.context().clearCookies();
    const contact = w.api.config.programme.contact;
    for (const [path, heading, name] of [
      ['/portal/privacy', 'Privacy notice', 'privacy'],
      ['/portal/cookies', 'Cookies', 'cookies'],
      ['/portal/accessibility', 'Accessibility statement', 'accessibility'],
      ['/portal/contact', 'Help and contact', 'contact'],
    ] as const) {
      await visit(path);
      expect(await page.locator('h1').textContent()).toBe(heading);
      await expectBannerAndFooter();
      await checked(name);
    }
    // The contact details are the programme's, from config/programme.yaml.
    await visit('/portal/contact');
    expect(await page.getByRole('link', { name: contact.email }).first().getAttribute('href')).toBe(`mailto:${contact.email}`);
    expect(await page.getByRole('link', { name: contact.phone }).getAttribute('href')).toBe(`tel:${contact.phone.replace(/\s/g, '')}`);
    expect(await page.locator('main').textContent()).toContain(contact.hours);
    // The footer reaches each page from any other.
    await page.getByRole('contentinfo').getByRole('link', { name: 'Privacy notice' }).click();
    await page.waitForURL('**/portal/privacy');
    expect(await page.locator('main').textContent()).toContain('NHS England runs the programme and is the data controller');
  });

  it('the cookies page names every cookie a browser is given, signing in, on the forms before sign-in and in the eligibility checker', async () => {
    await page.context().clearCookies();
    // The checker's answers cookie is sent only to its own pages: answer its first question.
    await visit('/portal/eligibility/date-of-birth');
    await page.getByLabel('Day', { exact: true }).fill('14');
    await page.getByLabel('Month', { exact: true }).fill('3');
    await page.getByLabel('Year', { exact: true }).fill('1985');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/portal/eligibility/role');
    const user = await w.user('applicant');
    await signInOnPage(page, w.api.url, user.email, PASSWORD, '/portal/applications');
    await visit('/portal/register');
    const given = (await page.context().cookies()).map((c) => c.name).sort();
    expect(given).toEqual(['pmdp_eligibility', 'pmdp_form', 'pmdp_session']);
    await visit('/portal/cookies');
    const listed = await page.locator('main table tbody tr > :first-child').allTextContents();
    expect(listed.map((t) => t.trim()).sort()).toEqual(given);
    expect(await page.locator('main').textContent()).toContain('no analytics or advertising cookies');
  });

  it('the banner and footer are on signed-in pages and error pages too; providers find the API documentation on their API keys page', async () => {
    await page.context().clearCookies();
    const provider = await w.user('provider');
    await signInOnPage(page, w.api.url, provider.email, PASSWORD, '/portal/provider/learners');
    await expectBannerAndFooter();
    await visit('/portal/provider/api-keys');
    expect(await page.locator('main').getByRole('link', { name: 'API documentation' }).getAttribute('href')).toBe('/api/docs');
    await visit('/portal/no-such-page', 404);
    await expectBannerAndFooter();
  });

  it('the keyboard: the skip link comes first and moves to the content; the banner and footer links are reachable; signing in', async () => {
    await page.context().clearCookies();
    await visit('/portal/contact');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent?.trim()')).toBe('Skip to main content');
    // With no script, following the skip link moves where tabbing goes on from: the next Tab is inside main.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(`!!document.activeElement?.closest('main')`)).toBe(true);
    const reached: string[] = [];
    await page.keyboard.press('Shift+Tab');
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      reached.push(String((await page.evaluate(`document.activeElement?.getAttribute('href')`)) ?? ''));
    }
    expect(reached).toEqual(expect.arrayContaining(['/portal/contact#feedback', '/portal/accessibility', '/portal/privacy']));

    // Signing in with the keyboard alone, from a link opened signed out (the accessibility statement says so).
    const user = await w.user('applicant');
    await visit('/portal/profile', 401);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const focusedName = () => page.evaluate(`document.activeElement?.getAttribute('name')`);
    for (let i = 0; i < 20 && (await focusedName()) !== 'email'; i++) await page.keyboard.press('Tab');
    await page.keyboard.type(user.email);
    await page.keyboard.press('Tab');
    expect(await focusedName()).toBe('password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/portal/profile');
  });

  describe('an emailed link opened signed out', () => {
    let level5: { id: string };
    let round: { id: string };

    beforeAll(async () => {
      level5 = await qualification(w, { level: 5 });
      round = await openRound(w, [level5.id], { potId: (await pot(w, 10_000_000)).id });
    });

    it('shows the sign-in form on the page itself; a mistake keeps the link; signing in comes back to it', async () => {
      const user = await applicant(w);
      const app = await draft(w, user.token, round.id, level5.id);
      await page.context().clearCookies();
      await visit(`/portal/applications/${app.id}`, 401);
      expect(await page.locator('h1').textContent()).toBe('Sign in');
      expect(await page.locator('main').textContent()).toContain('You need to sign in to see this page. Once you have signed in, you will go straight to it.');
      await expectBannerAndFooter();
      await checked('deep-link-sign-in');

      await page.getByLabel('Email address').fill(user.email);
      await page.getByLabel('Password').fill('not the password at all');
      await page.getByRole('button', { name: 'Sign in' }).click();
      expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('The email address or password is not right');
      await checked('deep-link-sign-in-error');

      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`**/portal/applications/${app.id}`);
      expect(await page.locator('main').textContent()).toContain(app.reference);
    });

    it('with two-factor sign-in: the security code is asked for on the way, and it still comes back to the link', async () => {
      const provider = await w.signedIn('provider');
      const setup = await w.call('POST', '/me/mfa/setup', { token: provider.token, body: { currentPassword: PASSWORD } });
      expect((await w.call('POST', '/me/mfa/confirm', { token: provider.token, body: { otp: await generate({ secret: setup.body.secret }) } })).status).toBeLessThan(300);
      await page.context().clearCookies();
      await visit('/portal/provider/statements', 401);
      await page.getByLabel('Email address').fill(provider.email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Enter the 6-digit code');
      await checked('deep-link-sign-in-code');
      await page.getByLabel('Password').fill(PASSWORD);
      // A recovery code: the app's current code was just spent confirming the set-up.
      await page.getByLabel('Security code').fill(setup.body.recoveryCodes[0]);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL('**/portal/provider/statements');
    });

    it('never goes off the site: a return path that is not a portal path lands on the start page', async () => {
      const user = await w.user('applicant');
      await page.context().clearCookies();
      await visit('/portal/applications', 401);
      await page.locator('input[name="next"]').evaluate((input) => ((input as unknown as { value: string }).value = '//evil.example/portal/applications'));
      await page.getByLabel('Email address').fill(user.email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL('**/portal/applications');
      expect(new URL(page.url()).host).toBe(new URL(w.api.url).host);
    });
  });

  it('a page your role cannot use: the 403 page keeps your navigation and Sign out, which works', async () => {
    await page.context().clearCookies();
    const user = await w.user('applicant');
    await signInOnPage(page, w.api.url, user.email, PASSWORD, '/portal/applications');
    await visit('/portal/provider/learners', 403);
    expect(await page.locator('h1').textContent()).toBe('You cannot use this page');
    expect(await page.locator('main').textContent()).toContain('Your role does not allow this.');
    const header = page.getByRole('banner');
    expect(await header.getByRole('link', { name: 'Your applications' }).getAttribute('href')).toBe('/portal/applications');
    await expectBannerAndFooter();
    await checked('forbidden-signed-in');
    await header.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/portal/sign-in?signedOut=1');
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('You have signed out');
  });

  it('registering signs the new account in; an address with an account gets the page it always did, signed out', async () => {
    await page.context().clearCookies();
    const email = `browser.register.${randomBytes(4).toString('hex')}@example.org`;
    async function register(address: string) {
      await visit('/portal/register');
      await page.getByLabel('Full name').fill('Rhea Gister');
      await page.getByLabel('Email address').fill(address);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Type the password again').fill(PASSWORD);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL('**/portal/register?sent=1');
    }
    await register(email);
    expect(await page.locator('h1').textContent()).toBe('Your account has been created');
    expect(await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    await checked('registered-signed-in');
    await page.getByRole('link', { name: 'Fill in your profile' }).click();
    await page.waitForURL('**/portal/profile');
    await w.smtp.waitFor(email, /Confirm your email address/);

    await page.context().clearCookies();
    const existing = await w.user('applicant');
    await register(existing.email);
    expect(await page.locator('h1').textContent()).toBe('Check your email');
    expect(await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('pmdp_session');
    await checked('register-sent');
  });
});
