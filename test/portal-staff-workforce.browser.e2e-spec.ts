/**
 * An admin keeps the workforce reference data in a browser (issue 17):
 * uploads the practice file with one bad row (refused, the row named), then
 * a good one, the ICB names and the PCN membership; uploads the official
 * counts; sets a role profile and targets. axe-core on every page and each
 * error state; the CSP refuses nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchChromium, newPage, screenshot, signInOnPage, visitPage } from './support/browser';
import { PASSWORD, World } from './support/world';

const demo = (name: string) => readFileSync(join(__dirname, '..', 'config/demo', name), 'utf8');

describe('an admin keeps the workforce reference data in a browser', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];

  beforeAll(async () => {
    w = await World.start({ worker: false });
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
    const admin = await w.user('admin');
    await signInOnPage(page, w.api.url, admin.email, PASSWORD);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await w.stop();
  });

  async function checked(name: string) {
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, name);
  }
  const file = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

  it('uploads the practice file (a bad row refused, then a good file), its names and networks, and the counts', async () => {
    await page.getByRole('link', { name: 'Workforce' }).click();
    await page.waitForURL('**/portal/staff/workforce');
    await checked('workforce-home');
    await page.getByRole('link', { name: 'Practices, networks and ICBs' }).click();
    await page.waitForURL('**/portal/staff/workforce/practices');
    await checked('workforce-practices-empty');

    const good = demo('epraccur.csv');
    const lines = good.split('\r\n');
    lines[6] = lines[6].replace(/^"[A-Z]\d{5}"/, '"7X001"');
    await page.locator('#file-epraccur').setInputFiles(file('epraccur.csv', lines.join('\r\n')));
    await page.getByRole('button', { name: 'Upload the practice file' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('line 7: Organisation Code must be like A81001');
    expect(await page.locator('#problems').textContent()).toContain('must be like A81001');
    expect((await w.db.query(`SELECT count(*)::int AS n FROM practice`))[0].n).toBe(0);
    await checked('workforce-practices-refused');

    await page.locator('#file-epraccur').setInputFiles(file('epraccur.csv', good));
    await page.getByRole('button', { name: 'Upload the practice file' }).click();
    await page.waitForURL('**/practices?loaded=epraccur**');
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('30 practices, 30 new');
    await page.locator('#file-icb_names').setInputFiles(file('icb-names.csv', demo('icb-names.csv')));
    await page.getByRole('button', { name: 'Upload the ICB names' }).click();
    await page.waitForURL('**/practices?loaded=icb_names**');
    await page.locator('#file-pcn_members').setInputFiles(file('pcn-members.csv', demo('pcn-members.csv')));
    await page.getByRole('button', { name: 'Upload the PCN membership' }).click();
    await page.waitForURL('**/practices?loaded=pcn_members**');
    const main = await page.locator('main').textContent();
    expect(main).toContain('Devon ICB (example)');
    expect(main).toContain('29 memberships');
    await checked('workforce-practices-loaded');

    await visitPage(page, w.api.url, '/portal/staff/workforce/counts');
    await checked('workforce-counts-empty');
    await page.getByRole('button', { name: 'Upload the counts' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Enter where the figures come from');
    await checked('workforce-counts-errors');
    await page.getByLabel('Source').fill('NHS Digital, General Practice Workforce (example figures)');
    await page.getByLabel('Period').fill('September 2026');
    await page.locator('#file').setInputFiles(file('workforce-counts.csv', demo('workforce-counts.csv')));
    await page.getByRole('button', { name: 'Upload the counts' }).click();
    await page.waitForURL('**/counts?uploaded=1');
    expect(await page.locator('main').textContent()).toContain('905.25');
    await checked('workforce-counts');
  }, 120_000); // axe on ten pages: about 30 s alone, more on a loaded shared machine

  it('sets a role profile (a new version) and targets', async () => {
    await visitPage(page, w.api.url, '/portal/staff/workforce/role-profiles');
    await checked('workforce-role-profiles-empty');
    await page.locator('a[href="/portal/staff/workforce/role-profiles/practice_manager"]').click();
    await page.waitForURL('**/role-profiles/practice_manager');
    await checked('workforce-role-profile');
    await page.getByLabel('Finance').selectOption('4');
    await page.getByLabel('HR and workforce').selectOption('3');
    await page.getByLabel('Note (optional)').fill('Agreed by the programme board');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.waitForURL('**/role-profiles?saved=1');
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Version 1 of the role profiles has been saved');
    expect(await page.locator('main').textContent()).toContain('Agreed by the programme board');
    await checked('workforce-role-profiles');
    const [v] = await w.db.query(`SELECT version, body FROM workforce_plan_version WHERE kind = 'role_profiles'`);
    expect(v).toEqual({ version: 1, body: { practice_manager: { finance: 4, hr_workforce: 3 } } });

    await visitPage(page, w.api.url, '/portal/staff/workforce/targets');
    await page.getByLabel('London', { exact: true }).fill('2.5');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('The target for London must be a whole number');
    await checked('workforce-targets-errors');
    await page.getByLabel('London', { exact: true }).fill('150');
    await page.getByLabel('Devon ICB (example) (Q9K)').fill('12');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.waitForURL('**/targets?saved=1');
    await checked('workforce-targets');
    const [t] = await w.db.query(`SELECT body FROM workforce_plan_version WHERE kind = 'targets'`);
    expect(t.body).toEqual([
      { areaKind: 'region', areaCode: 'london', qualifiedNeeded: 150 },
      { areaKind: 'icb', areaCode: 'Q9K', qualifiedNeeded: 12 },
    ]);
    expect(refusedByCsp).toEqual([]);
  }, 120_000);
});
