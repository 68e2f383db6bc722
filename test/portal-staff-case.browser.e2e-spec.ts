import type { Browser, Page } from 'playwright-core';
import { applicant, draft, openRound, pot, qualification } from './factories/intake.factory';
import { axeViolations, launchChromium, newPage, screenshot, signInOnPage, visitPage } from './support/browser';
import { PASSWORD, World } from './support/world';

/**
 * A reviewer works cases in Chromium, with axe-core on every page and on
 * each form's error state: opens an application, reads its rules and skills,
 * adds a note, holds and releases it, approves it and sees the pot fall by
 * the bursary, bulk-approves five after the preview, and decides an appeal.
 */
describe('the staff case pages in a browser', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];
  let roundId: string;
  let qualificationId: string;
  let adminToken: string;

  async function submitted(round = roundId) {
    const person = await applicant(w);
    const app = await draft(w, person.token, round, qualificationId);
    expect((await w.call('POST', `/applications/${app.id}/submit`, { token: person.token })).body.status).toBe('under_review');
    return { ...app, person };
  }

  const main = async () => ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
  const axe = async () => expect(await axeViolations(page)).toEqual([]);

  beforeAll(async () => {
    w = await World.start({ worker: false });
    adminToken = (await w.signedIn('admin')).token;
    qualificationId = (await qualification(w, { bursaryPence: 50_000 })).id;
    // £10,000: twenty £500 bursaries.
    roundId = (await openRound(w, [qualificationId], { potId: (await pot(w, 1_000_000)).id })).id;
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
    const reviewer = await w.user('reviewer');
    await signInOnPage(page, w.api.url, reviewer.email, PASSWORD);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  it('reads an application, adds a note, holds and releases it, and approves it: the pot falls by the bursary', async () => {
    const app = await submitted();
    await visitPage(page, w.api.url, `/portal/staff/applications/${app.id}`);
    await axe();
    let text = await main();
    expect(text).toContain(`Application ${app.reference}`);
    expect(text).toContain('Each rule of rule set 2026-1');
    expect(text).toContain('Patient services 4: Could teach it');
    expect(text).toContain('Available now £10,000');
    expect(text).toContain('Available after this approval £9,500');
    expect(text).toContain('Approvals the pot can still fund 20');
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, 'staff-case');

    // A note: empty first (the error state), then written.
    await page.getByRole('button', { name: 'Add note' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Enter the note');
    await axe();
    await page.getByLabel('Add a note').fill('Called the practice manager: the role is confirmed.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.waitForURL(/done=note/);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Note added');
    expect(await main()).toContain('Called the practice manager: the role is confirmed.');
    await axe();

    // Hold: no reason first, then a reason; deciding is refused while held.
    await page.getByRole('button', { name: 'Put on hold' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Enter why you are putting it on hold');
    await axe();
    await page.getByLabel('Why are you putting it on hold?').fill('Waiting for the employer to confirm the post.');
    await page.getByRole('button', { name: 'Put on hold' }).click();
    await page.waitForURL(/done=held/);
    expect(await main()).toContain('This application is on hold, so it cannot be decided');
    await axe();
    await page.getByRole('button', { name: 'Release' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Enter why you are releasing it');
    await axe();
    await page.getByLabel('Why are you releasing it?').fill('The employer confirmed.');
    await page.getByRole('button', { name: 'Release' }).click();
    await page.waitForURL(/done=released/);
    text = await main();
    expect(text).toContain('Released from hold');
    expect(text).toContain('The employer confirmed.');

    // The decision: a reason of another decision is refused, then approved.
    await page.getByLabel('Approve').check();
    await page.getByLabel('Reason', { exact: true }).selectOption('insufficient_evidence');
    await page.getByRole('button', { name: 'Record decision' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Select a reason for approving');
    await axe();
    await page.getByLabel('Reason', { exact: true }).selectOption('meets_criteria');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.waitForURL(/done=offered/);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Approved: offered £500');
    await axe();
    const pot = (await w.call('GET', `/admin/applications/${app.id}`, { token: adminToken })).body.money;
    expect(pot).toMatchObject({ availablePence: 950_000 });
    expect(refusedByCsp).toEqual([]);
  }, 90_000);

  it('bulk-approves five after the preview', async () => {
    const apps = [];
    for (let i = 0; i < 5; i++) apps.push(await submitted());
    await visitPage(page, w.api.url, `/portal/staff/decisions/choose?status=under_review&roundId=${roundId}`);
    await axe();
    await page.getByRole('button', { name: 'Preview decisions' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Select at least one application');
    await axe();
    for (const a of apps) await page.getByRole('checkbox', { name: new RegExp(`${a.reference}:`) }).check();
    await page.getByLabel('Approve').check();
    await page.getByLabel('Reason', { exact: true }).selectOption('priority_group');
    await page.getByRole('button', { name: 'Preview decisions' }).click();
    await page.waitForURL('**/portal/staff/decisions');
    const preview = await main();
    expect(preview).toContain('Will be offered 5');
    expect(preview).toContain('£9,500 available now; these decisions reserve £2,500, leaving £7,000.');
    await screenshot(page, 'staff-bulk-preview');
    await axe();
    // Nothing decided yet.
    expect((await w.call('GET', `/admin/applications/${apps[0].id}`, { token: adminToken })).body.status).toBe('under_review');
    await page.getByRole('button', { name: 'Confirm 5 decisions' }).click();
    await page.waitForURL('**/portal/staff/decisions/confirm');
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('5 of 5 applications decided: 5 offered');
    await axe();
  }, 90_000);

  it('decides an appeal beside the decision it is against', async () => {
    const app = await submitted();
    await w.call('POST', `/admin/applications/${app.id}/decision`, { token: adminToken, body: { decision: 'reject', reasonCode: 'insufficient_evidence', note: 'No evidence of the role.' } });
    expect((await w.call('POST', `/applications/${app.id}/appeal`, { token: app.person.token, body: { statement: 'My contract shows the role: please look again.' } })).status).toBeLessThan(300);
    await visitPage(page, w.api.url, '/portal/staff');
    await page.getByRole('link', { name: 'Appeals', exact: true }).click();
    await page.waitForURL('**/portal/staff/appeals');
    await axe();
    await page.getByRole('link', { name: app.reference }).click();
    const text = await main();
    expect(text).toContain('My contract shows the role: please look again.');
    expect(text).toContain('Reason Insufficient evidence');
    await axe();
    await page.getByRole('button', { name: 'Record decision' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Select uphold or dismiss');
    await axe();
    await page.getByLabel('Uphold the appeal').check();
    await page.getByLabel('Note', { exact: true }).fill('The contract shows the role.');
    await screenshot(page, 'staff-appeal');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.waitForURL(/done=appeal-uphold/);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Appeal upheld');
    await axe();
    expect(refusedByCsp).toEqual([]);
  }, 90_000);
});
