/**
 * The skills gap and coverage in a browser (issue 17): a reviewer opens the
 * reports, the skills gap heatmap for one ICB (its competencies by role),
 * every ICB, and coverage; a bad filter is named in the error summary.
 * axe-core on every page; the CSP refuses nothing (the heatmap is SVG with
 * no inline style). Figures: test/workforce-gap.e2e-spec.ts works them out.
 */
import type { Browser, Page } from 'playwright-core';
import { seedGapData } from './factories/skills-gap.factory';
import { axeViolations, launchChromium, newPage, screenshot, signInOnPage, visitPage } from './support/browser';
import { PASSWORD, World } from './support/world';

/** A table cell as the page's script sees it (the project compiles without the DOM library). */
interface Cell {
  lastChild: { textContent: string | null } | null;
  textContent: string | null;
}

describe('the skills gap and coverage pages in a browser', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];

  beforeAll(async () => {
    w = await World.start({ worker: false });
    w.clock.set(new Date('2026-12-01T12:00:00Z'));
    await seedGapData(w);
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
    const reviewer = await w.user('reviewer');
    await signInOnPage(page, w.api.url, reviewer.email, PASSWORD);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await w.stop();
  });

  async function checked(name: string) {
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, name);
  }

  /** The table's rows as arrays of cell texts (the responsive table repeats each heading in its cells). */
  async function tableRows(): Promise<string[][]> {
    return page.$$eval('table tbody tr', (trs) =>
      trs.map((tr) =>
        Array.from((tr as unknown as { querySelectorAll(s: string): ArrayLike<Cell> }).querySelectorAll('td, th')).map((td) => (td.lastChild?.textContent ?? td.textContent ?? '').trim()),
      ),
    );
  }

  it('opens the heatmap for one ICB from the reports', async () => {
    await visitPage(page, w.api.url, '/portal/staff/reports');
    await page.getByRole('link', { name: 'Skills gap' }).click();
    await page.waitForURL('**/portal/staff/reports/skills-gap');
    expect(await page.locator('main svg[role="img"]').count()).toBeGreaterThan(0);
    await checked('reports-skills-gap-regions');

    await page.getByLabel('Audit year').selectOption('2026-27');
    await page.getByLabel('Integrated care board').selectOption({ label: 'Tees Valley ICB (test)' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL('**/skills-gap?*icb=QE1*');
    await page.waitForSelector('h2:has-text("Tees Valley ICB (test): competencies by role")');
    const svg = page.locator('main svg[role="img"]');
    expect(await svg.count()).toBe(1);
    expect(await page.locator('main svg[role="img"] > title').textContent()).toContain('Tees Valley ICB (test): the skills gap by competency and role');
    // The grid (8 competencies x 2 roles with cells) and the 3 cells.
    expect(await svg.locator('rect').count()).toBe(16 + 3);
    expect(await tableRows()).toEqual([
      ['Assistant practice manager', 'Finance', 'fewer than 5', 'not shown', 'not shown', 'none set', 'not shown', 'not shown'],
      ['Practice manager', 'Finance', '5', '2.40', '60%', '3', '+0.60', '+0.40'],
      ['Practice manager', 'HR and workforce', 'fewer than 5', 'not shown', 'not shown', '3', 'not shown', 'not shown'],
    ]);
    const exportCsv = await page.getByRole('link', { name: 'Download as CSV' }).getAttribute('href');
    expect(exportCsv).toBe('/portal/staff/reports/skills-gap/export.csv?financialYear=2026-27&areaKind=icb&icb=QE1');
    await checked('reports-skills-gap-one-icb');
  });

  it('shows every ICB, one heatmap per role', async () => {
    await visitPage(page, w.api.url, '/portal/staff/reports/skills-gap?areaKind=icb&financialYear=2026-27');
    expect(await page.locator('main h2').allTextContents()).toEqual(expect.arrayContaining(['Assistant practice manager', 'Practice manager']));
    expect(await page.locator('main svg[role="img"]').count()).toBe(2);
    const rows = await tableRows();
    expect(rows.map((r) => r.slice(0, 4))).toEqual([
      ['East London ICB (test)', 'Practice manager', 'Finance', 'fewer than 5'],
      ['Tees Valley ICB (test)', 'Assistant practice manager', 'Finance', 'fewer than 5'],
      ['Tees Valley ICB (test)', 'Practice manager', 'Finance', '5'],
      ['Tees Valley ICB (test)', 'Practice manager', 'HR and workforce', 'fewer than 5'],
    ]);
    await checked('reports-skills-gap-icbs');
  });

  it('coverage: known against the official count, beside the gap', async () => {
    await visitPage(page, w.api.url, '/portal/staff/reports/coverage?areaKind=icb&financialYear=2026-27');
    expect(await tableRows()).toEqual([
      ['East London ICB (test)', 'fewer than 5', '8', 'not shown', 'no figures'],
      ['Tees Valley ICB (test)', '6', '20', '30%', '+0.60'],
    ]);
    expect(await page.locator('main').textContent()).toContain('GPW test, March 2026 (uploaded 1 July 2026');
    await checked('reports-coverage-icbs');
    await visitPage(page, w.api.url, '/portal/staff/reports/coverage?financialYear=2026-27');
    expect(await tableRows()).toEqual([
      ['London', '5', '50', '10%', '+0.80'],
      ['Midlands', '0', '10', '0%', 'no figures'],
      ['North East and Yorkshire', '6', '40', '15%', '+0.60'],
    ]);
    await checked('reports-coverage-regions');
  });

  it('names a bad filter in the error summary', async () => {
    await visitPage(page, w.api.url, '/portal/staff/reports/skills-gap?financialYear=2026-28&region=london&areaKind=icb', 400);
    const summary = await page.locator('.nhsuk-error-summary').textContent();
    expect(summary).toContain('Audit year must be a financial year such as 2026-27');
    expect(summary).toContain('cannot be chosen when the areas are integrated care boards');
    await checked('reports-skills-gap-errors');
    expect(refusedByCsp).toEqual([]);
  });
});
