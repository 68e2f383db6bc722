/**
 * The queue, the search, the assignment page and the conflicts pages in
 * Chromium (issue 15), each page and each form's error state checked with
 * axe-core, with the strict CSP.
 */
import type { Browser, Page } from 'playwright-core';
import { applicant, draft, openRound, qualification } from './factories/intake.factory';
import { axeViolations, launchChromium, newPage, screenshot, signInOnPage, visitPage } from './support/browser';
import { PASSWORD, World } from './support/world';

describe('the staff queue pages in a browser', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];
  const references: string[] = [];

  beforeAll(async () => {
    w = await World.start({ worker: false });
    await w.db.query(`INSERT INTO practice (ods_code, name, pcn_code, pcn_name, icb_code, icb_name) VALUES ('B82005', 'Harrogate Road Practice (test)', 'U77001', 'Harrogate Central PCN (test)', 'Q7A', 'North Yorkshire ICB (test)')`);
    const q = await qualification(w);
    const round = await openRound(w, [q.id]);
    for (const [fullName, region] of [['Ada Example', 'london'], ['Bea Example', 'north_west'], ['Cy Example', 'london']]) {
      const person = await applicant(w, { fullName, region });
      const app = await draft(w, person.token, round.id, q.id);
      await w.call('POST', `/applications/${app.id}/submit`, { token: person.token });
      references.push(app.reference);
    }
    const holder = await w.user('admin');
    await w.db.query(`UPDATE application SET held_at = now(), held_by = $1, hold_reason = 'Checking the employer' WHERE reference = $2`, [holder.id, references[2]]);
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  it('a reviewer filters the queue, searches, takes an application, is refused one they are connected to, and declares a conflict', async () => {
    const reviewer = await w.user('reviewer');
    await signInOnPage(page, w.api.url, reviewer.email, PASSWORD);
    expect(await page.locator('main').textContent()).toContain('On hold');
    expect(await axeViolations(page)).toEqual([]);

    // The queue, filtered by its form.
    await page.getByRole('link', { name: 'Applications', exact: true }).click();
    await page.getByLabel('Region').selectOption('london');
    await page.getByLabel('Sort by').selectOption('newest');
    await page.getByRole('button', { name: 'Show applications' }).click();
    await page.waitForURL(/region=london/);
    expect(page.url()).toContain('sort=newest');
    const main = await page.locator('main').textContent();
    expect(main).toContain(references[0]);
    expect(main).not.toContain(references[1]);
    expect(main).toContain('On hold');
    await screenshot(page, 'staff-queue-filtered');
    expect(await axeViolations(page)).toEqual([]);

    // Assign to me from the row, back to the same view.
    await page.getByRole('button', { name: `Assign to me ${references[0]}` }).click();
    await page.waitForURL(/done=assigned/);
    expect(page.url()).toContain('region=london');
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Application assigned to you');
    await screenshot(page, 'staff-queue');
    expect(await axeViolations(page)).toEqual([]);

    // The search: several matches listed, one match opened.
    await page.getByLabel('Find an application').fill('Example');
    await page.getByRole('button', { name: 'Search applications' }).click();
    await page.waitForURL(/q=Example/);
    expect(await page.locator('h1').textContent()).toContain('Search results for');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Find an application').fill('nobody at all');
    await page.getByRole('button', { name: 'Search applications' }).click();
    await page.waitForURL(/q=nobody/);
    expect(await page.locator('main').textContent()).toContain('No applications match this search.');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Find an application').fill(references[1].toLowerCase());
    await page.getByRole('button', { name: 'Search applications' }).click();
    await page.waitForURL(/\/portal\/staff\/applications\/[0-9a-f-]{36}$/);

    // A queue page open in another tab, from before the declaration below.
    const other = await page.context().newPage();
    await visitPage(other, w.api.url, '/portal/staff/applications?assigned=none');

    // Conflicts of interest: the error state, then a network declared.
    await visitPage(page, w.api.url, '/portal/staff/conflicts');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Primary care network').check();
    await page.getByLabel('Its code').fill('B82005');
    await page.getByRole('button', { name: 'Add organisation' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Enter a primary care network code: U and five digits, like U12345');
    await screenshot(page, 'staff-conflicts-error');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Its code').fill('U77001');
    await page.getByRole('button', { name: 'Add organisation' }).click();
    await page.waitForURL(/done=added/);
    expect(await page.locator('main').textContent()).toContain('Harrogate Central PCN (test)');
    await screenshot(page, 'staff-conflicts');
    expect(await axeViolations(page)).toEqual([]);

    // Now connected to every applicant's employer (B82005, in that network): the queue says so instead of offering them...
    await visitPage(page, w.api.url, '/portal/staff/applications?assigned=none');
    expect(await page.locator('main').textContent()).toContain('Your conflict of interest');
    expect(await page.getByRole('button', { name: `Assign to me ${references[1]}` }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    // ...and "Assign to me" on the page shown before is refused, explained.
    await other.getByRole('button', { name: `Assign to me ${references[1]}` }).click();
    const summary = await other.locator('.nhsuk-error-summary').textContent();
    expect(summary).toContain('Conflict of interest');
    expect(summary).toContain('Harrogate Central PCN (test) (U77001)');
    await screenshot(other, 'staff-queue-conflict');
    expect(await axeViolations(other)).toEqual([]);
    expect(refusedByCsp).toEqual([]);
  }, 90_000);

  it('an admin assigns the next applications of a filter, with the error state, and sees everyone’s conflicts', async () => {
    const admin = await w.user('admin');
    const context = await browser.newContext();
    const adminPage = await context.newPage();
    adminPage.setDefaultTimeout(5000);
    await signInOnPage(adminPage, w.api.url, admin.email, PASSWORD);
    await visitPage(adminPage, w.api.url, '/portal/staff/assignment');
    expect(await axeViolations(adminPage)).toEqual([]);
    await adminPage.getByLabel('How many').fill('0');
    await adminPage.getByRole('button', { name: 'Assign applications' }).click();
    expect(await adminPage.locator('.nhsuk-error-summary').textContent()).toContain('Enter a whole number from 1 to 50');
    await screenshot(adminPage, 'staff-assignment-error');
    expect(await axeViolations(adminPage)).toEqual([]);
    await adminPage.getByLabel('How many').fill('5');
    await adminPage.getByRole('button', { name: 'Assign applications' }).click();
    await adminPage.waitForURL(/assigned=1/);
    expect(await adminPage.locator('.nhsuk-notification-banner').textContent()).toContain('1 application assigned to Test admin');
    await screenshot(adminPage, 'staff-assignment');
    expect(await axeViolations(adminPage)).toEqual([]);
    await visitPage(adminPage, w.api.url, '/portal/staff/conflicts/all');
    expect(await adminPage.locator('main').textContent()).toContain('U77001');
    expect(await axeViolations(adminPage)).toEqual([]);
    await context.close();
  }, 60_000);
});
