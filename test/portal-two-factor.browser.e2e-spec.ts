import type { Browser, Page } from 'playwright-core';
import { generate } from 'otplib';
import { axeViolations, launchChromium, newPage, screenshot, visitPage } from './support/browser';
import { PASSWORD, World } from './support/world';

/** The two-factor pages in Chromium, each state checked with axe-core, with the strict CSP (the QR code is an image, nothing inline). */
describe('two-factor authentication pages in a browser', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];

  beforeAll(async () => {
    w = await World.start({ worker: false, config: (c) => ({ auth: { ...c.auth, requireStaffMfa: true } }) });
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  it('a reviewer sets it up: the status page, the QR code and recovery codes, a wrong code, then on', async () => {
    const reviewer = await w.user('reviewer');
    await visitPage(page, w.api.url, '/portal/sign-in');
    await page.getByLabel('Email address').fill(reviewer.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/portal/account/two-factor');
    expect(await page.locator('main').textContent()).toContain('Set this up before you continue');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    await page.getByText('I cannot scan the QR code').click();
    const secret = (await page.locator('details code').textContent())!.replace(/ /g, '');
    expect(await page.locator('img[alt^="QR code"]').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await screenshot(page, 'two-factor-setup');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Enter the 6-digit code');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Code from your authenticator app').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await page.waitForURL('**/portal/account/two-factor?done=on');
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Two-factor authentication is on');
    await screenshot(page, 'two-factor-on');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Set up on a new phone' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Enter your current password');
    expect(await axeViolations(page)).toEqual([]);
    expect(refusedByCsp).toEqual([]);
  });

  it('a provider user is asked before switching it off, and the refusal is shown on the form', async () => {
    const user = await w.signedIn('provider');
    const setup = await w.call('POST', '/me/mfa/setup', { token: user.token, body: { currentPassword: PASSWORD } });
    await w.call('POST', '/me/mfa/confirm', { token: user.token, body: { otp: await generate({ secret: setup.body.secret }) } });
    await page.context().clearCookies();
    await visitPage(page, w.api.url, '/portal/sign-in');
    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Security code').fill(setup.body.recoveryCodes[0]);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/portal/provider/learners');

    await visitPage(page, w.api.url, '/portal/account/two-factor/remove');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Your current password').fill(PASSWORD);
    await page.getByLabel('Security code').fill('123456');
    await page.getByRole('button', { name: 'Yes, switch it off' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('That code is not right');
    await screenshot(page, 'two-factor-remove-error');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('an emailed link opened signed out by staff who must set it up first: the set-up keeps the link, and goes on to it once on', async () => {
    const reviewer = await w.user('reviewer');
    await page.context().clearCookies();
    await visitPage(page, w.api.url, '/portal/staff/applications', 401);
    await page.getByLabel('Email address').fill(reviewer.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/portal/account/two-factor?next=%2Fportal%2Fstaff%2Fapplications');
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    await page.getByText('I cannot scan the QR code').click();
    const secret = (await page.locator('details code').textContent())!.replace(/ /g, '');
    await page.getByLabel('Code from your authenticator app').fill('000000');
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('code');
    await page.getByLabel('Code from your authenticator app').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await page.waitForURL('**/portal/account/two-factor?done=on&next=%2Fportal%2Fstaff%2Fapplications');
    await screenshot(page, 'two-factor-on-continue');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Continue to the page you were going to' }).click();
    await page.waitForURL('**/portal/staff/applications');
    expect(refusedByCsp).toEqual([]);
  });
});
