/** Issue 15 in Chromium: an admin creates a cohort, places a learner, is refused a capacity below the places taken; axe on every page and error state. */
import type { Browser, Page } from 'playwright-core';
import { openRound, pot, qualification } from './factories/intake.factory';
import { acceptedOffer, cohort } from './factories/training.factory';
import { axeViolations, launchChromium, newPage, screenshot, signInOnPage, visitPage } from './support/browser';
import { PASSWORD, World } from './support/world';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe('the staff catalogue and learners pages in a browser', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];
  let admin: { token: string };
  let providerName: string;
  let waiting: { id: string; reference: string };
  let full: { id: string; name: string };
  let startedEnrolment: string;
  let declinedEnrolment: string;

  beforeAll(async () => {
    w = await World.start({ worker: false });
    admin = await w.signedIn('admin');
    const provider = await w.provider('Northfield College');
    providerName = provider.name;
    const providerUser = await w.signedIn('provider', { providerId: provider.id });
    const q = await qualification(w, { level: 5 });
    const round = await openRound(w, [q.id], { potId: (await pot(w, 10_000_000)).id });
    const place = async (cohortId: string) => {
      const { app } = await acceptedOffer(w, admin.token, round.id, q.id);
      const res = await w.call('POST', `/admin/applications/${app.id}/enrolment`, { token: admin.token, body: { cohortId } });
      return res.body.enrolmentId as string;
    };
    full = await cohort(w, provider.id, q.id, 2);
    startedEnrolment = await place(full.id);
    declinedEnrolment = await place(full.id);
    await w.call('POST', `/provider/enrolments/${startedEnrolment}/start`, { token: providerUser.token, body: { startDate: daysAgo(20) } });
    await w.call('POST', `/provider/enrolments/${startedEnrolment}/progress`, { token: providerUser.token, body: { milestone: 'mid_point', date: daysAgo(5) } });
    await w.call('POST', `/provider/enrolments/${declinedEnrolment}/decline`, { token: providerUser.token, body: { reasonCode: 'duplicate_learner' } });
    await w.call('PATCH', `/admin/cohorts/${full.id}`, { token: admin.token, body: { capacity: 1 } });
    waiting = (await acceptedOffer(w, admin.token, round.id, q.id)).app;
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
    const person = await w.user('admin');
    await signInOnPage(page, w.api.url, person.email, PASSWORD);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  const main = async () => (await page.locator('main').textContent()) ?? '';
  const noViolations = async () => expect(await axeViolations(page)).toEqual([]);

  it('an admin creates a cohort: the form, its errors, then the list with a banner', async () => {
    await page.getByRole('link', { name: 'Cohorts' }).first().click();
    await page.waitForURL('**/portal/staff/cohorts');
    await noViolations();
    await page.getByRole('button', { name: 'Add a cohort' }).click();
    await page.waitForURL('**/portal/staff/cohorts/new');
    await noViolations();
    await page.getByRole('button', { name: 'Add cohort' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Select the training provider');
    await noViolations();
    await page.getByLabel('Training provider').selectOption({ label: providerName });
    await page.getByLabel('Qualification').selectOption({ index: 1 });
    await page.getByLabel('Cohort name (optional)').fill('Leeds, March 2027');
    await page.locator('#startDate-day').fill('1');
    await page.locator('#startDate-month').fill('3');
    await page.locator('#startDate-year').fill('2027');
    await page.getByLabel('Number of places').fill('12');
    await page.getByLabel('Online').check();
    await page.getByRole('button', { name: 'Add cohort' }).click();
    await page.waitForURL(/\/portal\/staff\/cohorts\?created=/);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Cohort Leeds, March 2027 created');
    await screenshot(page, 'staff-cohorts');
    await noViolations();
  });

  it('changing a cohort’s capacity below the places taken is refused on the page; above is accepted', async () => {
    await page.getByRole('link', { name: `Change capacity of ${full.name}` }).click();
    await page.waitForURL(`**/portal/staff/cohorts/${full.id}/capacity`);
    await noViolations();
    await page.getByLabel('Number of places').fill('0');
    await page.getByRole('button', { name: 'Change capacity' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('The number of places must be between 1 and 1000');
    await noViolations();
    // One learner is on it (the other was turned down): 1 is allowed, so ask for less than taken after placing the waiting applicant below.
    await page.getByLabel('Number of places').fill('3');
    await page.getByRole('button', { name: 'Change capacity' }).click();
    await page.waitForURL(/capacity=/);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('is changed');
    await noViolations();
  });

  it('an admin places a learner from the placement page: a missing choice first, then placed', async () => {
    await page.getByRole('link', { name: 'Placement' }).first().click();
    await page.waitForURL('**/portal/staff/placement');
    expect(await main()).toContain(waiting.reference);
    expect(await main()).toContain('Turned down by');
    await noViolations();
    await page.getByRole('link', { name: `Place on a cohort (${waiting.reference})` }).click();
    await page.waitForURL(`**/portal/staff/placement/${waiting.id}`);
    await noViolations();
    await page.getByRole('button', { name: 'Place learner' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Select a cohort');
    await noViolations();
    await page.locator(`input[name="cohortId"][value="${full.id}"]`).check();
    await page.getByRole('button', { name: 'Place learner' }).click();
    await page.waitForURL(/placed=/);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain(`${waiting.reference} is placed on a cohort`);
    await noViolations();

    // Two places are taken now: 1 is refused, naming the number.
    await visitPage(page, w.api.url, `/portal/staff/cohorts/${full.id}/capacity`);
    await page.getByLabel('Number of places').fill('1');
    await page.getByRole('button', { name: 'Change capacity' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('The capacity cannot be less than the 2 places already taken');
    await noViolations();
  });

  it('the cancel confirmation page, refused while a learner has started', async () => {
    await visitPage(page, w.api.url, `/portal/staff/cohorts/${full.id}/cancel`);
    expect(await main()).toContain('1 learner has started on this cohort, so it cannot be cancelled');
    await noViolations();
    await visitPage(page, w.api.url, '/portal/staff/cohorts');
    await page.getByRole('link', { name: 'Cancel Leeds, March 2027' }).click();
    expect(await main()).toContain('Cancelling a cohort cannot be undone');
    await noViolations();
    await page.getByRole('button', { name: 'Cancel cohort' }).click();
    await page.waitForURL(/cancelled=/);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('is cancelled');
    await noViolations();
  });

  it('the learners list and a learner’s page, looked at', async () => {
    await page.getByRole('link', { name: 'Learners' }).first().click();
    await page.waitForURL('**/portal/staff/learners');
    await page.getByLabel('Status').selectOption('started');
    await page.getByRole('button', { name: 'Show learners' }).click();
    await page.waitForURL(/status=started/);
    expect(await main()).toContain('Learners 1 to 1 of 1');
    await page.getByLabel('Status').selectOption('');
    await page.getByRole('button', { name: 'Show learners' }).click();
    await screenshot(page, 'staff-learners');
    await noViolations();
    await visitPage(page, w.api.url, `/portal/staff/learners/${startedEnrolment}`);
    expect(await main()).toContain('Start payment');
    await screenshot(page, 'staff-learner');
    await noViolations();
  });

  it('withdrawing and correcting: each form, its errors and its check page pass axe', async () => {
    await page.getByRole('link', { name: 'Withdraw this learner' }).click();
    await noViolations();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Select why the learner is withdrawing');
    await noViolations();
    await page.getByLabel('Changed job').check();
    const [y, m, d] = daysAgo(0).split('-');
    await page.locator('#date-day').fill(d);
    await page.locator('#date-month').fill(m);
    await page.locator('#date-year').fill(y);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await main()).toContain('Check the withdrawal');
    await noViolations();
    await page.getByRole('button', { name: 'Withdraw learner' }).click();
    await page.waitForURL(/done=withdrawn/);
    await noViolations();

    await visitPage(page, w.api.url, `/portal/staff/learners/${declinedEnrolment}`);
    await page.getByRole('link', { name: /Correct the provider/ }).click();
    await noViolations();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Enter why the provider’s report was a mistake');
    await noViolations();
    await page.getByLabel('Why was the provider\'s report a mistake?').fill('Not a duplicate after all');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await main()).toContain('Check the correction');
    await noViolations();
    expect(refusedByCsp).toEqual([]);
  });
});
