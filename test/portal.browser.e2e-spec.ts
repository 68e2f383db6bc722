import type { Browser, Locator, Page } from 'playwright-core';
import { AccountsService, ApiKeysService, SYSTEM_ACTOR } from '@app/identity';
import { axeViolations, launchChromium, newPage, screenshot, visitPage } from './support/browser';
import { dateFields, providerProgramme } from './support/portal-fixtures';
import { PASSWORD, World } from './support/world';

/**
 * The portal in a real browser, as a provider uses it: every page is checked
 * with axe-core (WCAG 2.2 A and AA, and axe's best practices) and must have
 * no violations; the pages must load with the strict CSP (no inline script or
 * style refused) and work without JavaScript.
 */
/** Types the date `daysAgo` days back into a form's day, month and year fields. */
async function fillDate(form: Locator, daysAgo: number): Promise<void> {
  const { 'date[day]': day, 'date[month]': month, 'date[year]': year } = dateFields(daysAgo);
  await form.getByLabel('Day').fill(day);
  await form.getByLabel('Month').fill(month);
  await form.getByLabel('Year').fill(year);
}

describe('the portal in a browser, checked with axe-core', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];
  let enrolmentId: string;
  let secondEnrolmentId: string;
  let email: string;

  beforeAll(async () => {
    w = await World.start({ worker: false });
    const programme = await providerProgramme(w);
    const provider = await w.provider('Browser Provider');
    email = (await w.user('provider', { providerId: provider.id })).email;
    enrolmentId = (await programme.placedLearner(provider.id)).enrolmentId;
    secondEnrolmentId = (await programme.placedLearner(provider.id)).enrolmentId;
    browser = await launchChromium();
    // The pages have no script of their own; axe needs the browser's JavaScript to run (the last test goes through without it).
    page = await newPage(browser, refusedByCsp);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  const axe = () => axeViolations(page);

  const visit = (path: string, status = 200) => visitPage(page, w.api.url, path, status);

  it('sign-in, and the sign-in error summary', async () => {
    await visit('/portal/sign-in');
    expect(await axe()).toEqual([]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Enter your email address');
    expect(await axe()).toEqual([]);
  });

  it('signs in and reaches the learners', async () => {
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/portal/provider/learners');
    expect(await page.locator('h1').textContent()).toContain('Your learners');
    expect(await axe()).toEqual([]);
  });

  it('a learner, the report pages and the error summary of a refused form', async () => {
    await visit(`/portal/provider/learners/${enrolmentId}`);
    expect(await axe()).toEqual([]);
    await page.getByRole('link', { name: 'Report a start' }).click();
    await page.waitForURL(`**/portal/provider/learners/${enrolmentId}/start`);
    expect(await axe()).toEqual([]);
    const start = page.locator(`form[action$="/${enrolmentId}/start"]`);
    await fillDate(start, 14);
    await start.getByRole('button', { name: 'Report start' }).click();
    await page.waitForURL(`**/portal/provider/learners/${enrolmentId}?reported=start`);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Start reported');
    expect(await axe()).toEqual([]);

    await page.getByRole('link', { name: 'Report a completion' }).click();
    await page.waitForURL(`**/portal/provider/learners/${enrolmentId}/completion`);
    expect(await axe()).toEqual([]);
    await page.locator(`form[action$="/${enrolmentId}/completion"]`).getByRole('button', { name: 'Report completion' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Select whether the learner passed or failed');
    expect(await axe()).toEqual([]);

    // A fail asks whether a resit is planned (the answer decides whether the bursary is released); unanswered, it is refused.
    const completion = page.locator(`form[action$="/${enrolmentId}/completion"]`);
    await completion.getByLabel('Failed').check();
    expect(await completion.getByText('If they failed: is a resit planned?').isVisible()).toBe(true);
    await fillDate(completion, 1);
    await completion.getByRole('button', { name: 'Report completion' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Select whether a resit is planned');
    expect(await axe()).toEqual([]);
    await screenshot(page, 'provider-completion-resit-error');
  });

  it('a placed learner offers a deferral and turning down, and a refused deferral shows its errors', async () => {
    await visit(`/portal/provider/learners/${secondEnrolmentId}`);
    expect(await page.getByRole('link', { name: 'Report a deferral' }).count()).toBe(1);
    await page.getByRole('link', { name: 'Turn down this learner' }).click();
    await page.waitForURL(`**/portal/provider/learners/${secondEnrolmentId}/decline`);
    expect(await page.locator('main').textContent()).toContain('They go back to the programme team');
    expect(await axe()).toEqual([]);

    await visit(`/portal/provider/learners/${enrolmentId}/deferral`);
    expect(await axe()).toEqual([]);
    await page.locator(`form[action$="/${enrolmentId}/deferral"]`).getByRole('button', { name: 'Report deferral' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Select why the learner is deferring');
    expect(await axe()).toEqual([]);
  });

  it('voiding the latest report: the learner page with Void, the confirmation page, its error, then the banner', async () => {
    await visit(`/portal/provider/learners/${enrolmentId}/progress`);
    expect(await axe()).toEqual([]);
    const progress = page.locator(`form[action$="/${enrolmentId}/progress"]`);
    await progress.getByLabel('Mid point').check();
    await fillDate(progress, 7);
    await progress.getByRole('button', { name: 'Report progress' }).click();
    await page.waitForURL(`**/portal/provider/learners/${enrolmentId}?reported=progress`);
    expect(await axe()).toEqual([]);

    await page.getByRole('link', { name: 'Void this progress report' }).click();
    await page.waitForURL('**/reports/*/void');
    expect(await page.locator('h1').textContent()).toContain('Void a report');
    expect(await axe()).toEqual([]);

    await page.getByRole('button', { name: 'Void report' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Enter why you are voiding this report');
    expect(await page.locator('#void-reason-error').textContent()).toContain('Enter why you are voiding this report');
    expect(await axe()).toEqual([]);

    await page.getByLabel('Why are you voiding this report?').fill('Reported for the wrong learner');
    await page.getByRole('button', { name: 'Void report' }).click();
    await page.waitForURL(`**/portal/provider/learners/${enrolmentId}?voided=1`);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Report voided');
    expect(await page.locator('table').textContent()).toContain('Progress: mid point (voided)');
    expect(await axe()).toEqual([]);
  });

  it('the upload page, and a refused file', async () => {
    await visit('/portal/provider/reports/upload');
    expect(await axe()).toEqual([]);
    await page.getByLabel('CSV file of reports').setInputFiles({ name: 'reports.csv', mimeType: 'text/csv', buffer: Buffer.from(`enrolmentId,type,date\n${enrolmentId},start,2026-02-31\n`) });
    await page.getByRole('button', { name: 'Upload reports' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Nothing was applied');
    expect(await page.locator('#problems table').textContent()).toContain('must be a real date');
    expect(await axe()).toEqual([]);
  });

  it('the statements, the home page and the not-found page', async () => {
    await visit('/portal/provider/statements');
    expect(await page.locator('main').textContent()).toMatch(/£250(?![.,]?\d)/);
    expect(await axe()).toEqual([]);
    await visit('/portal');
    expect(await axe()).toEqual([]);
    await visit('/portal/provider/learners/00000000-0000-4000-8000-000000000000', 404);
    expect(await axe()).toEqual([]);
  });

  it('the API keys page names who created each key, and a creator since disabled', async () => {
    const [me] = await w.db.query(`SELECT id, provider_id FROM user_account WHERE email = $1`, [email]);
    const leaver = await w.user('provider', { providerId: me.provider_id });
    const keys = w.api.app.get(ApiKeysService);
    await keys.create(me.provider_id, 'Student records system', { kind: 'session', role: 'provider', userId: leaver.id, providerId: me.provider_id });
    await w.api.app.get(AccountsService).setDisabled(leaver.id, true, SYSTEM_ACTOR);
    await visit('/portal/provider/api-keys');
    const text = await page.locator('main').textContent();
    expect(text).toContain('Student records system');
    expect(text).toContain('Test provider (account closed)');
    await screenshot(page, 'api-keys');
    expect(await axe()).toEqual([]);
  });

  it('signs out, and the signed-out pages', async () => {
    await visit('/portal/provider/learners');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/portal/sign-in?signedOut=1');
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('You have signed out');
    expect(await axe()).toEqual([]);
    await visit('/portal/provider/learners', 401);
    expect(await axe()).toEqual([]);
  });

  it('no inline script or style was refused by the CSP on any page', () => {
    expect(refusedByCsp).toEqual([]);
  });

  it('a provider signs in and reports a start with JavaScript turned off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const noScript = await context.newPage();
    noScript.setDefaultTimeout(5000);
    await noScript.goto(`${w.api.url}/portal/sign-in`);
    await noScript.getByLabel('Email address').fill(email);
    await noScript.getByLabel('Password').fill(PASSWORD);
    await noScript.getByRole('button', { name: 'Sign in' }).click();
    await noScript.waitForURL('**/portal/provider/learners');
    await noScript.goto(`${w.api.url}/portal/provider/learners/${secondEnrolmentId}`);
    await noScript.getByRole('link', { name: 'Report a start' }).click();
    await noScript.waitForURL(`**/portal/provider/learners/${secondEnrolmentId}/start`);
    const start = noScript.locator(`form[action$="/${secondEnrolmentId}/start"]`);
    await fillDate(start, 7);
    await start.getByRole('button', { name: 'Report start' }).click();
    await noScript.waitForURL(`**/portal/provider/learners/${secondEnrolmentId}?reported=start`);
    expect(await noScript.locator('.nhsuk-notification-banner').textContent()).toContain('Start reported');
    await context.close();
  });
});
