/**
 * An admin in a browser (issue 15): uploads a draft rule set with an error
 * (shown by rule), fixes it, runs the what-if, publishes it and opens a round
 * with it; and the qualification pages. axe-core on every page and on each
 * form's error state.
 */
import type { Browser, Page } from 'playwright-core';
import { applicant, draft, openRound, pot, qualification } from './factories/intake.factory';
import { draftRules } from './factories/rule-set.factory';
import { axeViolations, launchChromium, newPage, screenshot, signInOnPage, visitPage } from './support/browser';
import { PASSWORD, World } from './support/world';

const DAY = 86_400_000;

describe('an admin runs rounds and rule sets in a browser', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];
  let qualificationTitle: string;
  let potId: string;
  let whatIfRoundName: string;

  beforeAll(async () => {
    w = await World.start({ worker: false });
    const q = await qualification(w, { level: 5 });
    qualificationTitle = q.title;
    potId = (await pot(w)).id;
    const round = await openRound(w, [q.id], { potId });
    whatIfRoundName = round.name;
    const seventeen = new Date(w.clock.now().getTime() - 17.5 * 365.25 * DAY).toISOString().slice(0, 10);
    for (const profile of [{ dateOfBirth: seventeen }, {}]) {
      const person = await applicant(w, profile);
      const app = await draft(w, person.token, round.id, q.id);
      await w.call('POST', `/applications/${app.id}/submit`, { token: person.token });
    }
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

  it('uploads a draft with an error, fixes it, runs the what-if, publishes it and opens a round with it', async () => {
    await page.getByRole('link', { name: 'Rule sets' }).click();
    await page.waitForURL('**/portal/staff/rule-sets');
    await checked('rule-sets');

    await page.getByRole('button', { name: 'Upload a draft rule set' }).click();
    await page.waitForURL('**/portal/staff/rule-sets/upload');
    await checked('rule-set-upload');
    await page.getByLabel("The rule set's YAML").fill(draftRules('2027-1', { broken: true }));
    await page.getByRole('button', { name: 'Check and save the draft' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    const summary = await page.locator('.nhsuk-error-summary').textContent();
    expect(summary).toContain('Rule aged_18_or_over: expression is not valid: Unknown variable: hasPassport');
    expect(await page.locator('#problems').textContent()).toContain('aged_18_or_over');
    await checked('rule-set-upload-errors');

    await page.getByLabel("The rule set's YAML").fill(draftRules('2027-1'));
    await page.getByRole('button', { name: 'Check and save the draft' }).click();
    await page.waitForURL('**/portal/staff/rule-sets/2027-1?uploaded=1');
    await checked('rule-set-draft');

    await page.getByLabel('Funding round').selectOption({ label: `${whatIfRoundName} (rule set 2026-1)` });
    await page.getByRole('button', { name: 'Show what would change' }).click();
    await page.waitForURL(/roundId=/);
    const report = (await page.locator('main').textContent())!.replace(/\s+/g, ' ');
    expect(report).toContain('Applications compared 2');
    expect(report).toContain('Would change outcome 1');
    expect(report).toContain('aged_18_or_over You must be aged 18 or over. 1');
    await checked('rule-set-what-if');

    await page.getByRole('link', { name: 'Delete the draft' }).click();
    await page.waitForURL('**/2027-1/delete');
    await checked('rule-set-delete');
    await page.getByRole('link', { name: 'No, keep it' }).click();

    await page.getByRole('button', { name: 'Publish this rule set' }).click();
    await page.waitForURL('**/2027-1/publish');
    expect(await page.locator('main').textContent()).toContain('This cannot be undone');
    await checked('rule-set-publish');
    await page.getByRole('button', { name: 'Yes, publish rule set 2027-1' }).click();
    await page.waitForURL('**/portal/staff/rule-sets/2027-1?published=1');
    await checked('rule-set-published');

    // A round with the new rules, opening today.
    await page.getByRole('link', { name: 'Rounds', exact: true }).click();
    await page.waitForURL('**/portal/staff/rounds');
    await checked('rounds');
    await page.getByRole('button', { name: 'Create a round' }).click();
    await page.waitForURL('**/portal/staff/rounds/new');
    await checked('round-new');
    await page.getByRole('button', { name: 'Create round' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await checked('round-new-errors');

    const [day, month, year] = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' }).format(w.clock.now()).split('/');
    const closes = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' }).format(new Date(w.clock.now().getTime() + 30 * DAY)).split('/');
    await page.getByLabel('Name of the round').fill('Winter bursaries');
    await page.locator('#opensAt-day').fill(day);
    await page.locator('#opensAt-month').fill(month);
    await page.locator('#opensAt-year').fill(year);
    await page.locator('#closesAt-day').fill(closes[0]);
    await page.locator('#closesAt-month').fill(closes[1]);
    await page.locator('#closesAt-year').fill(closes[2]);
    await page.getByLabel('Budget pot').selectOption(potId);
    await page.getByLabel(qualificationTitle).check();
    await page.getByLabel('Eligibility rule set').selectOption('2027-1');
    await page.getByRole('button', { name: 'Create round' }).click();
    await page.waitForURL('**/portal/staff/rounds?created=1');
    const row = (await page.locator('tr', { hasText: 'Winter bursaries' }).textContent())!.replace(/\s+/g, ' ');
    expect(row).toContain('2027-1');
    expect(row).toContain('Open');
    await checked('rounds-created');

    await page.getByRole('link', { name: 'Winter bursaries' }).click();
    await page.waitForURL(/\/portal\/staff\/rounds\/[0-9a-f-]{36}$/);
    await checked('round');
    await page.getByRole('button', { name: 'Close the round early' }).click();
    await page.waitForURL(/\/close$/);
    await checked('round-close');
    expect(refusedByCsp).toEqual([]);
  }, 120_000);

  it('changes an upcoming round, with its error state', async () => {
    const q = await qualification(w, { level: 4 });
    const upcoming = await openRound(w, [q.id], { potId, opensAt: new Date(w.clock.now().getTime() + 5 * DAY), closesAt: new Date(w.clock.now().getTime() + 20 * DAY) });
    await visitPage(page, w.api.url, `/portal/staff/rounds/${upcoming.id}`);
    await page.getByRole('button', { name: 'Change the round' }).click();
    await page.waitForURL(/\/edit$/);
    await checked('round-edit');
    await page.locator('#closesAt-year').fill('2001');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('The round must close after it opens');
    await checked('round-edit-errors');
  });

  it('adds, changes and retires a qualification', async () => {
    await page.getByRole('link', { name: 'Qualifications' }).click();
    await page.waitForURL('**/portal/staff/qualifications');
    await checked('qualifications');
    await page.getByRole('button', { name: 'Add a qualification' }).click();
    await checked('qualification-new');
    await page.getByLabel('Title').fill('Level 7 Diploma in Strategic Management (example)');
    await page.getByLabel('Awarding body').fill('Example Awards');
    await page.getByLabel('Level', { exact: true }).selectOption('7');
    await page.getByLabel('Bursary').fill('1500');
    await page.getByLabel('How long the course lasts').fill('18');
    await page.getByLabel('Paid when the learner starts').fill('30');
    await page.getByLabel('Also paid at a progress milestone (optional)').selectOption('mid_point');
    await page.getByLabel('Paid at that milestone').fill('20');
    await page.getByLabel('Paid when the learner passes').fill('30');
    await page.getByRole('button', { name: 'Add qualification' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('The payments must add up to 100%: these add up to 80%');
    await checked('qualification-new-errors');
    await page.getByLabel('Paid when the learner passes').fill('50');
    await page.getByRole('button', { name: 'Add qualification' }).click();
    await page.waitForURL('**/portal/staff/qualifications?created=1');
    expect(await page.locator('main').textContent()).toContain('£1,500');
    expect(await page.locator('main').textContent()).toContain('30% on start, 20% at the mid-point, 50% on a pass');

    await page.getByRole('link', { name: 'Change Level 7 Diploma in Strategic Management (example)' }).click();
    await page.waitForURL(/\/edit$/);
    await checked('qualification-edit');
    await visitPage(page, w.api.url, '/portal/staff/qualifications');
    await page.getByRole('link', { name: 'Retire Level 7 Diploma in Strategic Management (example)' }).click();
    await page.waitForURL(/\/retire$/);
    await checked('qualification-retire');
    await page.getByRole('button', { name: 'Yes, retire it' }).click();
    await page.waitForURL('**/portal/staff/qualifications?retired=1');
    await checked('qualifications-retired');
    expect(refusedByCsp).toEqual([]);
  });
});
