import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { openRound, pot, qualification } from './factories/intake.factory';
import { axeViolations, expectStyled, launchChromium, newPage, screenshot, visitPage } from './support/browser';
import { PASSWORD, World } from './support/world';

/**
 * An applicant's journey in Chromium, from registering to a submitted
 * application and a withdrawn one: every new page and an error state of each
 * form has no axe-core violations, and nothing is refused by the CSP.
 */
describe('applying through the portal, in a browser, checked with axe-core', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];
  let level5: { id: string; title: string };
  let round: { id: string; name: string };

  beforeAll(async () => {
    w = await World.start();
    level5 = await qualification(w, { level: 5 });
    round = await openRound(w, [level5.id], { potId: (await pot(w, 10_000_000)).id });
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  const visit = (path: string, status = 200) => visitPage(page, w.api.url, path, status);

  /** The Apply button in this test's round (other tests' rounds may be open too). */
  const applyButton = () => page.getByRole('table', { name: `Bursaries in ${round.name}` }).getByRole('button', { name: `Apply for ${level5.title}` });

  const email = `browser.apply.${randomBytes(4).toString('hex')}@example.org`;
  let applicationId: string;

  it('registering: from sign-in, the form, its error, the account created and signed in', async () => {
    await page.context().clearCookies();
    await visit('/portal/sign-in');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL('**/portal/register');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Full name').fill('Bree Browser');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Type the password again').fill('something else entirely');
    await page.getByRole('button', { name: 'Create account' }).click();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('The passwords do not match');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Type the password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/portal/register?sent=1');
    expect(await page.locator('h1').textContent()).toContain('Your account has been created');
    expect(await axeViolations(page)).toEqual([]);
    // Confirm the address from the email, so the application can be submitted later.
    const mail = await w.smtp.waitFor(email, /Confirm your email address/);
    const link = /https?:\/\/[^/\s]+(\/portal\/verify-email\?token=[A-Za-z0-9_-]+)/.exec(mail.text)![1];
    await visit(link);
    await page.getByRole('button', { name: 'Confirm your email address' }).click();
    await page.waitForURL('**/portal/verify-email?confirmed=1');
  });

  it('the rounds page, Apply, and the task list without a profile', async () => {
    await visit('/portal/sign-in?next=/portal/rounds');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/portal/rounds');
    expect(await axeViolations(page)).toEqual([]);
    await applyButton().click();
    await page.waitForURL(/\/portal\/applications\/[0-9a-f-]{36}\?done=started$/);
    applicationId = new URL(page.url()).pathname.split('/').at(-1)!;
    expect(await page.locator('main').textContent()).toContain('Application incomplete');
    expect(await axeViolations(page)).toEqual([]);

    // Check your answers before the sections are done: what is still to do, and no Submit.
    await visit(`/portal/applications/${applicationId}/check`);
    expect(await page.locator('.nhsuk-inset-text').textContent()).toContain('You need to complete these sections before you can submit');
    expect(await page.getByRole('button', { name: 'Submit application' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // A section's error.
    await visit(`/portal/applications/${applicationId}/tasks/employer-support`);
    await page.getByLabel('Yes').check();
    await page.getByLabel('Their full name').fill('Dr Jane Rahman');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect(await page.locator('#employer-email-error').textContent()).toContain('Enter the email address');
    expect(await axeViolations(page)).toEqual([]);

    // The rounds page now points to the application instead of offering Apply.
    await visit('/portal/rounds');
    expect(await page.locator('main').textContent()).toContain('You have an application in this round');
  });

  it('the profile: a summary of sections not started, a section\'s errors, then each saved and back', async () => {
    await visit(`/portal/profile?next=/portal/applications/${applicationId}`);
    expect(await page.locator('main').textContent()).toContain('You need to complete every section of your profile');
    expect(await page.locator('.nhsuk-card').filter({ hasText: 'Not started' }).count()).toBe(3);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'profile-not-started');

    await page.getByRole('link', { name: 'Start about you' }).click();
    await page.waitForURL(`**/portal/profile/about-you?next=/portal/applications/${applicationId}`);
    expect(await page.getByLabel('Full name').inputValue()).toBe('Bree Browser');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    const summary = page.locator('.nhsuk-error-summary');
    for (const text of ['Enter your date of birth', 'Enter your postcode', 'Select the level of your highest qualification', 'Select yes if you have English and maths']) expect(await summary.textContent()).toContain(text);
    expect(await page.locator('#postcode-error').textContent()).toContain('Enter your postcode');
    expect(await axeViolations(page)).toEqual([]);

    await answerAboutYou();
    await page.getByLabel('Phone number (optional)').fill('07700 9001');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect(await summary.textContent()).toContain('Enter a UK phone number, like 07700 900123, or leave it blank');
    expect(await page.locator('#phone-error').textContent()).toContain('Enter a UK phone number');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'profile-phone-error');

    await page.getByLabel('Phone number (optional)').fill('07700 900123');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    // The profile is not complete yet: back to the summary (keeping next), not to where the person came from.
    await page.waitForURL(`**/portal/profile?saved=1&next=${encodeURIComponent(`/portal/applications/${applicationId}`)}`);
    expect(await page.getByRole('button', { name: 'Continue' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Start your role and employer' }).click();
    await page.waitForURL(/\/portal\/profile\/role\?next=/);
    expect(await axeViolations(page)).toEqual([]);
    await answerRole();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL(/\/portal\/profile\?saved=1&next=/);
    await page.getByRole('link', { name: 'Start your skills' }).click();
    await page.waitForURL(/\/portal\/profile\/skills\?next=/);
    expect(await axeViolations(page)).toEqual([]);
    await answerSkills();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    // The last section completes the profile: on to where the person was going.
    await page.waitForURL(`**/portal/applications/${applicationId}`);

    // Without next, a saved section comes back to the summary, which has every answer.
    await visit('/portal/profile?saved=1');
    const main = (await page.locator('main').textContent())!;
    for (const text of ['Your profile has been saved', 'Bree Browser', '07700 900123', '14 March 1985', 'LS1 4AP', 'Assistant practice manager', 'North East and Yorkshire', '3: Confident']) expect(main).toContain(text);
    expect(main).not.toContain('Not started');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'profile-summary');

    // Change goes to the section's page with its answers, and back to the summary.
    await page.getByRole('link', { name: 'Change your role and employer' }).click();
    await page.waitForURL('**/portal/profile/role');
    expect(await page.getByLabel('Years in your current role').inputValue()).toBe('4');
    await page.getByLabel('Years in your current role').fill('5');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL('**/portal/profile?saved=1');
    expect(await page.getByRole('definition').filter({ hasText: /^\s*5\s*$/ }).count()).toBe(1);
    await visit(`/portal/applications/${applicationId}`);
    expect(await page.locator('main').textContent()).toContain('You have completed 4 of 7 sections');
  });

  it('the sections saved, checked and submitted: the confirmation, then the eligibility outcome', async () => {
    const section = async (title: string, answer: () => Promise<void>) => {
      await page.locator('.nhsuk-task-list').getByRole('link', { name: title }).click();
      await answer();
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.waitForURL(`**/portal/applications/${applicationId}`);
    };
    await section('Employer support', async () => {
      await page.getByLabel('Yes').check();
      await page.getByLabel('Their full name').fill('Dr Jane Rahman');
      await page.getByLabel('Their email address').fill('jane.rahman@nhs.example');
    });
    await section('Your statement', () => page.getByLabel('Why do you want this qualification?').fill('I want to run the practice well.'));
    await section('Declaration', () => page.getByLabel(/I confirm that the information I have given is true/).check());
    await page.getByRole('button', { name: 'Check your answers and submit' }).click();
    await page.waitForURL(`**/portal/applications/${applicationId}/check`);
    expect(await page.locator('main').textContent()).toContain('Dr Jane Rahman, jane.rahman@nhs.example');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Submit application' }).click();
    await page.waitForURL(`**/portal/applications/${applicationId}/confirmation`);
    await page.getByRole('link', { name: 'See your application and the eligibility result' }).click();
    await page.waitForURL(`**/portal/applications/${applicationId}`);
    expect(await page.locator('main').textContent()).toContain('Meets the eligibility rules');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('withdrawing: the confirmation page, its error, withdrawn', async () => {
    await page.getByRole('button', { name: 'Withdraw application' }).click();
    await page.waitForURL(`**/portal/applications/${applicationId}/withdraw`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Yes, withdraw my application' }).click();
    expect(await page.locator('#reason-error').textContent()).toContain('Enter why you are withdrawing');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Why are you withdrawing?').fill('I have changed job.');
    await page.getByRole('button', { name: 'Yes, withdraw my application' }).click();
    await page.waitForURL(`**/portal/applications/${applicationId}?done=withdrawn`);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('Your application has been withdrawn');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the rounds page refusing a second application in a round', async () => {
    // A new draft in the round (the withdrawn one does not count), then Apply pressed on a page drawn before it.
    await visit('/portal/rounds');
    const stale = await page.content();
    await applyButton().click();
    await page.waitForURL(/\?done=started$/);
    await page.setContent(stale.replace(/<head>/, `<head><base href="${w.api.url}/">`));
    await applyButton().click();
    await page.waitForURL('**/portal/applications');
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('You already have an application in this funding round');
    await expectStyled(page);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the rounds and register pages signed out', async () => {
    await page.context().clearCookies();
    await visit('/portal/rounds');
    expect(await axeViolations(page)).toEqual([]);
    await visit('/portal/register');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('am I eligible? signed out: from the rounds page into the question pages', async () => {
    // The question pages, their errors and the outcome: test/eligibility-checker.browser.e2e-spec.ts.
    await page.context().clearCookies();
    await visit('/portal/rounds');
    await page.getByRole('link', { name: 'Check if you are eligible' }).click();
    await page.waitForURL('**/portal/eligibility');
    await page.getByRole('button', { name: 'Start now' }).click();
    await page.waitForURL('**/portal/eligibility/date-of-birth');
    expect(await page.locator('h1').textContent()).toContain('What is your date of birth?');
    expect(await axeViolations(page)).toEqual([]);
  });

  /** Fills in the profile's questions. */
  async function answerAboutYou() {
    await page.getByLabel('Day', { exact: true }).fill('14');
    await page.getByLabel('Month', { exact: true }).fill('3');
    await page.getByLabel('Year', { exact: true }).fill('1985');
    await page.getByLabel('Postcode').fill('LS1 4AP');
    await page.getByLabel('Level of your highest qualification').selectOption('3');
    await page.getByRole('group', { name: 'Do you have English and maths at level 2 or above?' }).getByLabel('Yes').check();
  }

  async function answerRole() {
    await page.getByLabel('NHS England region').selectOption('north_east_and_yorkshire');
    await page.getByLabel('Assistant practice manager').check();
    await page.getByLabel('Years in your current role').fill('4');
    await page.getByLabel("Your practice's ODS code (optional)").fill('B82005');
  }

  async function answerSkills() {
    for (const skill of ['Finance', 'HR and workforce', 'Governance, compliance and CQC', 'IT and data', 'Contracts and commissioning', 'Leadership and change', 'Patient services', 'Premises and operations']) {
      await page.getByRole('group', { name: skill }).getByLabel('3: Confident').check();
    }
  }

  it('no inline script or style was refused by the CSP on any page', () => {
    expect(refusedByCsp).toEqual([]);
  });
});
