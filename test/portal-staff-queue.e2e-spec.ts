/**
 * The review queue on pages (issue 15): filters, sort and counts per status
 * from the URL, a search that opens the one application it finds, "Assign
 * to me" and "Unassign" on the rows, assigning the next N of a filter, the
 * workload table, and the conflicts of interest pages.
 */
import { randomBytes } from 'node:crypto';
import type { ProfileInput } from '@app/intake';
import { applicant, draft, openRound, qualification } from './factories/intake.factory';
import { PortalClient } from './support/portal-client';
import { PASSWORD, World } from './support/world';

describe('the staff queue pages', () => {
  let w: World;
  let roundId: string;
  const tag = randomBytes(3).toString('hex');
  const apps: Record<'london' | 'northWest' | 'held', { id: string; reference: string; email: string }> = {} as never;

  async function submitted(qualificationId: string, profile: Partial<ProfileInput>) {
    const person = await applicant(w, profile);
    const app = await draft(w, person.token, roundId, qualificationId);
    expect((await w.call('POST', `/applications/${app.id}/submit`, { token: person.token })).body.status).toBe('under_review');
    w.clock.advance({ minutes: 5 });
    return { id: app.id, reference: app.reference, email: person.email };
  }

  async function staff(role: 'reviewer' | 'admin' | 'finance' = 'reviewer') {
    const user = await w.user(role);
    const c = new PortalClient(w.api.url);
    await c.signIn(user.email, PASSWORD);
    return { c, user };
  }

  beforeAll(async () => {
    w = await World.start({ worker: false });
    const level5 = await qualification(w, { level: 5 });
    const level4 = await qualification(w, { level: 4 });
    roundId = (await openRound(w, [level5.id, level4.id])).id;
    apps.london = await submitted(level5.id, { fullName: `Ada Queue-${tag}`, region: 'london', currentRole: 'practice_manager' });
    apps.northWest = await submitted(level4.id, { fullName: `Bea Queue-${tag}`, region: 'north_west', currentRole: 'receptionist_or_administrator' });
    apps.held = await submitted(level5.id, { fullName: `Cy Other-${tag}` });
    const holder = await w.user('reviewer');
    await w.db.query(`UPDATE application SET held_at = now(), held_by = $2, hold_reason = 'Waiting for a reference' WHERE id = $1`, [apps.held.id, holder.id]);
  }, 90_000);
  afterAll(() => w.stop());

  it('filters by region, role, qualification level and hold, from the URL, dropping what it does not understand', async () => {
    const { c } = await staff('finance');
    const london = await c.get('/portal/staff/applications?region=london');
    expect(london.html).toContain(apps.london.reference);
    expect(london.html).not.toContain(apps.northWest.reference);
    expect(london.html).toContain('<option value="london" selected>');
    const role = await c.get('/portal/staff/applications?role=receptionist_or_administrator');
    expect(role.html).toContain(apps.northWest.reference);
    expect(role.html).not.toContain(apps.london.reference);
    const level = await c.get('/portal/staff/applications?level=4');
    expect(level.html).toContain(apps.northWest.reference);
    expect(level.html).toContain('Applications 1 to 1 of 1');
    const held = await c.get('/portal/staff/applications?held=yes');
    expect(held.html).toContain(apps.held.reference);
    expect(held.html).toMatch(/nhsuk-tag--orange">\s*On hold\s*<\/strong>/);
    expect(held.html).toContain('Applications 1 to 1 of 1');
    const notHeld = await c.get('/portal/staff/applications?held=no');
    expect(notHeld.html).not.toContain(apps.held.reference);
    const odd = await c.get('/portal/staff/applications?region=mars&level=12&assigned=whoever&held=perhaps&sort=random');
    expect(odd.status).toBe(200);
    expect(odd.html).toContain('Applications 1 to 3 of 3');
    // Finance may look, not take.
    expect(odd.html).not.toContain('Assign to me');
  });

  it('counts each status under the same filters, and sorts by priority, oldest or newest', async () => {
    const { c } = await staff();
    const all = await c.get('/portal/staff/applications');
    expect(all.html).toContain('<option value="under_review">To review (3)</option>');
    expect(all.html).toContain('<option value="" selected>Any status (3)</option>');
    expect(all.html).toContain('<option value="offered">Offered (0)</option>');
    const london = await c.get('/portal/staff/applications?region=london&status=offered');
    expect(london.html).toContain('<option value="under_review">To review (1)</option>');
    expect(london.html).toContain('No applications match these filters.');
    expect(london.html).toContain('<a href="/portal/staff/applications?status=under_review&amp;region=london">To review (1)</a>');
    const order = (html: string) => [apps.london, apps.northWest, apps.held].map((a) => ({ ref: a.reference, at: html.indexOf(a.reference) })).sort((x, y) => x.at - y.at).map((x) => x.ref);
    const oldest = await c.get('/portal/staff/applications?sort=oldest');
    expect(order(oldest.html)).toEqual([apps.london.reference, apps.northWest.reference, apps.held.reference]);
    expect(oldest.html).toContain(', oldest first');
    const newest = await c.get('/portal/staff/applications?sort=newest');
    expect(order(newest.html)).toEqual([apps.held.reference, apps.northWest.reference, apps.london.reference]);
    expect((await c.get('/portal/staff/applications')).html).toContain(', highest priority first');
  });

  it('a search with one match opens the application; with more it lists them', async () => {
    const { c } = await staff();
    const byReference = await c.get(`/portal/staff/applications?q=${apps.london.reference.toLowerCase()}`);
    expect(byReference.status).toBe(303);
    expect(byReference.location).toBe(`/portal/staff/applications/${apps.london.id}`);
    const byEmail = await c.get(`/portal/staff/applications?q=${encodeURIComponent(` ${apps.northWest.email.toUpperCase()} `)}`);
    expect(byEmail.location).toBe(`/portal/staff/applications/${apps.northWest.id}`);
    const byName = await c.get(`/portal/staff/applications?q=${encodeURIComponent(`queue-${tag}`)}`);
    expect(byName.status).toBe(200);
    expect(byName.html).toContain(`Search results for “queue-${tag}”`);
    expect(byName.html).toContain(apps.london.reference);
    expect(byName.html).toContain(apps.northWest.reference);
    expect(byName.html).not.toContain(apps.held.reference);
    const none = await c.get('/portal/staff/applications?q=PMB-1999-999999');
    expect(none.html).toContain('No applications match this search.');
    // A name with a wildcard in it is only text.
    expect((await c.get('/portal/staff/applications?q=%25')).html).toContain('No applications match this search.');
  });

  it('"Assign to me" and "Unassign" from a row, back to the same view; someone else’s is not offered or taken', async () => {
    const { c, user } = await staff();
    const view = '/portal/staff/applications?region=london';
    await c.get(view);
    const taken = await c.post(`/portal/staff/applications/${apps.london.id}/assign`, { _csrf: c.csrf, return: view });
    expect(taken.status).toBe(303);
    expect(taken.location).toBe(`${view}&done=assigned`);
    const after = await c.get(taken.location!);
    expect(after.html).toContain('Application assigned to you');
    expect(after.html).toMatch(/Assigned to <\/span>You/);
    expect(after.html).toContain(`action="/portal/staff/applications/${apps.london.id}/unassign"`);
    const mine = await c.get('/portal/staff/applications?assigned=me');
    expect(mine.html).toContain(apps.london.reference);
    expect(mine.html).toContain('Applications 1 to 1 of 1');
    expect((await c.get(`/portal/staff/applications?assigned=${user.id}`)).html).toContain(apps.london.reference);
    expect((await c.get('/portal/staff/applications?assigned=none')).html).not.toContain(apps.london.reference);
    const home = await c.get('/portal/staff');
    expect(home.html).toMatch(/<a href="\/portal\/staff\/applications\?status=under_review&amp;assigned=me">Assigned to me, to review<\/a>:\s*<strong>1<\/strong>/);
    expect(home.html).toMatch(/<a href="\/portal\/staff\/applications\?held=yes">On hold<\/a>:\s*<strong>1<\/strong>/);
    const audit = await w.db.query(`SELECT actor_id, after FROM audit_event WHERE action = 'application.assign' AND target_id = $1`, [apps.london.id]);
    expect(audit).toEqual([{ actor_id: user.id, after: { assignedTo: user.id } }]);

    // Another reviewer sees who has it and cannot take it (a stale page's form is refused, explained).
    const { c: other } = await staff();
    const seen = await other.get(view);
    expect(seen.html).toMatch(/Assigned to <\/span>Test reviewer/);
    expect(seen.html).not.toContain(`/portal/staff/applications/${apps.london.id}/unassign`);
    const refused = await other.post(`/portal/staff/applications/${apps.london.id}/assign`, { _csrf: other.csrf, return: view });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('There is a problem');
    expect(refused.html).toContain('This application is assigned to Test reviewer already: they or an administrator can unassign it');
    expect((await other.post(`/portal/staff/applications/${apps.london.id}/unassign`, { _csrf: other.csrf, return: view })).status).toBe(403);

    const given = await c.post(`/portal/staff/applications/${apps.london.id}/unassign`, { _csrf: c.csrf, return: 'https://elsewhere.example/' });
    expect(given.location).toBe('/portal/staff/applications?done=unassigned');
    expect((await c.get(given.location!)).html).toContain('Application unassigned');
    expect((await w.db.query(`SELECT assigned_to FROM application WHERE id = $1`, [apps.london.id]))[0].assigned_to).toBeNull();

    const { c: finance } = await staff('finance');
    await finance.get('/portal/staff/applications');
    expect((await finance.post(`/portal/staff/applications/${apps.london.id}/assign`, { _csrf: finance.csrf })).status).toBe(403);
  });

  it('assigns the next N of a filter (to someone else: admins only), and shows each reviewer’s workload', async () => {
    const { c: reviewer, user: me } = await staff();
    const page = await reviewer.get('/portal/staff/assignment');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Only administrators can assign applications to someone else.');
    expect(page.html).toContain(`<option value="${me.id}" selected>Test reviewer (you)</option>`);
    const empty = await reviewer.post('/portal/staff/assignment', { _csrf: reviewer.csrf, n: '', reviewerId: me.id, region: 'london' });
    expect(empty.status).toBe(422);
    expect(empty.html).toMatch(/<a href="#n">\s*Enter how many applications to assign\s*<\/a>/);
    expect(empty.html).toContain('<option value="london" selected>');
    const { c: admin } = await staff('admin');
    await admin.get('/portal/staff/assignment');
    const tooMany = await admin.post('/portal/staff/assignment', { _csrf: admin.csrf, n: '51', reviewerId: me.id });
    expect(tooMany.status).toBe(422);
    expect(tooMany.html).toContain('Enter a whole number from 1 to 50');
    expect(tooMany.html).toContain('value="51"');
    const done = await admin.post('/portal/staff/assignment', { _csrf: admin.csrf, n: '5', reviewerId: me.id, status: '', region: '', role: '', level: '', sort: 'oldest' });
    expect(done.status).toBe(303);
    // Two to take: the held one is never assigned this way.
    expect(done.location).toBe(`/portal/staff/assignment?assigned=2&to=${me.id}`);
    const banner = await admin.get(done.location!);
    expect(banner.html).toContain('2 applications assigned to Test reviewer');
    expect(banner.html).toMatch(/Assigned, waiting for a decision <\/span>2\s*<\/td>/);
    const nothingLeft = await reviewer.post('/portal/staff/assignment', { _csrf: reviewer.csrf, n: '3', reviewerId: me.id });
    expect(nothingLeft.location).toBe(`/portal/staff/assignment?assigned=0&to=${me.id}`);
    expect((await reviewer.get(nothingLeft.location!)).html).toContain('No unassigned applications matched that filter, so none were assigned.');
    const someoneElse = await reviewer.post('/portal/staff/assignment', { _csrf: reviewer.csrf, n: '1', reviewerId: (await w.user('reviewer')).id });
    expect(someoneElse.status).toBe(422);
    expect(someoneElse.html).toContain('Only an administrator can assign applications to someone else: choose yourself');
    // Finance reads the workload, without the form.
    const { c: finance } = await staff('finance');
    const financePage = await finance.get('/portal/staff/assignment');
    expect(financePage.status).toBe(200);
    expect(financePage.html).toContain('Workload');
    expect(financePage.html).not.toContain('Assign the next applications');
    await w.db.query(`UPDATE application SET assigned_to = NULL, assigned_at = NULL`);
  });

  it('staff declare and remove their conflicts of interest; admins see everyone’s', async () => {
    const { c } = await staff();
    const page = await c.get('/portal/staff/conflicts');
    expect(page.status).toBe(200);
    expect(page.html).toContain('You have not declared any organisations.');
    const missing = await c.post('/portal/staff/conflicts', { _csrf: c.csrf, code: '' });
    expect(missing.status).toBe(422);
    expect(missing.html).toMatch(/<a href="#kind">\s*Choose what kind of organisation it is\s*<\/a>/);
    const wrong = await c.post('/portal/staff/conflicts', { _csrf: c.csrf, kind: 'icb', code: 'U12345' });
    expect(wrong.status).toBe(422);
    expect(wrong.html).toContain('Enter an integrated care board code: Q and two letters or digits, like QWO');
    expect(wrong.html).toContain('value="U12345"');
    const added = await c.post('/portal/staff/conflicts', { _csrf: c.csrf, kind: 'pcn', code: 'u12345' });
    expect(added.status).toBe(303);
    expect(added.location).toBe('/portal/staff/conflicts?done=added');
    const listed = await c.get(added.location!);
    expect(listed.html).toContain('Organisation added to your conflicts of interest');
    expect(listed.html).toContain('U12345');
    expect(listed.html).toContain('Not in our list of practices');
    const twice = await c.post('/portal/staff/conflicts', { _csrf: c.csrf, kind: 'pcn', code: 'U12345' });
    expect(twice.status).toBe(422);
    expect(twice.html).toContain('You have already declared primary care network U12345');
    const { c: admin } = await staff('admin');
    const all = await admin.get('/portal/staff/conflicts/all');
    expect(all.status).toBe(200);
    expect(all.html).toContain('U12345');
    expect((await c.get('/portal/staff/conflicts/all')).status).toBe(403);
    await c.get('/portal/staff/conflicts');
    const id = /action="\/portal\/staff\/conflicts\/([0-9a-f-]{36})\/remove"/.exec(c.lastHtml)![1];
    const removed = await c.post(`/portal/staff/conflicts/${id}/remove`, { _csrf: c.csrf });
    expect(removed.location).toBe('/portal/staff/conflicts?done=removed');
    expect((await c.get(removed.location!)).html).toContain('You have not declared any organisations.');
  });

  it('the API takes the same filters, checked', async () => {
    const reviewer = await w.signedIn('reviewer');
    const res = await w.call('GET', `/admin/applications?region=north_west&level=4&held=no&sort=newest&assigned=none&q=${encodeURIComponent(`queue-${tag}`)}`, { token: reviewer.token });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { reference: string }) => i.reference)).toEqual([apps.northWest.reference]);
    expect(res.body.items[0]).toMatchObject({ qualificationLevel: 4, assignedTo: null, heldAt: null });
    expect(res.body.counts).toEqual({ under_review: 1 });
    const bad = await w.call('GET', '/admin/applications?level=9&held=maybe&assigned=x&sort=random', { token: reviewer.token });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['assigned', 'held', 'level', 'sort']);
    // A decision counts in the workload this week and this year.
    expect((await w.call('POST', `/admin/applications/${apps.northWest.id}/decision`, { token: reviewer.token, body: { decision: 'waitlist', reasonCode: 'lower_priority' } })).status).toBe(200);
    const workload = await w.call('GET', '/admin/reviewers/workload', { token: reviewer.token });
    expect(workload.body.find((r: { id: string }) => r.id === reviewer.id)).toEqual({ id: reviewer.id, name: 'Test reviewer', role: 'reviewer', assigned: 0, decidedThisWeek: 1, decidedThisYear: 1 });
  });
});
