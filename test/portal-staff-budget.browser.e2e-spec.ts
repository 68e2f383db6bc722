/**
 * Finance in a browser (issue 16): the budget, a pot, topping it up (errors,
 * check, done), moving money between pots (errors, check, done) and the
 * ledger. axe-core on every page and each form's error state; the CSP refuses nothing.
 */
import type { Browser, Page } from 'playwright-core';
import { pot } from './factories/budget.factory';
import { axeViolations, launchChromium, newPage, screenshot, signInOnPage, visitPage } from './support/browser';
import { PASSWORD, World } from './support/world';

describe('finance runs the budget in a browser', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];
  let potA: { id: string; name: string };
  let potB: { id: string; name: string };

  beforeAll(async () => {
    w = await World.start({ worker: false });
    potA = await pot(w, { name: 'London bursaries 2026-27', amountPence: 3_000_000 });
    potB = await pot(w, { name: 'North West bursaries 2026-27', amountPence: 1_000_000 });
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
    const finance = await w.user('finance');
    await signInOnPage(page, w.api.url, finance.email, PASSWORD);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await w.stop();
  });

  async function checked(name: string) {
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, name);
  }

  it('tops up a pot, moves money between pots and reads the ledger', async () => {
    await visitPage(page, w.api.url, '/portal/staff/finance/budget');
    await checked('finance-budget');
    await page.getByRole('link', { name: potA.name }).click();
    await page.waitForURL(`**/portal/staff/finance/pots/${potA.id}`);
    await checked('finance-pot');

    await page.getByRole('button', { name: 'Top up this pot' }).click();
    await page.waitForURL('**/top-up');
    await checked('finance-top-up');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Enter the amount to add in pounds');
    await checked('finance-top-up-errors');
    await page.getByLabel('Amount to add, in pounds').fill('5000');
    await page.getByLabel('Reason').fill('Second tranche agreed by the programme board');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('h1:has-text("Check the top-up")');
    expect(await page.locator('main').textContent()).toMatch(/£35,000(?![.,]?\d)/);
    await checked('finance-top-up-check');
    await page.getByRole('button', { name: 'Top up the pot' }).click();
    await page.waitForURL('**?toppedUp=1');
    expect(await page.locator('main').textContent()).toContain('The pot has been topped up');
    await checked('finance-pot-topped-up');

    await page.getByRole('button', { name: 'Move money from this pot' }).click();
    await page.waitForURL('**/transfers/new**');
    await checked('finance-transfer');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await checked('finance-transfer-errors');
    await page.getByLabel('Move it to').selectOption({ value: potB.id });
    await page.getByLabel('Amount, in pounds').fill('2500');
    await page.getByLabel('Reason').fill('More demand in the North West');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('h1:has-text("Check the transfer")');
    await checked('finance-transfer-check');
    await page.getByRole('button', { name: 'Move the money' }).click();
    await page.waitForURL('**?transferred=1');
    await checked('finance-budget-transferred');

    await visitPage(page, w.api.url, `/portal/staff/finance/ledger?potId=${potB.id}`);
    expect(await page.locator('main').textContent()).toContain('More demand in the North West');
    await checked('finance-ledger');
    await visitPage(page, w.api.url, '/portal/staff/finance/ledger?from=yesterday', 422);
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('The first date must be a real date, like 1 12 2026');
    await checked('finance-ledger-errors');
    // Dates are typed as people write them; the page never shows an ISO date.
    await visitPage(page, w.api.url, '/portal/staff/finance/ledger?from=1+4+2026&to=31%2F3%2F2027');
    expect(await page.getByLabel('From (first day)').inputValue()).toBe('1 4 2026');
    expect(await page.locator('main').textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await checked('finance-ledger-typed-dates');
    const csv = await page.request.get(`${w.api.url}${await page.getByRole('link', { name: /Download as CSV/ }).getAttribute('href')}`);
    expect(csv.status()).toBe(200);

    await visitPage(page, w.api.url, '/portal/staff/finance/pots/new');
    await page.getByRole('button', { name: 'Create the pot' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await checked('finance-pot-new-errors');

    const reconciliation = await w.call('GET', '/admin/budget/reconciliation', { token: (await w.signedIn('finance')).token });
    expect(reconciliation.body.pots.every((p: { ok: boolean }) => p.ok)).toBe(true);
    expect(refusedByCsp).toEqual([]);
  });
});
