/** The staff case page (issue 15): its sections, internal notes, hold and release, the decision with the money beside it, bulk decisions with a preview, appeals. */
import { applicant, draft, openRound, pot, qualification } from './factories/intake.factory';
import { PortalClient } from './support/portal-client';
import { PASSWORD, World } from './support/world';

/** A page's words, tags gone and spaces collapsed. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** The error summary's link to `href`, as words. */
const errorLink = (html: string, href: string) => new RegExp(`<a href="${href}">([^<]*)</a>`).exec(html)?.[1].replace(/\s+/g, ' ').trim().replace(/&quot;/g, '"');

describe('the staff case pages', () => {
  let w: World;
  let qualificationId: string;
  let potId: string;
  let roundId: string;
  let otherRoundId: string;
  let adminToken: string;

  /** A submitted application in `round` by a new applicant (under review), with the applicant's token and email. */
  async function submitted(round = roundId) {
    const person = await applicant(w);
    const app = await draft(w, person.token, round, qualificationId);
    await w.call('PATCH', `/applications/${app.id}`, { token: person.token, body: { statement: 'I run the rota and the front desk.' } });
    expect((await w.call('POST', `/applications/${app.id}/submit`, { token: person.token })).body.status).toBe('under_review');
    return { ...app, person };
  }

  async function staff(role: 'reviewer' | 'admin' | 'finance' = 'reviewer') {
    const user = await w.user(role);
    const c = new PortalClient(w.api.url);
    await c.signIn(user.email, PASSWORD);
    return c;
  }

  const available = async () => (await w.call('GET', `/admin/budget/pots/${potId}`, { token: adminToken })).body.availablePence as number;

  beforeAll(async () => {
    w = await World.start({ worker: false });
    adminToken = (await w.signedIn('admin')).token;
    const q = await qualification(w, { bursaryPence: 50_000 });
    qualificationId = q.id;
    // £1,200: two £500 bursaries, and £200 over.
    potId = (await pot(w, 120_000)).id;
    roundId = (await openRound(w, [q.id], { potId })).id;
    otherRoundId = (await openRound(w, [q.id])).id;
  }, 60_000);
  afterAll(() => w.stop());

  it('shows the case in sections: facts, skills, each rule, statement, support, history, and the money beside the decision', async () => {
    const app = await submitted(otherRoundId);
    const c = await staff();
    const page = await c.get(`/portal/staff/applications/${app.id}`);
    expect(page.status).toBe(200);
    for (const section of ['Summary', 'The applicant', 'Skills self-assessment', 'Eligibility rules', 'Statement', 'Employer support', 'History', 'Internal notes', 'Put on hold', 'Decision']) {
      expect(page.html).toContain(section);
    }
    expect(page.html).toContain('Sections of this application');
    expect(page.html).toContain('Each rule of rule set 2026-1');
    expect(page.html).toContain('Works in general practice');
    // Skills from config/workforce.yaml with their rating words.
    expect(text(page.html)).toContain('Patient services 4: Could teach it');
    expect(text(page.html)).toContain('Finance 2: Some experience');
    // The region by its name in config/workforce.yaml, capitals and all.
    expect(text(page.html)).toContain('Region North East and Yorkshire');
    expect(page.html).toContain('I run the rota and the front desk.');
    expect(page.html).toContain('Dr Jane Rahman, jane.rahman@nhs.example');
    expect(page.html).toContain('What approving does to the money');
    expect(page.html).toContain('£50,000');
    expect(page.html).toContain('£49,500');
    expect(text(page.html)).toContain('Approvals the pot can still fund 100');
    // Every reason code, grouped by decision, without script.
    expect(page.html).toMatch(/<optgroup label="Approve">[\s\S]*meets_criteria[\s\S]*<optgroup label="Reject">[\s\S]*insufficient_evidence[\s\S]*<optgroup label="Put on the waiting list">[\s\S]*lower_priority/);
    // The API carries the same money.
    const detail = await w.call('GET', `/admin/applications/${app.id}`, { token: adminToken });
    expect(detail.body.money).toMatchObject({ availablePence: 5_000_000, bursaryPence: 50_000, afterPence: 4_950_000, fundableCount: 100, fundable: true });
    expect(detail.body.timeline.map((t: { kind: string }) => t.kind)).toEqual(['status', 'status', 'status']);
  });

  it('finance reads the case but gets no forms; applicants cannot open it', async () => {
    const app = await submitted(otherRoundId);
    const finance = await staff('finance');
    const page = await finance.get(`/portal/staff/applications/${app.id}`);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('Record decision');
    expect((await finance.post(`/portal/staff/applications/${app.id}/notes`, { _csrf: finance.csrf, body: 'x' })).status).toBe(403);
    const person = new PortalClient(w.api.url);
    await person.signIn(app.person.email, PASSWORD);
    expect((await person.get(`/portal/staff/applications/${app.id}`)).status).toBe(403);
  });

  it('adds an internal note, with its author and role, which the applicant never sees', async () => {
    const app = await submitted(otherRoundId);
    const c = await staff();
    await c.get(`/portal/staff/applications/${app.id}`);
    const empty = await c.post(`/portal/staff/applications/${app.id}/notes`, { _csrf: c.csrf, body: '  ' });
    expect(empty.status).toBe(422);
    expect(empty.html).toContain('There is a problem');
    expect(errorLink(empty.html, '#note-body')).toBe('Enter the note');
    const body = 'Phoned the practice: the manager confirms the role. SECRET-NOTE-7731';
    const added = await c.post(`/portal/staff/applications/${app.id}/notes`, { _csrf: c.csrf, body });
    expect(added.status).toBe(303);
    expect(added.location).toBe(`/portal/staff/applications/${app.id}?done=note#notes`);
    const page = await c.get(`/portal/staff/applications/${app.id}?done=note`);
    expect(page.html).toContain('Note added');
    expect(page.html).toContain(body);
    expect(text(page.html)).toMatch(/Test reviewer \(Reviewer\), \d+ \w+ \d{4}/);

    const api = await w.call('GET', `/admin/applications/${app.id}/notes`, { token: adminToken });
    expect(api.status).toBe(200);
    expect(api.body).toEqual([expect.objectContaining({ body, authorName: 'Test reviewer', authorRole: 'reviewer' })]);
    const viaApi = await w.call('POST', `/admin/applications/${app.id}/notes`, { token: adminToken, body: { body: 'From the API. SECRET-NOTE-7731' } });
    expect(viaApi.status).toBe(201);
    expect((await w.call('POST', `/admin/applications/${app.id}/notes`, { token: adminToken, body: { body: '' } })).status).toBe(400);
    expect((await w.call('POST', `/admin/applications/${app.id}/notes`, { token: app.person.token, body: { body: 'mine' } })).status).toBe(403);

    // Never shown to the applicant: not on their page, not in their API.
    const person = new PortalClient(w.api.url);
    await person.signIn(app.person.email, PASSWORD);
    const theirs = await person.get(`/portal/applications/${app.id}`);
    expect(theirs.status).toBe(200);
    expect(theirs.html).not.toContain('SECRET-NOTE-7731');
    const theirApi = await w.call('GET', `/applications/${app.id}`, { token: app.person.token });
    expect(theirApi.status).toBe(200);
    expect(JSON.stringify(theirApi.body)).not.toContain('SECRET-NOTE-7731');
  });

  it('a held application cannot be decided until it is released; both are in the history with their reasons', async () => {
    const app = await submitted(otherRoundId);
    const c = await staff();
    await c.get(`/portal/staff/applications/${app.id}`);
    const noReason = await c.post(`/portal/staff/applications/${app.id}/hold`, { _csrf: c.csrf, reason: '' });
    expect(noReason.status).toBe(422);
    expect(errorLink(noReason.html, '#hold-reason')).toBe('Enter why you are putting it on hold');
    const held = await c.post(`/portal/staff/applications/${app.id}/hold`, { _csrf: c.csrf, reason: 'Waiting for the employer to confirm the post.' });
    expect(held.status).toBe(303);
    let page = await c.get(held.location!);
    expect(page.html).toContain('The application is on hold');
    expect(page.html).toContain('Release from hold');
    expect(page.html).toContain('This application is on hold, so it cannot be decided');

    // Deciding while held is refused on the page and on the API.
    const refused = await c.post(`/portal/staff/applications/${app.id}/decision`, { _csrf: c.csrf, decision: 'approve', reasonCode: 'meets_criteria', note: '' });
    expect(refused.status).toBe(422);
    expect(errorLink(refused.html, '#decide-refusal')).toBe('This application is on hold, so it cannot be decided: release it first');
    const api = await w.call('POST', `/admin/applications/${app.id}/decision`, { token: adminToken, body: { decision: 'approve', reasonCode: 'meets_criteria' } });
    expect(api.status).toBe(409);
    expect(api.body.code).toBe('application_on_hold');
    expect((await w.call('POST', `/admin/applications/${app.id}/hold`, { token: adminToken, body: { reason: 'again' } })).status).toBe(409);

    const noRelease = await c.post(`/portal/staff/applications/${app.id}/release`, { _csrf: c.csrf, reason: '' });
    expect(noRelease.status).toBe(422);
    expect(noRelease.html).toContain('Enter why you are releasing it');
    const released = await c.post(`/portal/staff/applications/${app.id}/release`, { _csrf: c.csrf, reason: 'The employer confirmed.' });
    expect(released.status).toBe(303);
    page = await c.get(released.location!);
    expect(page.html).toContain('The application has been released');
    expect(text(page.html)).toContain('Put on hold Test reviewer (Reviewer) Waiting for the employer to confirm the post.');
    expect(text(page.html)).toContain('Released from hold Test reviewer (Reviewer) The employer confirmed.');
    expect(page.html).toContain('Released from hold');
    expect(page.html).toContain('The employer confirmed.');
    expect((await w.call('POST', `/admin/applications/${app.id}/release`, { token: adminToken, body: { reason: 'again' } })).status).toBe(409);
    const audit = await w.db.query(`SELECT action, after ->> 'reason' AS reason FROM audit_event WHERE target_id = $1 AND action IN ('application.hold', 'application.release') ORDER BY id`, [app.id]);
    expect(audit).toEqual([
      { action: 'application.hold', reason: 'Waiting for the employer to confirm the post.' },
      { action: 'application.release', reason: 'The employer confirmed.' },
    ]);

    // Through the API too, and then it can be decided.
    expect((await w.call('POST', `/admin/applications/${app.id}/hold`, { token: adminToken, body: { reason: 'Checking.' } })).status).toBe(200);
    expect((await w.call('POST', `/admin/applications/${app.id}/release`, { token: adminToken, body: { reason: 'Checked.' } })).status).toBe(200);
    const decided = await c.post(`/portal/staff/applications/${app.id}/decision`, { _csrf: c.csrf, decision: 'reject', reasonCode: 'insufficient_evidence', note: '' });
    expect(decided.status).toBe(303);
    expect(decided.location).toBe(`/portal/staff/applications/${app.id}?done=rejected`);
    // A decided application cannot be held.
    expect((await w.call('POST', `/admin/applications/${app.id}/hold`, { token: adminToken, body: { reason: 'Late.' } })).body.code).toBe('not_holdable');
  });

  it('refuses a reason that does not belong to the decision, keeping what was chosen', async () => {
    const app = await submitted(otherRoundId);
    const c = await staff();
    await c.get(`/portal/staff/applications/${app.id}`);
    const wrong = await c.post(`/portal/staff/applications/${app.id}/decision`, { _csrf: c.csrf, decision: 'approve', reasonCode: 'insufficient_evidence', note: 'kept' });
    expect(wrong.status).toBe(422);
    expect(wrong.html).toContain('There is a problem');
    expect(errorLink(wrong.html, '#reasonCode')).toBe('Select a reason for approving: "Insufficient evidence" is not one');
    expect(wrong.html).toMatch(/value="approve" checked/);
    expect(wrong.html).toContain('<option value="insufficient_evidence" selected>');
    expect(wrong.html).toContain('>kept</textarea>');
    const nothing = await c.post(`/portal/staff/applications/${app.id}/decision`, { _csrf: c.csrf });
    expect(nothing.status).toBe(422);
    expect(errorLink(nothing.html, '#decision')).toBe('Select approve, reject or put on the waiting list');
    expect(errorLink(nothing.html, '#reasonCode')).toBe('Select a reason');
  });

  it('approving takes the bursary from the pot: the figures beside the form, then an offer of £500 and £500 less available', async () => {
    const app = await submitted();
    const c = await staff();
    const before = await available();
    expect(before).toBe(120_000);
    const page = await c.get(`/portal/staff/applications/${app.id}`);
    expect(text(page.html)).toContain('Available now £1,200');
    expect(text(page.html)).toContain('Available after this approval £700');
    expect(text(page.html)).toContain('Approvals the pot can still fund 2');
    const approved = await c.post(`/portal/staff/applications/${app.id}/decision`, { _csrf: c.csrf, decision: 'approve', reasonCode: 'meets_criteria', note: 'Strong case.' });
    expect(approved.status).toBe(303);
    expect(approved.location).toBe(`/portal/staff/applications/${app.id}?done=offered`);
    const after = await c.get(approved.location!);
    expect(after.html).toContain('Approved: offered £500');
    expect(after.html).not.toContain('Record decision');
    expect(await available()).toBe(before - 50_000);
    expect((await w.call('GET', `/admin/applications/${app.id}`, { token: adminToken })).body.money).toMatchObject({ availablePence: 70_000, afterPence: 20_000, fundableCount: 1 });
  });

  it('a bulk decision previews what each will do and the money, decides nothing until confirmed, then shows each outcome', async () => {
    // £700 left in the pot: one more £500 offer, then the waiting list.
    expect(await available()).toBe(70_000);
    const apps = [await submitted(), await submitted(), await submitted()];
    const c = await staff();
    const choose = await c.get(`/portal/staff/decisions/choose?status=under_review&roundId=${roundId}`);
    expect(choose.status).toBe(200);
    for (const a of apps) expect(choose.html).toContain(a.reference);

    const none = await c.post('/portal/staff/decisions', { _csrf: c.csrf, status: 'under_review', roundId, decision: 'approve', reasonCode: 'meets_criteria' });
    expect(none.status).toBe(422);
    expect(errorLink(none.html, '#ids')).toBe('Select at least one application');

    const form = new URLSearchParams({ _csrf: c.csrf, status: 'under_review', roundId, decision: 'approve', reasonCode: 'meets_criteria', note: '' });
    for (const a of apps) form.append('ids', a.id);
    const preview = await c.post('/portal/staff/decisions', form);
    expect(preview.status).toBe(200);
    const html = preview.html;
    expect(text(html)).toContain('Will be offered 1');
    expect(text(html)).toContain('Will go on the waiting list for insufficient funds 2');
    expect(html).toContain('£700 available now; these decisions reserve £500, leaving £200.');
    expect(html).toContain('Confirm 3 decisions');
    // Nothing decided yet.
    expect(await available()).toBe(70_000);
    for (const a of apps) expect((await w.call('GET', `/admin/applications/${a.id}`, { token: adminToken })).body.status).toBe('under_review');

    // Confirm posts the ids in the preview's order.
    const confirmForm = new URLSearchParams({ _csrf: c.csrf, decision: 'approve', reasonCode: 'meets_criteria', note: '' });
    for (const id of [...html.matchAll(/<input type="hidden" name="ids" value="([^"]+)">/g)].map((m) => m[1])) confirmForm.append('ids', id);
    expect(confirmForm.getAll('ids').sort()).toEqual(apps.map((a) => a.id).sort());
    const done = await c.post('/portal/staff/decisions/confirm', confirmForm);
    expect(done.status).toBe(200);
    const doneHtml = done.html;
    expect(doneHtml).toContain('3 of 3 applications decided: 1 offered, 2 on the waiting list, 0 rejected.');
    expect(await available()).toBe(20_000);
    const statuses = await Promise.all(apps.map(async (a) => (await w.call('GET', `/admin/applications/${a.id}`, { token: adminToken })).body.status));
    expect(statuses.sort()).toEqual(['offered', 'waitlisted', 'waitlisted']);
  });

  it('a held application on the waiting list is passed over when money comes back', async () => {
    const round = (await openRound(w, [qualificationId], { potId: (await pot(w, 50_000)).id })).id;
    const [first, held, next] = [await submitted(round), await submitted(round), await submitted(round)];
    const approve = (id: string) => w.call('POST', `/admin/applications/${id}/decision`, { token: adminToken, body: { decision: 'approve', reasonCode: 'meets_criteria' } });
    expect((await approve(first.id)).body.status).toBe('offered');
    expect((await approve(held.id)).body).toEqual({ status: 'waitlisted', reason: 'insufficient_funds' });
    expect((await approve(next.id)).body).toEqual({ status: 'waitlisted', reason: 'insufficient_funds' });
    expect((await w.call('POST', `/admin/applications/${held.id}/hold`, { token: adminToken, body: { reason: 'Checking the employer.' } })).status).toBe(200);
    expect((await w.call('POST', `/applications/${first.id}/offer/decline`, { token: first.person.token })).body.status).toBe('declined');
    const statusOf = async (id: string) => (await w.call('GET', `/admin/applications/${id}`, { token: adminToken })).body.status;
    expect(await statusOf(held.id)).toBe('waitlisted');
    expect(await statusOf(next.id)).toBe('offered');
  });

  it('decides an appeal beside the decision it is against, with a note required', async () => {
    const app = await submitted(otherRoundId);
    expect((await w.call('POST', `/admin/applications/${app.id}/decision`, { token: adminToken, body: { decision: 'reject', reasonCode: 'insufficient_evidence', note: 'No evidence of the role.' } })).status).toBe(200);
    expect((await w.call('POST', `/applications/${app.id}/appeal`, { token: app.person.token, body: { statement: 'I attach my contract showing the role.' } })).status).toBeLessThan(300);
    const c = await staff();
    const list = await c.get('/portal/staff/appeals');
    expect(list.status).toBe(200);
    expect(list.html).toContain(app.reference);
    expect(list.html).toContain('href="/portal/staff/appeals"');
    const appealId = /href="\/portal\/staff\/appeals\/([0-9a-f-]{36})"/.exec(list.html.slice(list.html.indexOf(app.reference) - 200))![1];
    const page = await c.get(`/portal/staff/appeals/${appealId}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('I attach my contract showing the role.');
    expect(text(page.html)).toContain('Reason Insufficient evidence');
    expect(page.html).toContain('No evidence of the role.');
    const noNote = await c.post(`/portal/staff/appeals/${appealId}/decision`, { _csrf: c.csrf, decision: 'uphold', note: '' });
    expect(noNote.status).toBe(422);
    expect(errorLink(noNote.html, '#decision-note')).toBe('Enter a note explaining the decision');
    const upheld = await c.post(`/portal/staff/appeals/${appealId}/decision`, { _csrf: c.csrf, decision: 'uphold', note: 'The contract shows the role.' });
    expect(upheld.status).toBe(303);
    expect(upheld.location).toBe(`/portal/staff/applications/${app.id}?done=appeal-uphold`);
    const casePage = await c.get(upheld.location!);
    expect(casePage.html).toContain('Appeal upheld');
    expect((await w.call('GET', `/admin/applications/${app.id}`, { token: adminToken })).body.status).toBe('under_review');
    expect((await c.get('/portal/staff/appeals')).html).not.toContain(app.reference);
  });
});
