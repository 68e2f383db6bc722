import type { Browser, Page } from 'playwright-core';
import { openRound, pot, qualification } from './factories/intake.factory';
import { axeViolations, launchChromium, newPage, screenshot, signInOnPage, visitPage } from './support/browser';
import { PASSWORD, World } from './support/world';

/**
 * The draft application as a task list, in Chromium: an applicant with no
 * profile completes it section by section and sees each status change,
 * changes the qualification, checks the answers (a Change link returns
 * there), submits, sees the reference in the confirmation panel and reads
 * what was submitted. Every page and an error state of each kind of form
 * has no axe-core violations.
 */
describe('the application task list, in a browser, checked with axe-core', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];
  let level5: { id: string; title: string };
  let level4: { id: string; title: string };
  let round: { id: string; name: string };
  let person: { id: string; email: string; token: string };
  let applicationId: string;
  let reference: string;

  beforeAll(async () => {
    w = await World.start();
    level5 = await qualification(w, { level: 5 });
    level4 = await qualification(w, { level: 4 });
    round = await openRound(w, [level5.id, level4.id], { potId: (await pot(w, 10_000_000)).id });
    person = await w.signedIn('applicant');
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  const visit = (path: string, status = 200) => visitPage(page, w.api.url, path, status);
  const noViolations = async () => expect(await axeViolations(page)).toEqual([]);
  const errorSummary = () => page.locator('.nhsuk-error-summary').textContent();
  /** Each section's status on the task list, by title. */
  const statuses = async () =>
    Object.fromEntries(
      await page.locator('.nhsuk-task-list__item').evaluateAll((items) =>
        items.map((i) => [i.querySelector('.nhsuk-task-list__name-and-hint')!.textContent!.trim(), i.querySelector('.nhsuk-task-list__status')!.textContent!.trim()]),
      ),
    );
  const openSection = async (title: string) => {
    await page.locator('.nhsuk-task-list').getByRole('link', { name: title }).click();
    await page.waitForURL(/\/tasks\/[a-z-]+$/);
    expect(await page.locator('h1').textContent()).toBe(title);
    await noViolations();
  };
  const saveAndContinue = async (back = `/portal/applications/${applicationId}`) => {
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL(`**${back}`);
  };
  const profileRows = () => w.db.query(`SELECT (SELECT count(*)::int FROM applicant_profile WHERE user_id = $1) AS profiles, (SELECT count(*)::int FROM applicant_profile_draft WHERE user_id = $1) AS drafts`, [person.id]);

  it('Apply opens the task list: only the qualification complete', async () => {
    await signInOnPage(page, w.api.url, person.email, PASSWORD, '/portal/applications');
    await visit('/portal/rounds');
    await page.getByRole('table', { name: `Bursaries in ${round.name}` }).getByRole('button', { name: `Apply for ${level5.title}` }).click();
    await page.waitForURL(/\/portal\/applications\/[0-9a-f-]{36}\?done=started$/);
    applicationId = new URL(page.url()).pathname.split('/').at(-1)!;
    reference = (await page.locator('.nhsuk-caption-l').textContent())!.trim();
    expect(await page.locator('main').textContent()).toContain('You have completed 1 of 7 sections');
    expect(await statuses()).toEqual({
      'About you': 'Not started',
      'Your role and employer': 'Not started',
      'Your skills': 'Not started',
      'The qualification': 'Completed',
      'Employer support': 'Not started',
      'Your statement': 'Not started',
      Declaration: 'Not started',
    });
    expect(await page.getByRole('button', { name: 'Check your answers and submit' }).count()).toBe(0);
    await noViolations();
  });

  it('About you: every problem at once (a missing name beside a date of birth in the future), then saved', async () => {
    await openSection('About you');
    expect(await page.getByLabel('Full name').inputValue()).not.toBe('');
    await page.getByLabel('Full name').fill('');
    await page.getByLabel('Day', { exact: true }).fill('14');
    await page.getByLabel('Month', { exact: true }).fill('3');
    await page.getByLabel('Year', { exact: true }).fill(String(w.clock.now().getUTCFullYear() + 1));
    await page.getByRole('button', { name: 'Save and continue' }).click();
    const summary = await errorSummary();
    expect(summary).toContain('Enter your full name');
    expect(summary).toContain('Your date of birth must be in the past');
    expect(summary).toContain('Enter your postcode');
    expect(await page.locator('#dateOfBirth-error').textContent()).toContain('must be in the past');
    await screenshot(page, 'task-about-you-errors');
    await noViolations();

    await page.getByLabel('Full name').fill('Tess Tasklist');
    await page.getByLabel('Year', { exact: true }).fill('1985');
    await page.getByLabel('Postcode').fill('LS1 4AP');
    await page.getByLabel('Level of your highest qualification').selectOption('3');
    await page.getByRole('group', { name: 'Do you have English and maths at level 2 or above?' }).getByLabel('Yes').check();
    await saveAndContinue();
    expect((await statuses())['About you']).toBe('Completed');
    // Not yet a whole profile: the section waits as a draft of it.
    expect(await profileRows()).toEqual([{ profiles: 0, drafts: 1 }]);
  });

  it('Your role and employer: a bad ODS code reported with the missing answers, then saved', async () => {
    await openSection('Your role and employer');
    await page.getByLabel("Your practice's ODS code (optional)").fill('X1');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    const summary = await errorSummary();
    expect(summary).toContain('Select your current role');
    expect(summary).toContain('Enter how many years you have been in your current role');
    expect(summary).toContain('Enter your practice code as a letter and five digits');
    await noViolations();
    await page.getByLabel('Assistant practice manager').check();
    await page.getByLabel('Years in your current role').fill('4');
    await page.getByLabel("Your practice's ODS code (optional)").fill('B82005');
    await page.getByLabel('NHS England region').selectOption('north_east_and_yorkshire');
    await saveAndContinue();
    expect((await statuses())['Your role and employer']).toBe('Completed');
    // docs/screenshots/task-list.png, the task list part way through: PORTAL_SCREENSHOTS=docs/screenshots saves it.
    await screenshot(page, 'task-list');
  });

  it('Your skills: the ratings on their own page; with them the profile is whole and saved', async () => {
    await openSection('Your skills');
    await page.getByRole('group', { name: 'Finance' }).getByLabel('3: Confident').check();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect(await errorSummary()).toContain('Select how much experience you have of hr and workforce');
    await noViolations();
    for (const skill of ['HR and workforce', 'Governance, compliance and CQC', 'IT and data', 'Contracts and commissioning', 'Leadership and change', 'Patient services', 'Premises and operations']) {
      await page.getByRole('group', { name: skill }).getByLabel('3: Confident').check();
    }
    await saveAndContinue();
    expect((await statuses())['Your skills']).toBe('Completed');
    expect(await profileRows()).toEqual([{ profiles: 1, drafts: 0 }]);
    const profile = await w.call('GET', '/me/profile', { token: person.token });
    expect(profile.body).toMatchObject({ fullName: 'Tess Tasklist', employerOdsCode: 'B82005', currentRole: 'assistant_practice_manager' });
  });

  it('The qualification: chosen among the round\'s, the current one selected; changed', async () => {
    await openSection('The qualification');
    expect(await page.getByLabel(level5.title).isChecked()).toBe(true);
    await screenshot(page, 'task-qualification');
    await page.getByLabel(level4.title).check();
    await saveAndContinue();
    expect(await page.locator('h1').textContent()).toBe(level4.title);
    expect((await w.call('GET', `/applications/${applicationId}`, { token: person.token })).body.qualificationId).toBe(level4.id);
  });

  it('Employer support: yes needs the name and email, then saved', async () => {
    await openSection('Employer support');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect(await errorSummary()).toContain('Select yes if someone at your employer supports your application');
    await noViolations();
    await page.getByLabel('Yes').check();
    await page.getByLabel('Their full name').fill('Dr Jane Rahman');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect(await page.locator('#employer-email-error').textContent()).toContain('Enter the email address');
    await screenshot(page, 'task-employer-support-error');
    await noViolations();
    await page.getByLabel('Their email address').fill('jane.rahman@nhs.example');
    await saveAndContinue();
    expect((await statuses())['Employer support']).toBe('Completed');
  });

  it('Your statement, then check your answers says the declaration is still to do', async () => {
    await openSection('Your statement');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect(await page.locator('#statement-error').textContent()).toContain('Enter why you want this qualification');
    await noViolations();
    await page.getByLabel('Why do you want this qualification?').fill('I want to run the practice well.');
    await saveAndContinue();
    expect(await statuses()).toMatchObject({ 'Your statement': 'Completed', Declaration: 'Not started' });

    await visit(`/portal/applications/${applicationId}/check`);
    expect(await page.locator('.nhsuk-inset-text').textContent()).toContain('You need to complete these sections before you can submit');
    expect(await page.locator('.nhsuk-inset-text').getByRole('link').allTextContents()).toEqual(['Declaration']);
    expect(await page.getByRole('button', { name: 'Submit application' }).count()).toBe(0);
    await screenshot(page, 'task-check-incomplete');
    await noViolations();
  });

  it('Declaration: the box must be ticked; then every section is complete', async () => {
    await visit(`/portal/applications/${applicationId}`);
    await openSection('Declaration');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect(await errorSummary()).toContain('Confirm that the information you have given is true');
    await screenshot(page, 'task-declaration-error');
    await noViolations();
    await page.getByLabel(/I confirm that the information I have given is true/).check();
    await saveAndContinue();
    expect(Object.values(await statuses())).toEqual(Array(7).fill('Completed'));
    expect(await page.locator('main').textContent()).toContain('Application complete');
    await noViolations();
  });

  it('check your answers: a Change link returns there after saving; then submitted with the reference in a panel', async () => {
    await page.getByRole('button', { name: 'Check your answers and submit' }).click();
    await page.waitForURL(`**/portal/applications/${applicationId}/check`);
    const main = (await page.locator('main').textContent())!;
    expect(main).toContain('Tess Tasklist');
    expect(main).toContain('14 March 1985');
    expect(main).toContain(`${level4.title} (level 4)`);
    expect(main).toContain('Dr Jane Rahman, jane.rahman@nhs.example');
    await screenshot(page, 'task-check');
    await noViolations();

    await page.getByRole('link', { name: 'Change why you want this qualification' }).click();
    await page.waitForURL(`**/portal/applications/${applicationId}/tasks/statement?from=check`);
    await page.getByLabel('Why do you want this qualification?').fill('To lead my practice through change.');
    await saveAndContinue(`/portal/applications/${applicationId}/check`);
    expect(await page.locator('main').textContent()).toContain('To lead my practice through change.');

    // The check page's error state: the service refusing the submit (the email address no longer confirmed).
    const [{ verified }] = await w.db.query(`SELECT email_verified_at AS verified FROM user_account WHERE id = $1`, [person.id]);
    await w.db.query(`UPDATE user_account SET email_verified_at = NULL WHERE id = $1`, [person.id]);
    await page.getByRole('button', { name: 'Submit application' }).click();
    expect(await errorSummary()).toContain('Confirm your email address before you submit');
    expect(await page.locator('#submit-error').textContent()).toContain('Confirm your email address');
    await noViolations();
    await w.db.query(`UPDATE user_account SET email_verified_at = $2 WHERE id = $1`, [person.id, verified]);

    await page.getByRole('button', { name: 'Submit application' }).click();
    await page.waitForURL(`**/portal/applications/${applicationId}/confirmation`);
    expect(await page.locator('.nhsuk-panel').textContent()).toContain(reference);
    expect(await page.locator('h1').textContent()).toContain('Application submitted');
    await screenshot(page, 'task-confirmation');
    await noViolations();
  });

  it('after submitting: the answers as submitted, read-only, even once the profile changes', async () => {
    await w.call('PUT', '/me/profile', { token: person.token, body: { ...(await w.call('GET', '/me/profile', { token: person.token })).body, updatedAt: undefined, fullName: 'Tess Renamed' } });
    await visit(`/portal/applications/${applicationId}`);
    await page.getByRole('link', { name: 'Read your application as you submitted it' }).click();
    await page.waitForURL(`**/portal/applications/${applicationId}/answers`);
    const main = (await page.locator('main').textContent())!;
    expect(main).toContain('Tess Tasklist');
    expect(main).not.toContain('Tess Renamed');
    expect(main).toContain('To lead my practice through change.');
    expect(await page.getByRole('link', { name: /^Change/ }).count()).toBe(0);
    await screenshot(page, 'task-answers');
    await noViolations();
    // The sections can no longer be opened.
    await visit(`/portal/applications/${applicationId}/tasks/statement`);
    expect(new URL(page.url()).pathname).toBe(`/portal/applications/${applicationId}`);
  });

  it('no inline script or style was refused by the CSP on any page', () => {
    expect(refusedByCsp).toEqual([]);
  });
});
