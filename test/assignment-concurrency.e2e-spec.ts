/**
 * "Assign the next 10" by two reviewers at the same moment (issue 15): one
 * UPDATE over rows locked SKIP LOCKED, so they get 20 different
 * applications and none is assigned twice.
 */
import { applicant, draft, openRound, qualification } from './factories/intake.factory';
import { World } from './support/world';

describe('assigning the next N at the same moment', () => {
  let w: World;
  let roundId: string;
  beforeAll(async () => {
    w = await World.start({ worker: false });
    const q = await qualification(w);
    roundId = (await openRound(w, [q.id])).id;
    for (let i = 0; i < 32; i++) {
      const person = await applicant(w);
      const app = await draft(w, person.token, roundId, q.id);
      expect((await w.call('POST', `/applications/${app.id}/submit`, { token: person.token })).body.status).toBe('under_review');
    }
  }, 180_000);
  afterAll(() => w.stop());

  it('two reviewers asking for 10 each get 20 different applications', async () => {
    const [a, b] = await Promise.all([w.signedIn('reviewer'), w.signedIn('reviewer')]);
    const ask = (token: string) => w.call('POST', '/admin/applications/assign-next', { token, body: { n: 10, roundId } });
    const [first, second] = await Promise.all([ask(a.token), ask(b.token)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body).toHaveLength(10);
    expect(second.body).toHaveLength(10);
    const ids = [...first.body, ...second.body].map((x: { applicationId: string }) => x.applicationId);
    expect(new Set(ids).size).toBe(20);
    const rows = await w.db.query(`SELECT id, assigned_to FROM application WHERE assigned_to IS NOT NULL`);
    expect(rows).toHaveLength(20);
    const owner = new Map(rows.map((r: { id: string; assigned_to: string }) => [r.id, r.assigned_to]));
    for (const x of first.body) expect(owner.get(x.applicationId)).toBe(a.id);
    for (const x of second.body) expect(owner.get(x.applicationId)).toBe(b.id);
    // One audit row per application assigned.
    const [{ n }] = await w.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'application.assign'`);
    expect(n).toBe(20);
    // And the rest go to whoever asks next, never one already taken.
    const rest = [...(await ask(a.token)).body, ...(await ask(b.token)).body];
    expect(rest).toHaveLength(12);
    expect(rest.filter((x: { applicationId: string }) => ids.includes(x.applicationId))).toEqual([]);
    expect((await ask(b.token)).body).toEqual([]);
  });

  it('refuses n out of range, naming the field, and assigning to someone else unless an admin', async () => {
    const r = await w.signedIn('reviewer');
    const bad = await w.call('POST', '/admin/applications/assign-next', { token: r.token, body: { n: 51 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'n', message: 'n must be at most 50' }]);
    const other = await w.user('reviewer');
    const notAdmin = await w.call('POST', '/admin/applications/assign-next', { token: r.token, body: { n: 1, reviewerId: other.id } });
    expect(notAdmin.status).toBe(403);
    expect(notAdmin.body.code).toBe('assignment_not_allowed');
    const admin = await w.signedIn('admin');
    const finance = await w.user('finance');
    const notReviewer = await w.call('POST', '/admin/applications/assign-next', { token: admin.token, body: { n: 1, reviewerId: finance.id } });
    expect(notReviewer.status).toBe(422);
    expect(notReviewer.body.errors).toEqual([{ field: 'reviewerId', message: 'must be a reviewer or administrator' }]);
  });
});
