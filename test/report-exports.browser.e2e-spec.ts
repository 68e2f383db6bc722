/**
 * Report exports in a browser (issue 17): a large Excel export is queued and
 * its page says it is being prepared, "Check again" shows it ready with its
 * download, and the list of exports shows it. axe-core on every page; the
 * CSP refuses nothing. The export is built by the service here (no worker),
 * so the "being prepared" page is seen for certain; the worker building it
 * is tested in report-exports.e2e-spec.ts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ReportExportsService } from '@app/reports';
import { axeViolations, launchChromium, newPage, screenshot, signInOnPage, visitPage } from './support/browser';
import { TestReportsModule } from './support/test-reports';
import { PASSWORD, World } from './support/world';

describe('a large export in a browser', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];

  beforeAll(async () => {
    w = await World.start({ worker: false, imports: [TestReportsModule], config: () => ({ exports: { dir: mkdtempSync(join(tmpdir(), 'pmdp-export-browser-')), streamMaxRows: 1_000, keepHours: 24 } }) });
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

  it('is prepared, then ready to download, and listed', async () => {
    await page.goto(`${w.api.url}/portal/staff/reports/test-big/export.xlsx`);
    await page.waitForURL(/\/portal\/staff\/reports\/exports\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    expect(await page.locator('h1').textContent()).toBe('Your export is being prepared');
    await checked('report-export-preparing');

    await page.getByRole('link', { name: 'Check again' }).click();
    expect(await page.locator('h1').textContent()).toBe('Your export is being prepared');
    await w.api.app.get(ReportExportsService).build(id);
    await page.getByRole('link', { name: 'Check again' }).click();
    await page.waitForSelector('h1:has-text("Your export is ready")');
    expect(await page.getByRole('link', { name: 'Download Test big (Excel workbook, 100,000 rows)' }).getAttribute('href')).toBe(`/portal/staff/reports/exports/${id}/download`);
    await checked('report-export-ready');

    await page.getByRole('link', { name: 'Your exports' }).click();
    await page.waitForURL('**/portal/staff/reports/exports');
    expect(await page.locator('table').textContent()).toContain('Test big');
    await checked('report-exports-list');

    await visitPage(page, w.api.url, '/portal/staff/reports/test-areas/export.csv?region=atlantis', 422);
    expect(await page.locator('main').textContent()).toContain('region must be one of');
    await checked('report-export-bad-filter');
    expect(refusedByCsp).toEqual([]);
  }, 120_000);
});
