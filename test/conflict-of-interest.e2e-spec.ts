/**
 * Conflict of interest (issue 15): a reviewer connected to an applicant's
 * employer, by the practice itself or by its primary care network (through
 * the practice table), can neither be assigned the application nor decide
 * it: 403 on the API with a problem naming the organisation, and the reason
 * on the page. Another reviewer can.
 */
import { applicant, draft, openRound, qualification } from './factories/intake.factory';
import { PortalClient } from './support/portal-client';
import { PASSWORD, World } from './support/world';

describe('conflict of interest', () => {
  let w: World;
  let roundId: string;
  let qualificationId: string;
  let admin: { id: string; token: string; email: string };
  let byPractice: { id: string; token: string; email: string };
  let byNetwork: { id: string; token: string; email: string };
  let byIcb: { id: string; token: string; email: string };
  let other: { id: string; token: string; email: string };

  async function submitted(employerOdsCode = 'B82005') {
    const person = await applicant(w, { employerOdsCode });
    const app = await draft(w, person.token, roundId, qualificationId);
    const res = await w.call('POST', `/applications/${app.id}/submit`, { token: person.token });
    expect(res.body.status).toBe('under_review');
    return { ...app, applicantToken: person.token };
  }

  beforeAll(async () => {
    w = await World.start({ worker: false });
    await w.db.query(
      `INSERT INTO practice (ods_code, name, pcn_code, pcn_name, icb_code, icb_name, region) VALUES
        ('B82005', 'Harrogate Road Practice (test)', 'U77001', 'Harrogate Central PCN (test)', 'Q7A', 'North Yorkshire ICB (test)', 'north_east_and_yorkshire'),
        ('B82006', 'Knaresborough Surgery (test)', 'U77001', 'Harrogate Central PCN (test)', 'Q7A', 'North Yorkshire ICB (test)', 'north_east_and_yorkshire'),
        ('P84001', 'Ancoats Medical Practice (test)', 'U77002', 'Manchester Central PCN (test)', 'Q7B', 'Greater Manchester ICB (test)', 'north_west')`,
    );
    const q = await qualification(w);
    qualificationId = q.id;
    roundId = (await openRound(w, [q.id])).id;
    admin = await w.signedIn('admin');
    byPractice = await w.signedIn('reviewer');
    byNetwork = await w.signedIn('reviewer');
    byIcb = await w.signedIn('reviewer');
    other = await w.signedIn('reviewer');
    expect((await w.call('POST', '/me/conflicts', { token: byPractice.token, body: { kind: 'practice', code: 'b82005' } })).status).toBe(201);
    expect((await w.call('POST', '/me/conflicts', { token: byNetwork.token, body: { kind: 'pcn', code: 'U77001' } })).status).toBe(201);
    expect((await w.call('POST', '/me/conflicts', { token: byIcb.token, body: { kind: 'icb', code: 'Q7A' } })).status).toBe(201);
  }, 60_000);
  afterAll(() => w.stop());

  it('staff declare their organisations on the API, checked by kind; admins see everyone’s', async () => {
    const mine = await w.call('GET', '/me/conflicts', { token: byNetwork.token });
    expect(mine.body).toEqual([expect.objectContaining({ kind: 'pcn', code: 'U77001', name: 'Harrogate Central PCN (test)', userId: byNetwork.id })]);
    const wrongShape = await w.call('POST', '/me/conflicts', { token: other.token, body: { kind: 'pcn', code: 'B82005' } });
    expect(wrongShape.status).toBe(422);
    expect(wrongShape.body.errors).toEqual([{ field: 'code', message: expect.stringMatching(/primary care network code/) }]);
    const wrongKind = await w.call('POST', '/me/conflicts', { token: other.token, body: { kind: 'hospital', code: 'RR8' } });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.errors).toEqual([expect.objectContaining({ field: 'kind' })]);
    const twice = await w.call('POST', '/me/conflicts', { token: byPractice.token, body: { kind: 'practice', code: 'B82005' } });
    expect(twice.status).toBe(409);
    // Declared and removed again: gone, and audited both ways.
    const added = await w.call('POST', '/me/conflicts', { token: other.token, body: { kind: 'practice', code: 'P84001' } });
    expect(added.body).toMatchObject({ kind: 'practice', code: 'P84001', name: 'Ancoats Medical Practice (test)' });
    expect((await w.call('DELETE', `/me/conflicts/${added.body.id}`, { token: byPractice.token })).status).toBe(404);
    expect((await w.call('DELETE', `/me/conflicts/${added.body.id}`, { token: other.token })).status).toBe(204);
    expect((await w.call('GET', '/me/conflicts', { token: other.token })).body).toEqual([]);
    const audit = await w.db.query(`SELECT action FROM audit_event WHERE actor_id = $1 AND action LIKE 'staff_organisation.%' ORDER BY id`, [other.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['staff_organisation.declare', 'staff_organisation.remove']);
    const all = await w.call('GET', '/admin/conflicts', { token: admin.token });
    expect(all.status).toBe(200);
    expect(all.body.map((d: { userId: string; code: string }) => `${d.userId} ${d.code}`).sort()).toEqual([`${byIcb.id} Q7A`, `${byNetwork.id} U77001`, `${byPractice.id} B82005`].sort());
    expect((await w.call('GET', '/admin/conflicts', { token: other.token })).status).toBe(403);
  });

  it('a reviewer connected to the employer cannot be assigned it: by practice, by network, by ICB', async () => {
    const app = await submitted();
    for (const [reviewer, names] of [
      [byPractice, /Harrogate Road Practice \(test\) \(B82005\), is a practice you have declared a connection to, so you cannot be assigned or decide it/],
      [byNetwork, /is in Harrogate Central PCN \(test\) \(U77001\), a primary care network you have declared/],
      [byIcb, /is in North Yorkshire ICB \(test\) \(Q7A\), an integrated care board you have declared/],
    ] as const) {
      const res = await w.call('POST', `/admin/applications/${app.id}/assignment`, { token: reviewer.token, body: {} });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 403, code: 'conflict_of_interest', type: expect.stringContaining('conflict-of-interest') });
      expect(res.body.detail).toMatch(names);
      // Nor by an admin on their behalf.
      const byAdmin = await w.call('POST', `/admin/applications/${app.id}/assignment`, { token: admin.token, body: { reviewerId: reviewer.id } });
      expect(byAdmin.status).toBe(403);
      expect(byAdmin.body.code).toBe('conflict_of_interest');
      expect(byAdmin.body.detail).toMatch(/this reviewer has declared a connection to, so they cannot be assigned or decide it: choose another reviewer/);
    }
    const [row] = await w.db.query(`SELECT assigned_to FROM application WHERE id = $1`, [app.id]);
    expect(row.assigned_to).toBeNull();
    // Another reviewer can.
    const ok = await w.call('POST', `/admin/applications/${app.id}/assignment`, { token: other.token, body: {} });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ applicationId: app.id, reference: app.reference, assignedTo: { id: other.id, name: 'Test reviewer' } });
  });

  it('nor decide it, nor its appeal; another reviewer can', async () => {
    const app = await submitted('B82006'); // another practice in the same network
    const decision = { decision: 'approve', reasonCode: 'meets_criteria' };
    const refused = await w.call('POST', `/admin/applications/${app.id}/decision`, { token: byNetwork.token, body: decision });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('conflict_of_interest');
    expect(refused.body.detail).toContain('Knaresborough Surgery (test) (B82006), is in Harrogate Central PCN (test) (U77001)');
    // Connected to a different practice only: no conflict with this one.
    expect((await w.call('POST', `/admin/applications/${app.id}/assignment`, { token: byPractice.token, body: {} })).status).toBe(200);
    const [before] = await w.db.query(`SELECT status FROM application WHERE id = $1`, [app.id]);
    expect(before.status).toBe('under_review');
    const bulk = await w.call('POST', '/admin/applications/decisions', { token: byIcb.token, body: { applicationIds: [app.id], ...decision } });
    expect(bulk.body.results).toEqual([{ id: app.id, error: expect.stringContaining('Conflict of interest') }]);
    const decided = await w.call('POST', `/admin/applications/${app.id}/decision`, { token: other.token, body: { decision: 'reject', reasonCode: 'insufficient_evidence' } });
    expect(decided.status).toBe(200);
    const appealed = await w.call('POST', `/applications/${app.id}/appeal`, { token: app.applicantToken, body: { statement: 'My manager has written a letter of support since.' } });
    expect(appealed.status).toBe(201);
    const appealDecision = { decision: 'uphold', note: 'New evidence of support' };
    const refusedAppeal = await w.call('POST', `/admin/appeals/${appealed.body.appealId}/decision`, { token: byNetwork.token, body: appealDecision });
    expect(refusedAppeal.status).toBe(403);
    expect(refusedAppeal.body.code).toBe('conflict_of_interest');
    expect((await w.call('POST', `/admin/appeals/${appealed.body.appealId}/decision`, { token: other.token, body: appealDecision })).body).toEqual({ status: 'under_review' });
  });

  it('assigning the next N passes over the applications a reviewer is connected to', async () => {
    const near = await submitted('B82005');
    const far = await submitted('P84001');
    const taken = await w.call('POST', '/admin/applications/assign-next', { token: byNetwork.token, body: { n: 50, roundId } });
    expect(taken.status).toBe(200);
    const ids = taken.body.map((a: { applicationId: string }) => a.applicationId);
    expect(ids).toContain(far.id);
    expect(ids).not.toContain(near.id);
  });

  it('on the page, "Assign to me" is refused with the reason in an error summary', async () => {
    const app = await submitted();
    const c = new PortalClient(w.api.url);
    await c.signIn(byNetwork.email, PASSWORD);
    // The queue marks it instead of offering it; a form from a page shown before the declaration is refused, explained.
    const queue = await c.get('/portal/staff/applications?assigned=none&status=under_review');
    expect(queue.html).not.toContain(`id="assign-${app.id}"`);
    expect(queue.html).toMatch(/nhsuk-tag--grey">\s*Your conflict of interest/);
    const res = await c.post(`/portal/staff/applications/${app.id}/assign`, { _csrf: c.csrf, return: '/portal/staff/applications?assigned=none&status=under_review' });
    expect(res.status).toBe(403);
    expect(res.html).toContain('There is a problem');
    expect(res.html).toMatch(
      new RegExp(`<a href="#assign-${app.id}">\\s*Conflict of interest: the applicant&#39;s employer, Harrogate Road Practice \\(test\\) \\(B82005\\), is in Harrogate Central PCN \\(test\\) \\(U77001\\), a primary care network you have declared`),
    );
    // The same view of the queue, still offering the others.
    expect(res.html).toContain('<option value="under_review" selected>');
    const fine = new PortalClient(w.api.url);
    await fine.signIn(other.email, PASSWORD);
    await fine.get('/portal/staff/applications');
    const taken = await fine.post(`/portal/staff/applications/${app.id}/assign`, { _csrf: fine.csrf, return: '/portal/staff/applications?status=under_review' });
    expect(taken.status).toBe(303);
    expect(taken.location).toBe('/portal/staff/applications?status=under_review&done=assigned');
  });
});
