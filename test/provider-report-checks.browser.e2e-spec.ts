import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { REPORT_COLUMNS } from '@app/training';
import { ACCEPTED_DAYS_AGO, acceptedOffer, cohort } from './factories/training.factory';
import { axeViolations, launchChromium, newPage, screenshot, signInOnPage, visitPage } from './support/browser';
import { dateFields, providerProgramme } from './support/portal-fixtures';
import { PASSWORD, World } from './support/world';

const DAY_MS = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString().slice(0, 10);
const long = (iso: string) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

/** The report checks as a provider meets them on the pages: a start dated too early, a file uploaded twice, the template. */
describe('provider report checks in a browser', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const refusedByCsp: string[] = [];
  let early: string;
  const learners: string[] = [];

  beforeAll(async () => {
    w = await World.start({ worker: false });
    const programme = await providerProgramme(w);
    const provider = await w.provider('Checks Browser Provider');
    const { email } = await w.user('provider', { providerId: provider.id });
    // A cohort that began long ago: the acceptance, not the cohort's start, is the earliest a start may be dated.
    const { app } = await acceptedOffer(w, programme.admin.token, programme.round.id, programme.level5.id);
    const old = await cohort(w, provider.id, programme.level5.id, 20, daysAgo(100));
    early = (await w.call('POST', `/admin/applications/${app.id}/enrolment`, { token: programme.admin.token, body: { cohortId: old.id } })).body.enrolmentId;
    for (let i = 0; i < 2; i++) learners.push((await programme.placedLearner(provider.id)).enrolmentId);
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
    await signInOnPage(page, w.api.url, email, PASSWORD, '/portal/provider/learners');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  const visit = (path: string) => visitPage(page, w.api.url, path);

  it('a start before the offer was accepted is refused on the start page, naming the allowed range', async () => {
    await visit(`/portal/provider/learners/${early}/start`);
    const start = page.locator(`form[action$="/${early}/start"]`);
    const { 'date[day]': day, 'date[month]': month, 'date[year]': year } = dateFields(ACCEPTED_DAYS_AGO + 5);
    await start.getByLabel('Day').fill(day);
    await start.getByLabel('Month').fill(month);
    await start.getByLabel('Year').fill(year);
    await start.getByRole('button', { name: 'Report start' }).click();
    const message = `Start date must be between ${long(daysAgo(ACCEPTED_DAYS_AGO))} and today`;
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain(message);
    expect(await page.locator('#start-date-error').textContent()).toContain(message);
    // The summary's link takes the provider to the day field.
    expect(await page.locator('.nhsuk-error-summary a').first().getAttribute('href')).toBe('#start-date-day');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'provider-start-before-acceptance');
  });

  it('the upload page lists what each column takes and offers the template, which downloads', async () => {
    await visit('/portal/provider/reports/upload');
    expect(await axeViolations(page)).toEqual([]);
    const columns = page.locator('#columns table');
    const text = (await columns.textContent()) ?? '';
    for (const value of ['mid_point', 'assessment_passed', 'start', 'progress', 'completion', 'withdrawal', 'passed', 'failed', 'changed_job', 'yes', '2027-01-18']) expect(text).toContain(value);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download a template CSV file' }).click()]);
    expect(download.suggestedFilename()).toBe('reports-template.csv');
    const template = await readFile((await download.path())!, 'utf8');
    const [header, example] = template.trim().split('\r\n');
    expect(header).toBe(REPORT_COLUMNS.join(','));
    expect(example.split(',')).toHaveLength(REPORT_COLUMNS.length);
    await screenshot(page, 'provider-upload');
  });

  it('the same CSV uploaded twice: applied once, then refused with the duplicate lines named', async () => {
    const csv = Buffer.from(['enrolmentId,type,date', ...learners.map((id) => `${id},start,${daysAgo(10)}`)].join('\n'));
    const upload = async () => {
      await visit('/portal/provider/reports/upload');
      await page.getByLabel('CSV file of reports').setInputFiles({ name: 'starts.csv', mimeType: 'text/csv', buffer: csv });
      await page.getByRole('button', { name: 'Upload reports' }).click();
    };
    await upload();
    await page.waitForURL('**/portal/provider/reports/upload?applied=2');
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('2 reports applied');
    expect(await axeViolations(page)).toEqual([]);

    await upload();
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Nothing was applied');
    const rows = await page.locator('#problems tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.replace(/\s+/g, ' ').trim() ?? '')));
    const duplicate = `is a duplicate: this learner already has this start on ${long(daysAgo(10))} recorded`;
    // The responsive table labels each cell for small screens; the line, column and problem are what the provider reads.
    expect(rows.map((cells) => cells.map((c) => c.replace(/^(Line|Column|Problem) /, '')))).toEqual([
      ['2', 'type', duplicate],
      ['3', 'type', duplicate],
    ]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'provider-upload-duplicates');
    const [{ n }] = await w.db.query(`SELECT count(*)::int AS n FROM enrolment_report WHERE enrolment_id = ANY($1::uuid[]) AND type = 'start'`, [learners]);
    expect(n).toBe(2);
  });

  it('the pages kept to the strict CSP', () => {
    expect(refusedByCsp).toEqual([]);
  });
});
