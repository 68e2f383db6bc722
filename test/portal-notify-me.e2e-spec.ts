/** "Tell me when a round opens" as a public page (issue 15): the API's RoundSubscriptionsService through a form. */
import type { Browser, Page } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { axeViolations, launchChromium, newPage, visitPage } from './support/browser';
import { hiddenField, PortalClient } from './support/portal-client';
import { World } from './support/world';

describe('the "tell me when a round opens" page', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.start({ worker: false });
  });
  afterAll(() => w.stop());

  const waiting = async (email: string) =>
    (await w.db.query(`SELECT count(*)::int AS n FROM round_subscription WHERE email = $1 AND notified_at IS NULL`, [email]))[0].n as number;

  it('takes an address once, says the same on a second sign-up, and names a bad field', async () => {
    const email = `notify.${randomBytes(4).toString('hex')}@example.org`;
    const c = new PortalClient(w.api.url);
    const page = await c.get('/portal/rounds/notify-me');
    expect(page.status).toBe(200);
    const noToken = await c.post('/portal/rounds/notify-me', { email, _csrf: '' });
    expect(noToken.status).toBe(400);
    const bad = await c.post('/portal/rounds/notify-me', { email: 'not an address', _csrf: hiddenField(noToken.html, '_csrf') });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('Enter an email address in the correct format');
    const done = await c.post('/portal/rounds/notify-me', { email, _csrf: hiddenField(bad.html, '_csrf') });
    expect([done.status, done.location]).toEqual([303, '/portal/rounds/notify-me?sent=1']);
    expect((await c.get(done.location!)).html).toContain('We will email you when a funding round opens');
    await c.get('/portal/rounds/notify-me');
    const again = await c.post('/portal/rounds/notify-me', { email, _csrf: c.csrf });
    expect(again.location).toBe(done.location);
    expect(await waiting(email)).toBe(1);
  });

  it('is linked from the rounds page', async () => {
    expect((await new PortalClient(w.api.url).get('/portal/rounds')).html).toContain('href="/portal/rounds/notify-me"');
  });

  describe('in a browser, checked with axe-core', () => {
    let browser: Browser;
    let page: Page;
    const refusedByCsp: string[] = [];
    beforeAll(async () => {
      browser = await launchChromium();
      page = await newPage(browser, refusedByCsp);
    }, 60_000);
    afterAll(() => browser?.close());

    it('the form, its error and the confirmation', async () => {
      await visitPage(page, w.api.url, '/portal/rounds/notify-me');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Email me when a round opens' }).click();
      expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('Enter your email address');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByLabel('Email address').fill(`browser.${randomBytes(4).toString('hex')}@example.org`);
      await page.getByRole('button', { name: 'Email me when a round opens' }).click();
      await page.waitForURL('**/portal/rounds/notify-me?sent=1');
      expect(await axeViolations(page)).toEqual([]);
      expect(refusedByCsp).toEqual([]);
    });
  });
});
