/**
 * "Am I eligible?" in a browser as NHS question pages (issue 18): the start
 * page, each question, an error state, check your answers, a change that
 * keeps the other answers, and the result; someone in Wales told why not.
 * axe-core on every page; the CSP refuses nothing.
 */
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchChromium, newPage, screenshot, visitPage } from './support/browser';
import { World } from './support/world';

describe('anyone checks their eligibility one question at a time', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];

  beforeAll(async () => {
    w = await World.start({ worker: false });
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await w.stop();
  });

  async function checked(name: string) {
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, name);
  }

  async function continueTo(path: string) {
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`**/portal/eligibility/${path}`);
  }

  it('answers each question, checks the answers, changes one and keeps the rest, and sees the result', async () => {
    await visitPage(page, w.api.url, '/portal');
    await page.getByRole('link', { name: 'Check if you are eligible' }).click();
    await page.waitForURL('**/portal/eligibility');
    expect(await page.locator('h1').textContent()).toBe('Check if you can get a bursary');
    await checked('eligibility-start');
    await page.getByRole('button', { name: 'Start now' }).click();
    await page.waitForURL('**/portal/eligibility/date-of-birth');
    await checked('eligibility-date-of-birth');

    // An error state: nothing entered, then a date that cannot be.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Enter your date of birth');
    expect(await page.locator('.nhsuk-error-message').textContent()).toContain('Enter your date of birth');
    expect(await page.title()).toMatch(/^Error: /);
    await checked('eligibility-date-of-birth-errors');
    await page.getByLabel('Day', { exact: true }).fill('31');
    await page.getByLabel('Month', { exact: true }).fill('2');
    await page.getByLabel('Year', { exact: true }).fill('1985');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Your date of birth must be a real date');
    // The summary's link takes the person to the first box.
    await page.locator('.nhsuk-error-summary a').click();
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('dateOfBirth-day');
    await page.getByLabel('Day', { exact: true }).fill('14');
    await page.getByLabel('Month', { exact: true }).fill('3');
    await continueTo('role');
    await checked('eligibility-role');

    // Back goes to the question before, with its answer kept.
    await page.getByRole('link', { name: 'Back', exact: true }).click();
    await page.waitForURL('**/portal/eligibility/date-of-birth');
    expect(await page.getByLabel('Day', { exact: true }).inputValue()).toBe('14');
    await continueTo('role');

    await page.getByLabel('Assistant practice manager').check();
    await continueTo('where');
    expect(await page.locator('h1').textContent()).toContain('Which NHS England region do you work in?');
    await checked('eligibility-where');
    await page.getByLabel('North East and Yorkshire').check();
    await continueTo('practice-code');
    await checked('eligibility-practice-code');
    await page.getByLabel('What is your practice’s ODS code? (optional)').fill('B82005');
    await continueTo('postcode');
    await checked('eligibility-postcode');
    await page.getByLabel('What is your postcode?').fill('LS1 4AP');
    await continueTo('check-answers');
    const answers = page.locator('.nhsuk-summary-list');
    expect(await answers.textContent()).toContain('14 March 1985');
    expect(await answers.textContent()).toContain('Assistant practice manager');
    expect(await answers.textContent()).toContain('B82005');
    await checked('eligibility-check-answers');

    await page.getByRole('button', { name: 'See your result' }).click();
    await page.waitForURL('**/portal/eligibility/result');
    expect(await page.locator('h1').textContent()).toBe('Meets the eligibility rules');
    expect(await page.locator('main').textContent()).toContain('Your application will ask you to name someone at your employer who supports it.');
    expect(await page.getByRole('button', { name: 'Create an account to apply' }).getAttribute('href')).toBe('/portal/register');
    await checked('eligibility-result');

    // Change one answer from the result: the others survive, and the result follows the change.
    await page.getByRole('link', { name: 'Change your answers' }).click();
    await page.waitForURL('**/portal/eligibility/check-answers');
    await page.getByRole('link', { name: 'Change where you work or live' }).click();
    await page.waitForURL('**/portal/eligibility/where?change=1');
    expect(await page.getByLabel('North East and Yorkshire').isChecked()).toBe(true);
    expect(await page.getByRole('link', { name: 'Back', exact: true }).getAttribute('href')).toBe('/portal/eligibility/check-answers');
    await checked('eligibility-where-change');
    await page.getByLabel('Wales').check();
    await continueTo('check-answers');
    expect(await answers.textContent()).toContain('Wales (outside England)');
    expect(await answers.textContent()).toContain('14 March 1985');
    expect(await answers.textContent()).toContain('B82005');
    expect(await answers.textContent()).toContain('LS1 4AP');
    await page.getByRole('button', { name: 'See your result' }).click();
    await page.waitForURL('**/portal/eligibility/result');
    // Living in Leeds is enough: the rule is living or working in England, and the practice code is English.
    expect(await page.locator('h1').textContent()).toBe('Meets the eligibility rules');
  });

  it('someone living and working in Wales is not eligible, and told which rule says so', async () => {
    await page.context().clearCookies();
    await visitPage(page, w.api.url, '/portal/eligibility/date-of-birth');
    await page.getByLabel('Day', { exact: true }).fill('2');
    await page.getByLabel('Month', { exact: true }).fill('7');
    await page.getByLabel('Year', { exact: true }).fill('1980');
    await continueTo('role');
    await page.getByLabel('Practice manager', { exact: true }).check();
    await continueTo('where');
    await page.getByLabel('Wales').check();
    await continueTo('practice-code');
    await continueTo('postcode');
    await page.getByLabel('What is your postcode?').fill('CF10 1AA');
    await continueTo('check-answers');
    expect(await page.locator('.nhsuk-summary-list').textContent()).toContain('Not given');
    await page.getByRole('button', { name: 'See your result' }).click();
    await page.waitForURL('**/portal/eligibility/result');
    expect(await page.locator('h1').textContent()).toBe('Does not meet the eligibility rules');
    expect(await page.locator('main').textContent()).toContain('You must live in England or work for a GP practice or primary care provider in England.');
    expect(await page.getByRole('button', { name: 'Create an account to apply' }).count()).toBe(0);
    await checked('eligibility-result-ineligible');
  });

  it('a school leaver is asked about English and maths, with its error state', async () => {
    await page.context().clearCookies();
    await visitPage(page, w.api.url, '/portal/eligibility/date-of-birth');
    await page.getByLabel('Day', { exact: true }).fill('1');
    await page.getByLabel('Month', { exact: true }).fill('9');
    await page.getByLabel('Year', { exact: true }).fill(String(new Date().getFullYear() - 18));
    await continueTo('role');
    await page.getByLabel('School leaver').check();
    await continueTo('where');
    expect(await page.locator('h1').textContent()).toContain('Which NHS England region do you live in?');
    await page.getByLabel('London').check();
    await continueTo('postcode');
    await page.getByLabel('What is your postcode?').fill('SW1A 1AA');
    await continueTo('english-and-maths');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Select yes if you have English and maths at level 2 or above');
    await checked('eligibility-english-and-maths-errors');
    await page.getByLabel('No').check();
    await continueTo('check-answers');
    await page.getByRole('button', { name: 'See your result' }).click();
    await page.waitForURL('**/portal/eligibility/result');
    expect(await page.locator('h1').textContent()).toBe('Needs a check by the programme team');
    expect(await page.getByRole('button', { name: 'Create an account to apply' }).count()).toBe(1);
    await checked('eligibility-result-refer');
  });

  it('no inline script or style was refused by the CSP on any page', () => {
    expect(refusedByCsp).toEqual([]);
  });
});
