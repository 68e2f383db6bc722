import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { generate } from 'otplib';
import { parse } from 'csv-parse/sync';
import { TOPIC } from '@app/notifications';
import { axeViolations, launchChromium, newPage, screenshot, signInOnPage, visitPage } from './support/browser';
import { PortalClient } from './support/portal-client';
import { providerProgramme } from './support/portal-fixtures';
import { PASSWORD, World } from './support/world';

/**
 * A provider user's own settings in Chromium, from the "Your account" page:
 * the daily summary of new learners, API keys, two-factor authentication, and
 * a month's payment statement as CSV. Every page and error state is checked
 * with axe-core, under the strict CSP.
 */
describe("a provider's own settings in a browser", () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];
  let programme: Awaited<ReturnType<typeof providerProgramme>>;
  let provider: { id: string };
  let user: { id: string; email: string; token: string };

  beforeAll(async () => {
    w = await World.start({ worker: false });
    programme = await providerProgramme(w);
    provider = await w.provider('Settings College');
    user = await w.signedIn('provider', { providerId: provider.id });
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
    await signInOnPage(page, w.api.url, user.email, PASSWORD, '/portal/provider/learners');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  const axe = () => axeViolations(page);
  const main = async () => (await page.locator('main').textContent()) ?? '';

  it('reaches its account page from the navigation', async () => {
    await page.getByRole('link', { name: 'Your account' }).click();
    await page.waitForURL('**/portal/provider/account');
    const text = await main();
    expect(text).toContain(user.email);
    expect(text).toContain('Off: signing in needs only your password');
    expect(text).toContain('An email for each new learner');
    await screenshot(page, 'provider-account');
    expect(await axe()).toEqual([]);
  });

  it('chooses one email a day listing new learners, and the next learner placed waits for it', async () => {
    await page.getByRole('link', { name: 'Change email settings' }).click();
    await page.waitForURL('**/portal/account/email-settings');
    expect(await page.getByLabel('An email for each new learner').isChecked()).toBe(true);
    expect(await main()).toContain('Sent at 8am');
    expect(await axe()).toEqual([]);
    await page.getByLabel('One email a day listing new learners').check();
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await page.waitForURL('**/portal/account/email-settings?saved=1');
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Your email settings have been saved');
    expect(await page.getByLabel('One email a day listing new learners').isChecked()).toBe(true);
    await screenshot(page, 'provider-email-settings');
    expect(await axe()).toEqual([]);

    const { enrolmentId } = await programme.placedLearner(provider.id);
    expect(await w.db.query(`SELECT enrolment_id FROM placed_learner_pending WHERE user_id = $1`, [user.id])).toEqual([{ enrolment_id: enrolmentId }]);
    expect(await w.db.query(`SELECT id FROM outbox WHERE recipient_user_id = $1 AND topic = $2`, [user.id, TOPIC.learnerPlaced])).toEqual([]);

    await visitPage(page, w.api.url, '/portal/provider/account');
    expect(await main()).toContain('One email a day listing new learners');
  });

  it('creates an API key (shown once), lists it without the secret, and revokes it after a confirmation page', async () => {
    await visitPage(page, w.api.url, '/portal/provider/account');
    await page.getByRole('link', { name: 'Manage API keys' }).click();
    await page.waitForURL('**/portal/provider/api-keys');
    expect(await page.locator('main').getByRole('link', { name: 'API documentation' }).getAttribute('href')).toBe('/api/docs');
    expect(await axe()).toEqual([]);

    await page.getByRole('button', { name: 'Create API key' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toMatch(/name/i);
    expect(await axe()).toEqual([]);

    await page.getByLabel('Create an API key').fill('Student records system');
    await page.getByRole('button', { name: 'Create API key' }).click();
    expect(await main()).toContain('Copy the key now');
    const key = ((await page.locator('#api-key').textContent()) ?? '').trim();
    expect(key.length).toBeGreaterThan(20);
    await screenshot(page, 'provider-api-key-created');
    expect(await axe()).toEqual([]);
    expect((await w.call('GET', '/provider/learners', { token: key })).status).toBe(200);

    await page.getByRole('link', { name: 'Back to your API keys' }).click();
    const listed = await main();
    expect(listed).toContain('Student records system');
    // Used once above, by the API call: the list says when.
    expect(listed).toMatch(/Last used\s+\d{1,2} \w+ \d{4}/);
    expect(listed).not.toContain(key);

    await page.getByRole('link', { name: 'Revoke Student records system' }).click();
    expect(await page.locator('h1').textContent()).toContain('Are you sure you want to revoke this API key?');
    await screenshot(page, 'provider-api-key-revoke');
    expect(await axe()).toEqual([]);
    await page.getByRole('button', { name: 'Yes, revoke the key' }).click();
    await page.waitForURL('**/portal/provider/api-keys?revoked=1');
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('API key revoked');
    expect(await axe()).toEqual([]);
    expect((await w.call('GET', '/provider/learners', { token: key })).status).toBe(401);
  });

  it('sets up two-factor authentication with a QR code and a code, then switches it off after a confirmation page', async () => {
    await visitPage(page, w.api.url, '/portal/provider/account');
    await page.getByRole('link', { name: 'Set up two-factor authentication' }).click();
    await page.waitForURL('**/portal/account/two-factor');
    expect(await axe()).toEqual([]);
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Enter your current password');
    expect(await axe()).toEqual([]);

    await page.getByLabel('Your current password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    expect(await page.locator('img[alt^="QR code"]').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await page.getByText('I cannot scan the QR code').click();
    const secret = (await page.locator('details code').textContent())!.replace(/ /g, '');
    const recoveryCode = ((await page.locator('ul.nhsuk-list code').first().textContent()) ?? '').trim();
    expect(recoveryCode).not.toBe('');
    expect(await axe()).toEqual([]);

    await page.getByLabel('Code from your authenticator app').fill('000000');
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('That code is not right');
    expect(await axe()).toEqual([]);
    await page.getByLabel('Code from your authenticator app').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await page.waitForURL('**/portal/account/two-factor?done=on');
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Two-factor authentication is on');
    expect(await axe()).toEqual([]);
    // The provider's own navigation stays in the header on the shared account pages.
    await page.getByRole('link', { name: 'Your account' }).click();
    expect(await main()).toContain('On: signing in needs a code from your authenticator app');

    await visitPage(page, w.api.url, '/portal/account/two-factor');
    await page.getByRole('link', { name: 'Switch off two-factor authentication' }).click();
    await page.waitForURL('**/portal/account/two-factor/remove');
    expect(await page.locator('h1').textContent()).toContain('Are you sure you want to switch off two-factor authentication?');
    expect(await axe()).toEqual([]);
    await page.getByLabel('Your current password').fill(PASSWORD);
    await page.getByLabel('Security code').fill(recoveryCode);
    await page.getByRole('button', { name: 'Yes, switch it off' }).click();
    await page.waitForURL('**/portal/account/two-factor?done=off');
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Two-factor authentication is off');
    expect(await axe()).toEqual([]);
  });

  it("downloads a month's statement as CSV, with the month in its name and pounds with pence", async () => {
    const { enrolmentId } = await programme.placedLearner(provider.id);
    const startDate = new Date(w.clock.now().getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
    // Changing two-factor signed the user's API sessions out: the start comes from the provider's system, with a key.
    const key = await w.apiKey(provider.id, programme.admin.token);
    expect((await w.call('POST', `/provider/enrolments/${enrolmentId}/start`, { token: key, body: { startDate } })).status).toBe(201);
    const [{ month, reference }] = await w.db.query(
      `SELECT to_char(p.due_on, 'YYYY-MM') AS month, a.reference FROM payment_due p JOIN enrolment e ON e.id = p.enrolment_id JOIN application a ON a.id = e.application_id WHERE p.enrolment_id = $1`,
      [enrolmentId],
    );

    await visitPage(page, w.api.url, '/portal/provider/statements');
    expect(await axe()).toEqual([]);
    await screenshot(page, 'provider-statements');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Download as CSV/ }).first().click()]);
    expect(download.suggestedFilename()).toBe(`payment-statement-${month}.csv`);
    const rows: string[][] = parse(await readFile((await download.path())!, 'utf8'));
    expect(rows[0]).toEqual(['Month', 'Application reference', 'Payment', 'Due on', 'Status', 'Payment run', 'Remittance reference', 'Paid on', 'Amount (pounds)']);
    expect(rows.slice(1)).toEqual([[month, reference, 'Start', expect.stringMatching(new RegExp(`^${month}-\\d\\d$`)), 'Due, not yet in a payment run', '', '', '', '250.00']]);

    // A month with nothing in it, or not a month at all, is not found; another provider's user cannot see this one.
    expect((await page.request.get(`${w.api.url}/portal/provider/statements/1999-01/csv`)).status()).toBe(404);
    expect((await page.request.get(`${w.api.url}/portal/provider/statements/2026-13/csv`)).status()).toBe(404);
    const other = new PortalClient(w.api.url);
    await other.signIn((await w.user('provider')).email, PASSWORD);
    expect((await other.get(`/portal/provider/statements/${month}/csv`)).status).toBe(404);
    expect((await other.get(`/portal/provider/statements`)).status).toBe(200);
    expect(refusedByCsp).toEqual([]);
  });
});
