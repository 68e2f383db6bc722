/**
 * The outcome reports in a browser (issue 17): each page with its filter
 * form, chart and tables; a filter that narrows to a region withholds small
 * counts; a bad filter shows the error summary naming it. axe-core on every
 * page; the CSP refuses nothing (the charts carry no inline style).
 */
import type { Browser, Page } from 'playwright-core';
import { outcomeProgramme } from './factories/outcomes.factory';
import { axeViolations, launchChromium, newPage, screenshot, signInOnPage, visitPage } from './support/browser';
import { PASSWORD, World } from './support/world';

describe('staff read the outcome reports in a browser', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];

  beforeAll(async () => {
    w = await World.start({ worker: false });
    w.clock.set(new Date('2027-03-01T12:00:00Z'));
    await outcomeProgramme(w);
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
    const reviewer = await w.user('reviewer');
    await signInOnPage(page, w.api.url, reviewer.email, PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await w.stop();
  });

  async function checked(name: string) {
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, name);
  }

  it('opens each outcome report from the index, filters it and finds its downloads', async () => {
    await visitPage(page, w.api.url, '/portal/staff/reports');
    expect(await page.getByRole('link', { name: 'Funnel: from application to qualification' }).getAttribute('href')).toBe('/portal/staff/reports/funnel');
    await visitPage(page, w.api.url, '/portal/staff/reports/funnel');
    const funnel = page.locator('table').first();
    expect(await funnel.locator('tbody tr').count()).toBe(7);
    expect(await funnel.locator('tbody tr').nth(1).textContent()).toContain('Eligible');
    expect(await funnel.locator('tbody tr').nth(1).textContent()).toContain('10');
    expect(await funnel.locator('tbody tr').nth(1).textContent()).toContain('83.3%');
    expect(await page.locator('#funnel-chart-title').textContent()).toContain('Applications reaching each stage');
    expect(await page.getByRole('link', { name: 'Download as CSV' }).getAttribute('href')).toBe('/portal/staff/reports/funnel/export.csv');
    await checked('reports-funnel');

    await page.getByLabel('Region').selectOption({ value: 'london' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL('**/funnel?**region=london**');
    expect(await page.locator('table tbody tr').first().textContent()).toContain('6');
    expect(await page.locator('table tbody tr').nth(1).textContent()).toContain('fewer than 5');
    expect(await page.getByRole('link', { name: 'Download as an Excel workbook' }).getAttribute('href')).toBe('/portal/staff/reports/funnel/export.xlsx?region=london');
    await checked('reports-funnel-london');

    await visitPage(page, w.api.url, '/portal/staff/reports/funnel?financialYear=2026-28', 400);
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Financial year must be a financial year such as 2026-27');
    await checked('reports-funnel-errors');

    await visitPage(page, w.api.url, '/portal/staff/reports/eligibility-rules');
    expect(await page.locator('table tbody tr').first().textContent()).toContain('years_in_role');
    await checked('reports-eligibility-rules');

    await visitPage(page, w.api.url, '/portal/staff/reports/durations');
    const decision = await page.locator('table tbody tr').first().textContent();
    expect(decision).toContain('Submission to decision');
    expect(decision).toContain('21');
    await checked('reports-durations');

    await visitPage(page, w.api.url, '/portal/staff/reports/providers');
    expect(await page.locator('table').count()).toBe(2);
    expect(await page.locator('table').first().locator('tbody tr').first().textContent()).toContain('Beta Learning');
    await checked('reports-providers');
    expect(refusedByCsp).toEqual([]);
  }, 120_000);
});
