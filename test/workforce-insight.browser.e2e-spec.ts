/**
 * Issue 17's walk, in one admin's browser session: uploads the practice file
 * (one bad row refused, then a good file) and its ICB names, sets a role
 * profile, opens the skills gap heatmap for one ICB, previews gap weighting
 * and switches it on, sees the queue's new order, and downloads the funnel
 * as an Excel workbook. axe-core on every page; the CSP refuses nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchChromium, newPage, screenshot, signInOnPage, visitPage } from './support/browser';
import { gapPriorityWorld } from './support/gap-priority-fixture';
import { PASSWORD, World } from './support/world';

const demo = (name: string) => readFileSync(join(__dirname, '..', 'config/demo', name), 'utf8');
const file = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

describe('workforce insight in a browser: practices, a role profile, the gap, gap weighting, an export', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  let seed: Awaited<ReturnType<typeof gapPriorityWorld>>;
  const refusedByCsp: string[] = [];

  beforeAll(async () => {
    w = await World.start({ worker: false });
    seed = await gapPriorityWorld(w);
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
    page.setDefaultTimeout(15_000);
    const admin = await w.user('admin');
    await signInOnPage(page, w.api.url, admin.email, PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await w.stop();
  });

  async function checked(name: string) {
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, name);
  }
  /** The seeded applications' references in the order the page shows them. */
  async function order(): Promise<string[]> {
    const text = (await page.locator('main').textContent()) ?? '';
    return Object.values(seed.apps)
      .map((a) => ({ ref: a.reference, at: text.indexOf(a.reference) }))
      .filter((a) => a.at >= 0)
      .sort((a, b) => a.at - b.at)
      .map((a) => a.ref);
  }

  it('uploads the practice file: a bad row refused and nothing loaded, then the good file', async () => {
    await visitPage(page, w.api.url, '/portal/staff/workforce/practices');
    const before = (await w.db.query(`SELECT count(*)::int AS n FROM practice`))[0].n;
    const good = demo('epraccur.csv');
    const lines = good.split('\r\n');
    lines[6] = lines[6].replace(/^"[A-Z]\d{5}"/, '"7X001"');
    await page.locator('#file-epraccur').setInputFiles(file('epraccur.csv', lines.join('\r\n')));
    await page.getByRole('button', { name: 'Upload the practice file' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('line 7: Organisation Code must be like A81001');
    expect((await w.db.query(`SELECT count(*)::int AS n FROM practice`))[0].n).toBe(before);
    await checked('insight-practices-refused');

    await page.locator('#file-epraccur').setInputFiles(file('epraccur.csv', good));
    await page.getByRole('button', { name: 'Upload the practice file' }).click();
    await page.waitForURL('**/practices?loaded=epraccur**');
    await page.locator('#file-icb_names').setInputFiles(file('icb-names.csv', demo('icb-names.csv')));
    await page.getByRole('button', { name: 'Upload the ICB names' }).click();
    await page.waitForURL('**/practices?loaded=icb_names**');
    // The seeded applicant's practice B82005 is in the demo file: now in North Yorkshire ICB (example), Q9B.
    const [b82005] = await w.db.query(`SELECT icb_code, icb_name, region FROM practice WHERE ods_code = 'B82005'`);
    expect(b82005).toEqual({ icb_code: 'Q9B', icb_name: 'North Yorkshire ICB (example)', region: 'north_east_and_yorkshire' });
    await checked('insight-practices-loaded');
  }, 120_000);

  it('sets a role profile as a new version', async () => {
    const [{ v }] = await w.db.query(`SELECT max(version)::int AS v FROM workforce_plan_version WHERE kind = 'role_profiles'`);
    await visitPage(page, w.api.url, '/portal/staff/workforce/role-profiles/assistant_practice_manager');
    await page.getByLabel('Finance').selectOption('4');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.waitForURL('**/role-profiles?saved=*');
    await checked('insight-role-profiles');
    const [latest] = await w.db.query(`SELECT version, body FROM workforce_plan_version WHERE kind = 'role_profiles' ORDER BY version DESC LIMIT 1`);
    expect(latest.version).toBe(v + 1);
    expect(latest.body.assistant_practice_manager.finance).toBe(4);
    // The other role's levels are kept.
    expect(latest.body.practice_manager).toEqual({ finance: 4, leadership_change: 4 });
  }, 60_000);

  it('opens the skills gap heatmap for one ICB', async () => {
    await visitPage(page, w.api.url, '/portal/staff/reports/skills-gap');
    await page.getByLabel('Audit year').selectOption(seed.year);
    await page.getByLabel('Integrated care board').selectOption({ label: 'North Yorkshire ICB (example)' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL('**/skills-gap?*icb=Q9B*');
    expect(await page.locator('main svg[role="img"]').count()).toBe(1);
    const table = (await page.locator('main table').last().textContent())?.replace(/\s+/g, ' ') ?? '';
    // Finance for assistant practice managers there: required 4 now (the profile just saved).
    expect(table).toMatch(/Assistant practice manager Competency Finance People 5 Average level \(1 to 4\) [\d.]+ Share at 1 or 2 [\d.]+% Required level 4 Gap \+[\d.]+/);
    await checked('insight-gap-one-icb');
  }, 60_000);

  it('previews gap weighting, switches it on and sees the queue in the previewed order', async () => {
    await visitPage(page, w.api.url, '/portal/staff/applications');
    const before = await order();
    expect(before).toHaveLength(4);

    await visitPage(page, w.api.url, '/portal/staff/workforce/gap-weighting');
    await page.getByLabel('Most points the gap can add').fill('30');
    await page.getByLabel(/Integrated care board/).check();
    await page.getByRole('button', { name: 'Preview the queue' }).click();
    await page.waitForSelector('h1:has-text("How the queue would change")');
    const previewed = await order();
    expect(previewed).not.toEqual(before);
    // The Yorkshire applicant works where the finance gap is widest: first after weighting.
    expect(previewed[0]).toBe(seed.apps.yorkshire.reference);
    await checked('insight-gap-weighting-preview');

    await page.getByRole('button', { name: 'Switch on gap weighting with these settings' }).click();
    await page.waitForSelector('h1:has-text("Switch on gap weighting")');
    await page.getByRole('button', { name: 'Switch on gap weighting' }).click();
    await page.waitForURL('**/gap-weighting?on=1');
    await visitPage(page, w.api.url, '/portal/staff/applications');
    expect(await order()).toEqual(previewed);
    await checked('insight-queue-reordered');
  }, 120_000);

  it('downloads the funnel as an Excel workbook', async () => {
    await visitPage(page, w.api.url, '/portal/staff/reports/funnel');
    await checked('insight-funnel');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as an Excel workbook' }).click()]);
    const path = await download.path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Data', 'About these columns']);
    const data = workbook.getWorksheet('Data')!;
    const rows = data.getSheetValues().filter(Boolean) as unknown[][];
    const applied = rows.find((r) => r.some((c) => typeof c === 'string' && /^Applied/.test(c)));
    // Four applications were submitted in the seeded queue.
    expect(applied).toBeDefined();
    expect(applied).toContain(4);
    expect(refusedByCsp).toEqual([]);
  }, 60_000);
});
