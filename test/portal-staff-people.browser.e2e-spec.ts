import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchChromium, newPage, screenshot, signInOnPage, visitPage } from './support/browser';
import { PASSWORD, World } from './support/world';

/**
 * Providers and people in Chromium (issue 15): an admin registers a provider,
 * invites its user, issues and revokes a key, invites and disables a staff
 * member, reads the audit log and the delivery log; a provider user creates
 * and revokes their own key. axe-core on every page and each form's error state.
 */
describe('providers and people in a browser', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];
  const checked = async (name?: string) => {
    if (name) await screenshot(page, name);
    expect(await axeViolations(page)).toEqual([]);
  };
  const main = async () => (await page.locator('main').textContent()) ?? '';
  const errorSummary = async () => (await page.locator('.nhsuk-error-summary').textContent()) ?? '';

  beforeAll(async () => {
    w = await World.start({ worker: false });
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  const signIn = (email: string, lands: string) => signInOnPage(page, w.api.url, email, PASSWORD, lands);

  it('an admin runs providers, their users and keys, and staff', async () => {
    const admin = await w.user('admin');
    await signIn(admin.email, '/portal/staff');

    // Providers: the list, the register form's error state, registered.
    await page.getByRole('link', { name: 'Providers' }).click();
    await page.waitForURL('**/portal/staff/providers');
    await checked();
    await page.getByRole('button', { name: 'Register a training provider' }).click();
    await page.waitForURL('**/portal/staff/providers/new');
    await checked();
    await page.getByLabel('Name').fill('Northfield College');
    await page.getByLabel(/UKPRN/).fill('12');
    await page.getByRole('button', { name: 'Register provider' }).click();
    expect(await errorSummary()).toContain('The UKPRN must be 8 digits');
    await checked();
    await page.getByLabel(/UKPRN/).fill(String(10_000_000 + Math.floor(Math.random() * 89_999_999)));
    await page.getByRole('button', { name: 'Register provider' }).click();
    await page.waitForURL(/\/portal\/staff\/providers\/[0-9a-f-]+\?registered=1/);
    expect(await main()).toContain('Training provider registered');
    await checked();

    // Change it: the edit form's error state.
    await page.getByRole('link', { name: /Change/ }).click();
    await page.getByLabel('Name').fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await errorSummary()).toContain('Enter the provider’s name');
    await checked();
    await page.getByLabel('Name').fill('Northfield College of Health');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/\?saved=1/);

    // Invite a user: errors, then sent.
    await page.getByRole('link', { name: /Invite a user for/ }).click();
    await checked();
    await page.getByRole('button', { name: 'Send invitation' }).click();
    expect(await errorSummary()).toContain('Enter their full name');
    await checked();
    await page.getByLabel('Full name').fill('Sam Tutor');
    await page.getByLabel('Email address').fill(`sam.${Date.now()}@northfield.example`);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.waitForURL(/\?invited=1/);
    await checked('staff-provider');

    // Issue a key: no name, then the key shown once; revoke it after the confirmation page.
    await page.getByRole('button', { name: 'Issue API key' }).click();
    expect(await errorSummary()).toContain('Enter a name for the key');
    await checked();
    await page.getByLabel('Issue an API key').fill('Student records');
    await page.getByRole('button', { name: 'Issue API key' }).click();
    expect(await page.locator('#api-key').textContent()).toMatch(/^pmdp_key_/);
    await checked('staff-api-key-issued');
    await page.getByRole('link', { name: /Back to Northfield/ }).click();
    await page.getByRole('link', { name: 'Revoke Student records' }).click();
    expect(await main()).toContain('Are you sure you want to revoke this API key?');
    await checked();
    await page.getByRole('button', { name: 'Yes, revoke the key' }).click();
    await page.waitForURL(/\?revoked=1/);
    expect(await main()).toContain('Revoked');

    // Staff: the list, the invite form's error state, invited; the person; disable after asking.
    await page.getByRole('link', { name: 'Staff', exact: true }).click();
    await page.waitForURL('**/portal/staff/people');
    await checked();
    await page.getByRole('button', { name: 'Invite a staff member' }).click();
    await page.getByLabel('Full name').fill('Robin Reviewer');
    await page.getByLabel('Email address').fill('robin');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    expect(await errorSummary()).toContain('Choose their role');
    expect(await errorSummary()).toContain('Enter an email address in the correct format');
    await checked();
    await page.getByLabel('Email address').fill(`robin.${Date.now()}@nhs.example`);
    await page.getByLabel('Reviewer').check();
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.waitForURL(/\?invited=1/);
    await checked('staff-people');
    await page.getByRole('link', { name: 'Robin Reviewer' }).click();
    await checked('staff-person');
    await page.getByLabel('Finance').check();
    await page.getByRole('button', { name: 'Change role' }).click();
    await page.waitForURL(/\?changed=role/);
    await page.getByRole('link', { name: /Disable Robin Reviewer/ }).click();
    await checked();
    await page.getByRole('button', { name: 'Yes, disable the account' }).click();
    await page.waitForURL(/\?changed=disabled/);
    await checked();

    // Their own account: the refusal on the confirmation page.
    await visitPage(page, w.api.url, `/portal/staff/people/${admin.id}/disable`);
    expect(await main()).toContain('You cannot disable your own account');
    await checked();
    expect(refusedByCsp).toEqual([]);
  });

  it('an admin reads the audit log and the delivery log, filters them, and resends a failed email', async () => {
    // Signed in from the test before.
    await visitPage(page, w.api.url, '/portal/staff/audit');
    await checked();
    await page.getByLabel('What it was about').selectOption('provider');
    await page.getByRole('button', { name: 'Show entries' }).click();
    await page.waitForURL(/targetType=provider/);
    expect(await main()).toContain('provider.updated');
    await checked('staff-audit-log');
    await visitPage(page, w.api.url, '/portal/staff/audit?from=2026-02-30&actor=nobody', 422);
    expect(await errorSummary()).toContain('Date from must be a real date');
    await checked();
    await visitPage(page, w.api.url, '/portal/staff/audit');
    await checked('staff-audit-log-all');

    const [{ id }] = await w.db.query(`SELECT o.id FROM outbox o JOIN user_account u ON u.id = o.recipient_user_id WHERE u.email LIKE 'robin.%' AND o.topic = 'account.invitation'`);
    await w.db.query(`UPDATE outbox SET status = 'failed', attempts = 5, last_error = '550 5.1.1 mailbox unavailable', failed_at = now() WHERE id = $1`, [id]);
    await visitPage(page, w.api.url, '/portal/staff/deliveries');
    await checked();
    await page.getByLabel('Status').selectOption('failed');
    await page.getByRole('button', { name: 'Show emails' }).click();
    await page.waitForURL(/status=failed/);
    await checked('staff-deliveries');
    await page.getByRole('button', { name: /Resend/ }).click();
    await page.waitForURL(/resent=1/);
    expect(await main()).toContain('The email is back in the outbox');
    await checked();
    await visitPage(page, w.api.url, '/portal/staff/deliveries?recipient=robin', 422);
    expect(await errorSummary()).toContain('Enter the recipient’s email address');
    await checked();
    expect(refusedByCsp).toEqual([]);
  });

  it('a provider user creates and revokes their own key', async () => {
    await page.context().clearCookies();
    const user = await w.user('provider');
    await signIn(user.email, '/portal/provider/learners');
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.waitForURL('**/portal/provider/api-keys');
    await checked();
    await page.getByRole('button', { name: 'Create API key' }).click();
    expect(await errorSummary()).toContain('Enter a name for the key');
    await checked();
    await page.getByLabel('Create an API key').fill('Our records system');
    await page.getByRole('button', { name: 'Create API key' }).click();
    expect(await page.locator('#api-key').textContent()).toMatch(/^pmdp_key_/);
    await checked();
    await page.getByRole('link', { name: 'Back to your API keys' }).click();
    await page.getByRole('link', { name: 'Revoke Our records system' }).click();
    await checked();
    await page.getByRole('button', { name: 'Yes, revoke the key' }).click();
    await page.waitForURL(/\?revoked=1/);
    expect(await main()).toContain('API key revoked');
    await checked('provider-api-keys');
    expect(refusedByCsp).toEqual([]);
  });
});
