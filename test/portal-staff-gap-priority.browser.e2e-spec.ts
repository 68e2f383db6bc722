/**
 * Gap-weighted priority in a browser (issue 17): an admin opens the setting,
 * previews how the queue would reorder (one bad value refused first),
 * switches gap weighting on after the confirmation, sees the queue's new
 * order, a reviewer sees why on the case page, and the admin switches it off.
 * axe-core on every page; the CSP refuses nothing.
 */
import type { Browser, Page } from 'playwright-core';
import { gapPriorityWorld } from './support/gap-priority-fixture';
import { axeViolations, launchChromium, newPage, screenshot, signInOnPage, visitPage } from './support/browser';
import { PASSWORD, World } from './support/world';

describe('an admin switches on gap-weighted priority in a browser', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  let seed: Awaited<ReturnType<typeof gapPriorityWorld>>;
  const refusedByCsp: string[] = [];

  beforeAll(async () => {
    w = await World.start({ worker: false });
    seed = await gapPriorityWorld(w);
    browser = await launchChromium();
    page = await newPage(browser, refusedByCsp);
    const admin = await w.user('admin');
    await signInOnPage(page, w.api.url, admin.email, PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await w.stop();
  });

  async function checked(name: string) {
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, name);
  }
  /** The references in the order the page shows them. */
  async function order(): Promise<string[]> {
    const text = (await page.locator('main').textContent()) ?? '';
    const { apps } = seed;
    return [apps.yorkshire, apps.southWest, apps.lancashire, apps.london].map((a) => ({ ref: a.reference, at: text.indexOf(a.reference) })).sort((a, b) => a.at - b.at).map((a) => a.ref);
  }

  it('previews, switches on, sees the new order and the reason, then switches off', async () => {
    const { apps } = seed;
    await visitPage(page, w.api.url, '/portal/staff/applications');
    expect(await order()).toEqual([apps.southWest.reference, apps.yorkshire.reference, apps.lancashire.reference, apps.london.reference]);

    await visitPage(page, w.api.url, '/portal/staff/workforce/gap-weighting');
    await checked('gap-weighting');
    await page.getByLabel('Most points the gap can add').fill('500');
    await page.getByRole('button', { name: 'Preview the queue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('must be a whole number from 1 to 100');
    await checked('gap-weighting-errors');

    await page.getByLabel('Most points the gap can add').fill('30');
    await page.getByLabel(/Integrated care board/).check();
    await page.getByRole('button', { name: 'Preview the queue' }).click();
    await page.waitForSelector('h1:has-text("How the queue would change")');
    expect(await order()).toEqual([apps.yorkshire.reference, apps.southWest.reference, apps.lancashire.reference, apps.london.reference]);
    const first = page.locator('tbody tr').first();
    expect((await first.textContent())?.replace(/\s+/g, ' ')).toContain(`Reference ${apps.yorkshire.reference} Place now 2 Score now 80 New place 1 New score 90 From the gap +10 Moved Up 1 place`);
    await checked('gap-weighting-preview');

    await page.getByRole('button', { name: 'Switch on gap weighting with these settings' }).click();
    await page.waitForSelector('h1:has-text("Switch on gap weighting")');
    await checked('gap-weighting-switch-on');
    await page.getByLabel('Note for the record (optional)').fill('Trial for the spring round');
    await page.getByRole('button', { name: 'Switch on gap weighting' }).click();
    await page.waitForURL('**/gap-weighting?on=1');
    expect(await page.locator('main').textContent()).toContain('Gap weighting is on: the queue has been rescored');
    // When it changed, in words: no ISO date on the page.
    expect(await page.locator('main').textContent()).toMatch(/\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4} by /);
    expect(await page.locator('main').textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await checked('gap-weighting-on');

    await visitPage(page, w.api.url, '/portal/staff/applications');
    expect(await order()).toEqual([apps.yorkshire.reference, apps.southWest.reference, apps.lancashire.reference, apps.london.reference]);
    await checked('gap-weighting-queue');

    await visitPage(page, w.api.url, `/portal/staff/applications/${apps.lancashire.id}`);
    const parts = (await page.locator('#priority-parts').textContent()) ?? '';
    expect(parts).toContain('Gap weighting: +10 of up to 30');
    expect(parts).toContain('Finance gap 2 in North West (ICB figures from fewer than 5 people, not used: region used)');
    await checked('gap-weighting-case');

    await visitPage(page, w.api.url, '/portal/staff/workforce/gap-weighting');
    await page.getByRole('link', { name: 'Switch off gap weighting' }).click();
    await page.waitForURL('**/switch-off');
    await checked('gap-weighting-switch-off');
    await page.getByRole('button', { name: 'Switch off gap weighting' }).click();
    await page.waitForURL('**/gap-weighting?off=1');
    await visitPage(page, w.api.url, '/portal/staff/applications');
    expect(await order()).toEqual([apps.southWest.reference, apps.yorkshire.reference, apps.lancashire.reference, apps.london.reference]);
    expect(refusedByCsp).toEqual([]);
  }, 180_000); // axe on nine pages, on a shared machine
});
