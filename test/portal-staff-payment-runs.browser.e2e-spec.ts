/**
 * Finance pays providers in a browser (issue 16): one finance user builds a
 * payment run and submits it; they are refused its approval on the page (and
 * with 403 on the API); a second finance user approves it; the first records
 * it paid; the provider sees the remittance reference on their statement.
 * axe-core on every page and on each form's error state.
 */
import type { Browser, Page } from 'playwright-core';
import { openRound, pot, qualification } from './factories/intake.factory';
import { startedLearners } from './factories/training.factory';
import { FINANCE, inTransaction } from './factories/budget.factory';
import { PotsService } from '@app/budget';
import { randomUUID } from 'node:crypto';
import { axeViolations, launchChromium, newPage, screenshot, signInOnPage, visitPage } from './support/browser';
import { PASSWORD, World } from './support/world';

const FINANCE_HOME = process.env.FINANCE_LANDS ?? '/portal/staff';

describe('finance builds, approves and pays a payment run in a browser', () => {
  let w: World;
  let browser: Browser;
  let builderPage: Page;
  let approverPage: Page;
  const refusedByCsp: string[] = [];
  let builder: { email: string; token: string };
  let provider: { id: string; name: string };
  let providerUser: { email: string };

  beforeAll(async () => {
    w = await World.start({ worker: false });
    const admin = await w.signedIn('admin');
    const level5 = await qualification(w, { level: 5 });
    const round = await openRound(w, [level5.id], { potId: (await pot(w, 10_000_000)).id });
    provider = await w.provider('Paid Provider');
    providerUser = await w.user('provider', { providerId: provider.id });
    const key = await w.apiKey(provider.id, admin.token);
    const enrolments = await startedLearners(w, { providerId: provider.id, roundId: round.id, qualificationId: level5.id, potId: round.potId!, count: 2, bursaryPence: level5.bursaryPence });
    for (const id of enrolments) await w.call('POST', `/provider/enrolments/${id}/completion`, { token: key, body: { outcome: 'passed', date: w.clock.today() } });
    builder = await w.signedIn('finance');
    const approver = await w.user('finance');
    browser = await launchChromium();
    builderPage = await newPage(browser, refusedByCsp);
    approverPage = await newPage(browser, refusedByCsp);
    await signInOnPage(builderPage, w.api.url, builder.email, PASSWORD, FINANCE_HOME);
    await signInOnPage(approverPage, w.api.url, approver.email, PASSWORD, FINANCE_HOME);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await w.stop();
  });

  async function checked(page: Page, name: string) {
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, name);
  }

  it('builds and submits a run, is refused its approval, a second person approves it, it is recorded paid, and the provider sees the reference', async () => {
    const page = builderPage;
    await visitPage(page, w.api.url, '/portal/staff/finance/payment-runs');
    await checked(page, 'payment-runs');
    await page.getByRole('button', { name: 'Build a payment run' }).click();
    await page.waitForURL('**/payment-runs/new');
    await checked(page, 'payment-run-new');

    // A month with nothing due: the error summary says so.
    await page.getByLabel('Provider').selectOption({ label: provider.name });
    // A month the list does not offer (nothing fell due then), as a stale form would send.
    await page.evaluate(`(() => { const month = document.querySelector('#month'); month.add(new Option('January 2001', '2001-01')); month.value = '2001-01'; })()`);
    await page.getByRole('button', { name: 'Build the run' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('No payments are due');
    await checked(page, 'payment-run-new-errors');

    await page.getByLabel('Provider').selectOption({ label: provider.name });
    await page.getByLabel('Month the payments fell due').selectOption({ index: 0 });
    await page.getByRole('button', { name: 'Build the run' }).click();
    await page.waitForURL('**/payment-runs/*?built=1');
    const runUrl = page.url().replace(/\?.*$/, '');
    const runId = runUrl.split('/').pop()!;
    expect(await page.locator('h1').textContent()).toMatch(/PR-\d+: £500/);
    expect(await page.locator('table').nth(1).locator('tbody tr').count()).toBe(2);
    await checked(page, 'payment-run-draft');

    await page.getByRole('button', { name: 'Submit for approval' }).click();
    await page.waitForURL('**?submitted=1');
    expect(await page.locator('#actions').textContent()).toContain('another finance user must approve it');
    expect(await page.getByRole('link', { name: 'Approve this payment run' }).count()).toBe(0);
    await checked(page, 'payment-run-submitted');

    // The builder is refused on the page and by the API.
    await visitPage(page, w.api.url, `/portal/staff/finance/payment-runs/${runId}/approve`, 403);
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('another finance user must approve it');
    expect(await page.getByRole('button', { name: 'Yes, approve the payment run' }).count()).toBe(0);
    await checked(page, 'payment-run-approve-refused');
    const api = await w.call('POST', `/admin/budget/payment-runs/${runId}/approve`, { token: builder.token });
    expect(api.status).toBe(403);

    // The second finance user approves it, after a confirmation.
    await visitPage(approverPage, w.api.url, `/portal/staff/finance/payment-runs/${runId}`);
    await approverPage.getByRole('button', { name: 'Approve this payment run' }).click();
    await approverPage.waitForURL('**/approve');
    await checked(approverPage, 'payment-run-approve');
    await approverPage.getByRole('button', { name: 'Yes, approve the payment run' }).click();
    await approverPage.waitForURL('**?approved=1');
    await checked(approverPage, 'payment-run-approved');

    // The builder records it paid: the errors first, then the check page.
    await visitPage(page, w.api.url, `/portal/staff/finance/payment-runs/${runId}`);
    await page.getByRole('button', { name: 'Record as paid' }).click();
    await page.waitForURL('**/paid');
    await checked(page, 'payment-run-paid-form');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    const errors = await page.locator('.nhsuk-error-summary').textContent();
    expect(errors).toContain('Enter the date the money was sent');
    expect(errors).toContain('Enter the remittance reference');
    await checked(page, 'payment-run-paid-errors');
    const [year, month, day] = w.clock.today().split('-');
    await page.getByLabel('Day').fill(String(Number(day)));
    await page.getByLabel('Month').fill(String(Number(month)));
    await page.getByLabel('Year').fill(year);
    await page.getByLabel('Remittance reference').fill('BACS-2027-0042');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('h1:has-text("Check before recording")');
    await checked(page, 'payment-run-paid-check');
    await page.getByRole('button', { name: 'Record as paid' }).click();
    await page.waitForURL('**?paid=1');
    expect(await page.locator('main').textContent()).toContain('BACS-2027-0042');
    await checked(page, 'payment-run-paid');

    const csv = await page.request.get(`${w.api.url}/portal/staff/finance/payment-runs/${runId}/remittance.csv?providerId=${provider.id}`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('BACS-2027-0042');

    // The provider's statement shows each line paid, with the reference.
    const providerPage = await newPage(browser, refusedByCsp);
    await signInOnPage(providerPage, w.api.url, providerUser.email, PASSWORD, '/portal/provider/learners');
    await visitPage(providerPage, w.api.url, '/portal/provider/statements');
    const statement = await providerPage.locator('main').textContent();
    expect(statement).toContain('BACS-2027-0042');
    expect(statement).toContain('Paid on');
    await checked(providerPage, 'provider-statement-paid');
    expect(refusedByCsp).toEqual([]);
  });

  it('finance home, forecast, a year end previewed then confirmed, and a clean reconciliation afterwards', async () => {
    const page = builderPage;
    // A year to end: its pot holds one offer's reservation; next year's pot receives it.
    const pots = w.api.app.get(PotsService);
    const oldPot = await pots.create({ name: 'Bursaries 2031-32', financialYear: '2031-32', amountPence: 100_000 }, FINANCE);
    const nextPot = await pots.create({ name: 'Bursaries 2032-33', financialYear: '2032-33', amountPence: 0 }, FINANCE);
    await inTransaction(w, (m, b) => b.reserve(m, { potId: oldPot.id, applicationId: randomUUID(), amountPence: 50_000, actor: FINANCE }));

    await page.getByRole('link', { name: 'Finance', exact: true }).first().click();
    await page.waitForURL('**/portal/staff/finance');
    expect(await page.locator('main').textContent()).toContain('Reconciled');
    await checked(page, 'finance-home');

    await page.getByRole('link', { name: 'Forecast', exact: true }).click();
    await page.waitForURL('**/finance/forecast');
    expect(await page.locator('main').textContent()).toContain('The assumptions');
    await checked(page, 'finance-forecast');

    await visitPage(page, w.api.url, '/portal/staff/finance');
    await page.getByRole('link', { name: 'Financial year end' }).click();
    await page.waitForURL('**/finance/year-end');
    await checked(page, 'finance-year-end');
    await page.getByRole('button', { name: 'Preview the year end' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Choose the financial year that has ended');
    await checked(page, 'finance-year-end-errors');

    await page.getByLabel('Which financial year has ended?').selectOption('2031-32');
    await page.locator('#reservations').check();
    await page.locator('#commitments').check();
    await page.locator('#unspent').check();
    await page.getByLabel("Next year's pot to carry money into").selectOption(nextPot.id);
    await page.getByLabel('Reason').fill('Programme board, April 2032');
    await page.getByRole('button', { name: 'Preview the year end' }).click();
    await page.waitForSelector('h1:has-text("Check the year end for 2031-32")');
    const preview = await page.locator('main').textContent();
    expect(preview).toContain('Nothing has moved yet');
    expect(preview).toMatch(/£500(?![.,]?\d)/);
    expect((await pots.get(oldPot.id)).closedAt).toBeNull();
    await checked(page, 'finance-year-end-preview');

    await page.getByRole('button', { name: 'Yes, run the year end' }).click();
    await page.waitForSelector('h1:has-text("year end is done")');
    await checked(page, 'finance-year-end-done');
    expect((await pots.get(oldPot.id)).closedAt).not.toBeNull();
    expect(await pots.get(nextPot.id)).toMatchObject({ reservedPence: 50_000, availablePence: 50_000 });

    await page.getByRole('link', { name: 'check the reconciliation' }).click();
    await page.waitForURL('**/finance/reconciliation');
    expect(await page.locator('main').textContent()).toContain('Everything agrees');
    await checked(page, 'finance-reconciliation');
  });
});
