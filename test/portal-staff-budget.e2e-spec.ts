/** The budget on the staff pages (issue 16): pots, top-ups, transfers and the ledger, for finance and admins. */
import { PotsService } from '@app/budget';
import { pot, potRow } from './factories/budget.factory';
import { hiddenField, PortalClient } from './support/portal-client';
import { PASSWORD, World } from './support/world';

describe('the budget pages', () => {
  let w: World;
  let c: PortalClient;
  let potA: { id: string; name: string };
  let potB: { id: string; name: string };

  beforeAll(async () => {
    w = await World.start({ worker: false });
    potA = await pot(w, { amountPence: 1_000_000 });
    potB = await pot(w, { amountPence: 200_000 });
    const finance = await w.user('finance');
    c = new PortalClient(w.api.url);
    await c.signIn(finance.email, PASSWORD);
  }, 60_000);
  afterAll(() => w.stop());

  const PAGES = () => [
    '/portal/staff/finance/budget',
    '/portal/staff/finance/pots/new',
    `/portal/staff/finance/pots/${potA.id}`,
    `/portal/staff/finance/pots/${potA.id}/top-up`,
    '/portal/staff/finance/ledger',
    '/portal/staff/finance/transfers/new',
  ];

  it('finance and admins open every page; reviewers, applicants and providers are refused', async () => {
    for (const path of PAGES()) expect(`${path} ${(await c.get(path)).status}`).toBe(`${path} 200`);
    const admin = new PortalClient(w.api.url);
    await admin.signIn((await w.user('admin')).email, PASSWORD);
    for (const path of PAGES()) expect(`${path} ${(await admin.get(path)).status}`).toBe(`${path} 200`);
    for (const role of ['reviewer', 'applicant', 'provider'] as const) {
      const other = new PortalClient(w.api.url);
      await other.signIn((await w.user(role)).email, PASSWORD);
      for (const path of PAGES()) expect(`${role} ${path} ${(await other.get(path)).status}`).toBe(`${role} ${path} 403`);
    }
  });

  it('the budget page shows the programme in pounds, due apart from paid', async () => {
    const page = await c.get('/portal/staff/finance/budget');
    expect(page.html).toMatch(/£6,000,000(?![.,]?\d)/);
    expect(page.html).toContain('Fallen due to providers, not yet paid');
    expect(page.html).toContain('Not yet allocated');
    expect(page.html).toContain(`/portal/staff/finance/pots/${potA.id}`);
  });

  it('a pot is created on the form, every problem named', async () => {
    await c.get('/portal/staff/finance/pots/new');
    const empty = await c.post('/portal/staff/finance/pots', { _csrf: c.csrf });
    expect(empty.status).toBe(422);
    for (const href of ['#name', '#financialYear']) expect(empty.html).toContain(`href="${href}"`);
    const bad = await c.post('/portal/staff/finance/pots', { _csrf: c.csrf, name: 'North West 2026-27', financialYear: '2026-28', amount: 'lots', purpose: 'bursaries' });
    expect(bad.html).toContain('two consecutive years');
    expect(bad.html).toContain('href="#amount"');
    const tooMuch = await c.post('/portal/staff/finance/pots', { _csrf: c.csrf, name: 'Too big', financialYear: '2026-27', amount: '7000000', purpose: 'bursaries' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.html).toContain('not yet in a pot');
    const made = await c.post('/portal/staff/finance/pots', { _csrf: c.csrf, name: 'North West 2026-27', financialYear: '2026-27', amount: '2500.50', purpose: 'bursaries' });
    expect([made.status, made.location]).toEqual([303, '/portal/staff/finance/budget?created=1']);
    const list = await c.get('/portal/staff/finance/budget?created=1');
    expect(list.html).toContain('The pot has been created');
    expect(list.html).toContain('North West 2026-27');
  });

  it('a pot is topped up: the form, its errors, a check with before and after, then done', async () => {
    await c.get(`/portal/staff/finance/pots/${potA.id}/top-up`);
    const empty = await c.post(`/portal/staff/finance/pots/${potA.id}/top-up/check`, { _csrf: c.csrf });
    expect(empty.status).toBe(422);
    expect(empty.html).toContain('href="#amount"');
    expect(empty.html).toContain('href="#reason"');
    expect(empty.html).toContain('Enter the amount to add in pounds');
    const tooMuch = await c.post(`/portal/staff/finance/pots/${potA.id}/top-up/check`, { _csrf: c.csrf, amount: '6000000', reason: 'all of it' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.html).toContain('not yet in a pot');

    const check = await c.post(`/portal/staff/finance/pots/${potA.id}/top-up/check`, { _csrf: c.csrf, amount: '1,500', reason: 'second tranche' });
    expect(check.status).toBe(200);
    expect(check.html).toContain('Check the top-up');
    expect(check.html).toMatch(/£10,000(?![.,]?\d)/);
    expect(check.html).toMatch(/£11,500(?![.,]?\d)/);
    expect((await potRow(w, potA.id)).fundedPence).toBe(1_000_000);

    const done = await c.post(`/portal/staff/finance/pots/${potA.id}/top-up`, { _csrf: hiddenField(check.html, '_csrf'), amount: hiddenField(check.html, 'amount'), reason: hiddenField(check.html, 'reason') });
    expect([done.status, done.location]).toEqual([303, `/portal/staff/finance/pots/${potA.id}?toppedUp=1`]);
    expect((await potRow(w, potA.id)).fundedPence).toBe(1_150_000);
    const page = await c.get(`/portal/staff/finance/pots/${potA.id}?toppedUp=1`);
    expect(page.html).toContain('The pot has been topped up');
    expect(page.html).toContain('second tranche');
  });

  it('a pot page draws its use over time as an accessible SVG with no inline style, and the same figures in a table', async () => {
    const page = await c.get(`/portal/staff/finance/pots/${potA.id}`);
    const svg = /<svg[\s\S]*<\/svg>/.exec(page.html)![0];
    expect(svg).toContain('role="img"');
    expect(svg).toMatch(/<title id="pot-chart-title">[^<]+: funded, reserved, committed, fallen due and available, by day/);
    expect(svg).toContain('aria-labelledby="pot-chart-title"');
    expect(svg).not.toMatch(/style=|<style/);
    expect(page.html).toContain('The figures in the chart: balances at the end of each day');
    expect(page.html).toMatch(/£11,500(?![.,]?\d)/);
    const monthly = await c.get(`/portal/staff/finance/pots/${potA.id}?by=month`);
    expect(monthly.html).toContain('balances at the end of each month');
    const usage = await w.api.app.get(PotsService).usage(potA.id);
    expect(usage[usage.length - 1]).toMatchObject({ fundedPence: 1_150_000, availablePence: 1_150_000, reservedPence: 0 });
  });

  it('money moves between pots: the form, its errors, a check, then done', async () => {
    await c.get('/portal/staff/finance/transfers/new');
    const empty = await c.post('/portal/staff/finance/transfers/check', { _csrf: c.csrf });
    expect(empty.status).toBe(422);
    for (const href of ['#fromPotId', '#toPotId', '#amount', '#reason']) expect(empty.html).toContain(`href="${href}"`);
    const same = await c.post('/portal/staff/finance/transfers/check', { _csrf: c.csrf, fromPotId: potB.id, toPotId: potB.id, amount: '10', reason: 'x' });
    expect(same.html).toContain('Select a different pot');
    const tooMuch = await c.post('/portal/staff/finance/transfers/check', { _csrf: c.csrf, fromPotId: potB.id, toPotId: potA.id, amount: '2000.01', reason: 'x' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.html).toContain('£2,000 available');

    const check = await c.post('/portal/staff/finance/transfers/check', { _csrf: c.csrf, fromPotId: potB.id, toPotId: potA.id, amount: '500', reason: 'more demand in London' });
    expect(check.html).toContain('Check the transfer');
    expect(check.html).toMatch(/£1,500(?![.,]?\d)/);
    const done = await c.post('/portal/staff/finance/transfers', { _csrf: hiddenField(check.html, '_csrf'), fromPotId: potB.id, toPotId: potA.id, amount: '500', reason: 'more demand in London' });
    expect([done.status, done.location]).toEqual([303, '/portal/staff/finance/budget?transferred=1']);
    expect((await potRow(w, potB.id)).availablePence).toBe(150_000);
  });

  it('the ledger filters by GET query, names a bad filter, pages, and links to the same filters as CSV', async () => {
    const page = await c.get(`/portal/staff/finance/ledger?potId=${potA.id}&kind=fund`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('second tranche');
    expect(page.html).not.toContain('more demand in London');
    expect(page.html).toContain(`href="/api/v1/admin/budget/ledger.csv?potId=${potA.id}&amp;kind=fund"`);
    const bad = await c.get('/portal/staff/finance/ledger?from=yesterday&kind=steal');
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('href="#from"');
    expect(bad.html).toContain('href="#kind"');
    // The CSV link works for a signed-in person's session, as the link on the page is followed.
    const csv = await c.get(`/api/v1/admin/budget/ledger.csv?potId=${potA.id}&kind=fund`);
    expect(csv.status).toBe(200);
    expect(csv.html).toContain('second tranche');
  });
});
