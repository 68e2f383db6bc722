import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchChromium, newPage, screenshot, signInOnPage, visitPage } from './support/browser';
import { dateFields, providerProgramme } from './support/portal-fixtures';
import { PASSWORD, World } from './support/world';

/**
 * A provider with a new learner, in a real browser: the learner's contact
 * details and nothing else personal, each report on its own page, and the
 * confirmation pages before turning a learner down or reporting a
 * withdrawal. Every page and error state is checked with axe-core.
 * PORTAL_SCREENSHOTS=docs/screenshots saves docs/screenshots/provider-learner.png.
 */
describe('a provider’s learner in a browser', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];
  let learner: { enrolmentId: string; applicantEmail: string };
  let other: { enrolmentId: string };

  const DOB = '1979-11-23';
  const POSTCODE = 'M1 1AE';
  const STATEMENT = 'I run the rota for the Zebrafinch Lane surgery and want to lead the practice';

  beforeAll(async () => {
    w = await World.start({ worker: false });
    const programme = await providerProgramme(w);
    const provider = await w.provider('Browser Learner Provider');
    const user = await w.user('provider', { providerId: provider.id });
    learner = await programme.placedLearner(provider.id, { profile: { fullName: 'Sam Okafor', dateOfBirth: DOB, postcode: POSTCODE, phone: '07700 900123' }, statement: STATEMENT });
    other = await programme.placedLearner(provider.id, { profile: { fullName: 'Alex Brennan' } });
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
    await signInOnPage(page, w.api.url, user.email, PASSWORD, '/portal/provider/learners');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  const axe = () => axeViolations(page);
  const visit = (path: string, status = 200) => visitPage(page, w.api.url, path, status);
  const learnerPath = (id: string) => `/portal/provider/learners/${id}`;
  const status = async (id: string) => (await w.db.query(`SELECT status FROM enrolment WHERE id = $1`, [id]))[0].status as string;

  it('the learners list shows each learner’s enrolment id, to copy for uploads', async () => {
    await visit('/portal/provider/learners');
    const row = page.getByRole('row').filter({ hasText: 'Sam Okafor' });
    expect(await row.textContent()).toContain(learner.enrolmentId);
    expect(await page.getByRole('columnheader', { name: 'Enrolment ID' }).count()).toBe(1);
    expect(await axe()).toEqual([]);
    await screenshot(page, 'provider-learners');
  });

  it('the learner’s page shows their email, phone and enrolment id, and not their date of birth, postcode or statement', async () => {
    await page.getByRole('link', { name: 'Sam Okafor' }).click();
    await page.waitForURL(`**${learnerPath(learner.enrolmentId)}`);
    const details = page.locator('.nhsuk-summary-list');
    const row = (key: string) => details.locator('.nhsuk-summary-list__row').filter({ has: page.locator('dt', { hasText: key }) }).locator('dd');
    expect(await row('Email address').textContent()).toContain(learner.applicantEmail);
    expect(await page.getByRole('link', { name: learner.applicantEmail }).getAttribute('href')).toBe(`mailto:${learner.applicantEmail}`);
    expect((await row('Phone number').textContent())?.trim()).toBe('07700 900123');
    expect((await row('Enrolment ID').textContent())?.trim()).toBe(learner.enrolmentId);
    const html = await page.content();
    for (const secret of [DOB, '23 November 1979', POSTCODE, 'Zebrafinch']) expect(html).not.toContain(secret);
    // The page holds no form of its own now (only the layout's sign-out): each action is a link to its page.
    expect(await page.locator('main form').count()).toBe(0);
    for (const action of ['Report a start', 'Report a deferral', 'Report a withdrawal', 'Turn down this learner']) {
      expect(await page.getByRole('link', { name: action }).count()).toBe(1);
    }
    expect(await axe()).toEqual([]);
    await screenshot(page, 'provider-learner');
  });

  it('reports a start on its own page, with its error state first', async () => {
    await page.getByRole('link', { name: 'Report a start' }).click();
    await page.waitForURL(`**${learnerPath(learner.enrolmentId)}/start`);
    expect(await page.locator('h1').textContent()).toContain('Report a start');
    expect(await axe()).toEqual([]);
    await page.getByRole('button', { name: 'Report start' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Enter the start date');
    expect(await page.locator('#start-date-error').textContent()).toContain('Enter the start date');
    expect(await page.title()).toMatch(/^Error: /);
    expect(await axe()).toEqual([]);

    const date = dateFields(7);
    await page.getByLabel('Day').fill(date['date[day]']);
    await page.getByLabel('Month').fill(date['date[month]']);
    await page.getByLabel('Year').fill(date['date[year]']);
    await page.getByRole('button', { name: 'Report start' }).click();
    await page.waitForURL(`**${learnerPath(learner.enrolmentId)}?reported=start`);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Start reported');
    expect(await status(learner.enrolmentId)).toBe('started');
    expect(await axe()).toEqual([]);
  });

  it('turning a learner down asks first: going back leaves them placed, confirming turns them down', async () => {
    await visit(learnerPath(other.enrolmentId));
    await page.getByRole('link', { name: 'Turn down this learner' }).click();
    await page.waitForURL(`**${learnerPath(other.enrolmentId)}/decline`);
    expect(await page.locator('h1').textContent()).toBe('Are you sure you want to turn down Alex Brennan?');
    expect(await page.locator('main').textContent()).toContain('You cannot undo this');
    expect(await axe()).toEqual([]);
    await screenshot(page, 'provider-turn-down');

    await page.getByRole('link', { name: 'No, keep this learner' }).click();
    await page.waitForURL(`**${learnerPath(other.enrolmentId)}`);
    expect(await status(other.enrolmentId)).toBe('placed');

    await page.getByRole('link', { name: 'Turn down this learner' }).click();
    await page.getByRole('button', { name: 'Yes, turn down this learner' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Select why you are turning the learner down');
    expect(await status(other.enrolmentId)).toBe('placed');
    expect(await axe()).toEqual([]);

    await page.getByLabel('Cannot attend cohort').check();
    await page.getByRole('button', { name: 'Yes, turn down this learner' }).click();
    await page.waitForURL(`**${learnerPath(other.enrolmentId)}?reported=decline`);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Learner turned down');
    expect(await page.locator('main').textContent()).not.toContain('Email address');
    expect(await status(other.enrolmentId)).toBe('declined_by_provider');
    expect(await axe()).toEqual([]);
  });

  it('reporting a withdrawal asks first: going back leaves the learner started, confirming withdraws them', async () => {
    await visit(learnerPath(learner.enrolmentId));
    await page.getByRole('link', { name: 'Report a withdrawal' }).click();
    await page.waitForURL(`**${learnerPath(learner.enrolmentId)}/withdrawal`);
    expect(await page.locator('h1').textContent()).toBe('Are you sure Sam Okafor has withdrawn?');
    expect(await axe()).toEqual([]);
    await page.getByRole('link', { name: 'No, the learner has not withdrawn' }).click();
    await page.waitForURL(`**${learnerPath(learner.enrolmentId)}`);
    expect(await status(learner.enrolmentId)).toBe('started');

    await page.getByRole('link', { name: 'Report a withdrawal' }).click();
    await page.getByRole('button', { name: 'Yes, report the withdrawal' }).click();
    const summary = await page.locator('.nhsuk-error-summary').textContent();
    expect(summary).toContain('Select why the learner withdrew');
    expect(summary).toContain('Enter the date the learner withdrew');
    expect(await axe()).toEqual([]);
    await screenshot(page, 'provider-withdrawal-error');

    await page.getByLabel('Changed job').check();
    const date = dateFields(1);
    await page.getByLabel('Day').fill(date['date[day]']);
    await page.getByLabel('Month').fill(date['date[month]']);
    await page.getByLabel('Year').fill(date['date[year]']);
    await page.getByRole('button', { name: 'Yes, report the withdrawal' }).click();
    await page.waitForURL(`**${learnerPath(learner.enrolmentId)}?reported=withdrawal`);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Withdrawal reported');
    expect(await status(learner.enrolmentId)).toBe('withdrawn');
    expect(await axe()).toEqual([]);
  });

  it('no inline script or style was refused by the CSP on any page', () => {
    expect(refusedByCsp).toEqual([]);
  });
});
