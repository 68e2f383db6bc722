/** The programme team's first pages (issue 15): work waiting, the queue with its filters in the URL, one application in full. */
import type { Browser, Page } from 'playwright-core';
import { applicant, draft, openRound, pot, qualification } from './factories/intake.factory';
import { axeViolations, launchChromium, newPage, screenshot, signInOnPage } from './support/browser';
import { PortalClient } from './support/portal-client';
import { PASSWORD, World } from './support/world';

describe('the staff pages', () => {
  let w: World;
  let reference: string;
  let applicationId: string;
  let roundId: string;
  let qualificationId: string;
  beforeAll(async () => {
    w = await World.start({ worker: false });
    const q = await qualification(w);
    qualificationId = q.id;
    const round = await openRound(w, [q.id], { potId: (await pot(w)).id });
    roundId = round.id;
    const person = await applicant(w);
    const app = await draft(w, person.token, round.id, q.id);
    expect((await w.call('POST', `/applications/${app.id}/submit`, { token: person.token })).body.status).toBe('under_review');
    reference = app.reference;
    applicationId = app.id;
  }, 60_000);
  afterAll(() => w.stop());

  async function staff(role: 'reviewer' | 'admin' | 'finance' = 'reviewer') {
    const user = await w.user(role);
    const c = new PortalClient(w.api.url);
    const signedIn = await c.signIn(user.email, PASSWORD);
    return { c, signedIn };
  }

  it('a reviewer lands on the work waiting, each count linked to its queue', async () => {
    const { c, signedIn } = await staff();
    expect(signedIn.location).toBe('/portal/staff');
    const home = await c.get('/portal/staff');
    expect(home.status).toBe(200);
    expect(home.html).toMatch(/<a href="\/portal\/staff\/applications\?status=under_review">Applications to review<\/a>:\s*<strong>1<\/strong>/);
  });

  it('the queue filters by status and round from the URL, and ignores what it does not understand', async () => {
    const { c } = await staff('finance');
    const toReview = await c.get('/portal/staff/applications?status=under_review');
    expect(toReview.html).toContain(reference);
    expect(toReview.html).toContain('Applications 1 to 1 of 1');
    expect((await c.get(`/portal/staff/applications?roundId=${roundId}`)).html).toContain(reference);
    expect((await c.get('/portal/staff/applications?status=offered')).html).toContain('No applications match these filters.');
    const odd = await c.get('/portal/staff/applications?status=nonsense&page=-3&roundId=x');
    expect(odd.status).toBe(200);
    expect(odd.html).toContain(reference);
  });

  it('one application in full: each rule with its result, the history', async () => {
    const { c } = await staff('admin');
    const page = await c.get(`/portal/staff/applications/${applicationId}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`Application ${reference}`);
    expect(page.html).toContain('Each rule of rule set 2026-1');
    expect(page.html).toContain('Dr Jane Rahman, jane.rahman@nhs.example');
    expect((await c.get('/portal/staff/applications/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('applicants and providers cannot open them', async () => {
    for (const role of ['applicant', 'provider'] as const) {
      const user = await w.user(role);
      const c = new PortalClient(w.api.url);
      await c.signIn(user.email, PASSWORD);
      expect((await c.get('/portal/staff')).status).toBe(403);
      expect((await c.get(`/portal/staff/applications/${applicationId}`)).status).toBe(403);
    }
  });

  it('counts the offers expiring this week, and links an admin to learners a provider turned down', async () => {
    const person = await applicant(w);
    const other = await draft(w, person.token, roundId, qualificationId);
    expect((await w.call('POST', `/applications/${other.id}/submit`, { token: person.token })).body.status).toBe('under_review');
    const admin = await w.signedIn('admin');
    expect((await w.call('POST', `/admin/applications/${other.id}/decision`, { token: admin.token, body: { decision: 'approve', reasonCode: 'meets_criteria' } })).body.status).toBe('offered');
    const { c } = await staff('admin');
    const count = async () => /Offers expiring this week<\/a>:\s*<strong>(\d+)<\/strong>/.exec((await c.get('/portal/staff')).html)?.[1];
    expect(await count()).toBe('0');
    // Offers last 14 days: eight days on, this one lapses within the week.
    w.clock.advance({ days: 8 });
    expect(await count()).toBe('1');
    expect((await c.get('/portal/staff')).html).toContain('Learners a provider turned down');
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

    it('work waiting, the queue filtered by its form, and the application', async () => {
      const reviewer = await w.user('reviewer');
      await signInOnPage(page, w.api.url, reviewer.email, PASSWORD);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('link', { name: 'Applications to review' }).click();
      await page.waitForURL('**/portal/staff/applications?status=under_review');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByLabel('Status').selectOption('referred');
      await page.getByRole('button', { name: 'Show applications' }).click();
      await page.waitForURL(/status=referred/);
      expect(await page.locator('main').textContent()).toContain('No applications match these filters.');
      await page.getByLabel('Status').selectOption('');
      await page.getByRole('button', { name: 'Show applications' }).click();
      await screenshot(page, 'staff-queue');
      await page.getByRole('link', { name: reference }).click();
      await page.waitForURL(`**/portal/staff/applications/${applicationId}`);
      await screenshot(page, 'staff-application');
      expect(await axeViolations(page)).toEqual([]);
      expect(refusedByCsp).toEqual([]);
    });
  });
});
