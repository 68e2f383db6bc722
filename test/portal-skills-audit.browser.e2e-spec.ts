/**
 * The skills audit in a browser (issue 17): the public start page, signing
 * in and back, consent, role and place of work, skills, check your answers,
 * confirmation and the history; each form's error state too. axe-core on
 * every page; the CSP refuses nothing.
 */
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchChromium, newPage, screenshot, visitPage } from './support/browser';
import { PASSWORD, World } from './support/world';

describe('anyone signed in takes the skills audit in a browser', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];

  beforeAll(async () => {
    w = await World.start({ worker: false });
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await w.stop();
  });

  async function checked(name: string) {
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, name);
  }

  it('starts, signs in, answers, checks, sends, and sees the change over time', async () => {
    const person = await w.user('applicant');
    await visitPage(page, w.api.url, '/portal/skills-audit');
    expect(await page.locator('main').textContent()).toContain('Reports only show figures about 5 people or more');
    await checked('skills-audit-start');
    await page.getByRole('button', { name: 'Start now' }).click();
    await page.waitForURL('**/portal/sign-in?next=**');
    await page.getByLabel('Email address').fill(person.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/portal/skills-audit/consent');
    await checked('skills-audit-consent');

    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Confirm that you agree');
    await checked('skills-audit-consent-errors');
    await page.getByLabel('I agree to my answers being used as described above').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/portal/skills-audit/role');
    await checked('skills-audit-role');

    await page.getByLabel("Your practice's ODS code (optional)").fill('12345');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Select your current role');
    await checked('skills-audit-role-errors');
    await page.getByLabel('Practice manager', { exact: true }).check();
    await page.getByLabel('NHS England region').selectOption({ value: 'midlands' });
    await page.getByLabel("Your practice's ODS code (optional)").fill('C82010');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/portal/skills-audit/skills');
    await checked('skills-audit-skills');

    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await checked('skills-audit-skills-errors');
    const fieldsets = page.locator('main form fieldset');
    expect(await fieldsets.count()).toBe(8);
    for (let i = 0; i < 8; i++) await fieldsets.nth(i).getByLabel(i % 2 ? '3: Confident' : '2: Some experience').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/portal/skills-audit/check');
    expect(await page.locator('main').textContent()).toContain('C82010');
    await checked('skills-audit-check');
    await page.getByRole('button', { name: 'Send skills audit' }).click();
    await page.waitForURL('**/portal/skills-audit/done');
    await checked('skills-audit-done');

    // A second audit, from the first: only finance changes.
    await visitPage(page, w.api.url, '/portal/skills-audit/consent');
    await page.getByLabel('I agree to my answers being used as described above').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/portal/skills-audit/skills');
    await fieldsets.nth(0).getByLabel('4: Could teach it').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Send skills audit' }).click();
    await page.waitForURL('**/portal/skills-audit/done');
    await page.getByRole('link', { name: 'See how your skills have changed over time' }).click();
    await page.waitForURL('**/portal/skills-audit/history');
    expect(await page.locator('table').count()).toBe(2);
    expect(await page.locator('table').first().textContent()).toContain('Up 2');
    await checked('skills-audit-history');
    expect(refusedByCsp).toEqual([]);
  }, 120_000);
});
