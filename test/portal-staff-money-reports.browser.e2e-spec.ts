/**
 * The money reports in a browser: the reports index, qualified practice
 * managers with the forecast's assumptions, cost per qualification filtered
 * to one provider, budget use over time, and a bad filter's error summary.
 * axe-core on every page; the CSP refuses nothing (the charts carry no inline style).
 */
import type { Browser, Page } from 'playwright-core';
import { pot } from './factories/intake.factory';
import { seedUpTo, simulateProgramme, type SimRound } from './factories/simulated-year';
import { axeViolations, launchChromium, newPage, screenshot, signInOnPage, visitPage } from './support/browser';
import { PASSWORD, World } from './support/world';

describe('the money reports in a browser', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];
  const MID = Date.parse('2026-10-01T00:00:00Z');
  const rounds: SimRound[] = [
    { name: 'Spring 2025', opensAt: '2025-04-01T00:00:00Z', closesAt: '2025-06-30T00:00:00Z' },
    { name: 'Autumn 2025', opensAt: '2025-10-01T00:00:00Z', closesAt: '2025-12-31T00:00:00Z' },
    { name: 'Spring 2026', opensAt: '2026-04-01T00:00:00Z', closesAt: '2026-06-30T00:00:00Z' },
  ];

  beforeAll(async () => {
    w = await World.start({ worker: false });
    w.clock.set(new Date(MID));
    await pot(w, 20_000_000);
    await seedUpTo(w, simulateProgramme({ seed: 7, rounds, perRound: 120, longShare: 0.4 }), rounds, MID);
    // Each pass so far paid in full to the provider in a payment run recorded paid.
    await w.db.query(
      `WITH passed AS (SELECT id, provider_id, completed_on FROM enrolment WHERE status = 'completed' AND outcome = 'passed'),
            report AS (INSERT INTO enrolment_report (enrolment_id, type, outcome, on_date) SELECT id, 'completion', 'passed', completed_on FROM passed RETURNING id, enrolment_id)
       INSERT INTO payment_due (enrolment_id, provider_id, report_id, kind, amount_pence, due_on, paid_at)
       SELECT p.id, p.provider_id, r.id, 'completion', 52_500, p.completed_on, p.completed_on + interval '10 days' FROM passed p JOIN report r ON r.enrolment_id = p.id`.replace('52_500', '52500'),
    );
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
    const finance = await w.user('finance');
    await signInOnPage(page, w.api.url, finance.email, PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await w.stop();
  });

  async function checked(name: string) {
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, name);
  }

  it('reads qualified practice managers, cost per qualification and budget use, with charts and their tables', async () => {
    await visitPage(page, w.api.url, '/portal/staff/reports');
    await page.getByRole('link', { name: 'Qualified practice managers' }).click();
    await page.waitForURL('**/reports/qualified');
    expect(await page.locator('main svg[role="img"] title').textContent()).toContain('against the target of 1000');
    const main = (await page.locator('main').textContent())!;
    expect(main).toContain('What the forecast assumes');
    expect(main).toContain('started -> qualified');
    expect(await page.locator('table tbody tr').count()).toBe(12);
    await checked('report-qualified');

    await visitPage(page, w.api.url, '/portal/staff/reports/cost-per-qualification');
    expect(await page.locator('main').textContent()).toMatch(/£525(?![.,]?\d)/);
    await page.getByLabel('Training provider').selectOption({ label: 'Simulated College' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL('**providerId=**');
    expect(await page.locator('a:has-text("Download as CSV")').getAttribute('href')).toContain('/portal/staff/reports/cost-per-qualification/export.csv?providerId=');
    await checked('report-cost-per-qualification');

    await visitPage(page, w.api.url, '/portal/staff/reports/budget-use');
    expect(await page.locator('main svg[role="img"]').count()).toBe(1);
    expect(await page.locator('main').textContent()).toMatch(/£200,000(?![.,]?\d)/);
    await checked('report-budget-use');

    await visitPage(page, w.api.url, '/portal/staff/reports/budget-use?financialYear=2026-28', 400);
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Financial year must be a financial year such as 2026-27');
    await checked('report-budget-use-errors');
    expect(refusedByCsp).toEqual([]);
  }, 120_000);
});
