/** Topping a pot up from the programme money not yet in any pot (issue 16). */
import { pot, potRow } from './factories/budget.factory';
import { World } from './support/world';

const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

describe('topping up a pot', () => {
  let w: World;
  let finance: { token: string; id: string };

  beforeAll(async () => {
    w = await World.start({ worker: false });
    finance = await w.signedIn('finance');
  });
  afterAll(() => w.stop());

  const unallocated = async () => (await w.call('GET', '/admin/budget', { token: finance.token })).body.unallocatedPence as number;

  it('adds a fund entry with the reason, allocates it from the programme and audits it', async () => {
    const p = await pot(w, { amountPence: 1_000_000 });
    const before = await unallocated();
    const res = await w.call('POST', `/admin/budget/pots/${p.id}/top-ups`, { token: finance.token, body: { amountPence: 250_000, reason: 'second tranche agreed' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: p.id, fundedPence: 1_250_000, availablePence: 1_250_000 });
    expect(await unallocated()).toBe(before - 250_000);
    const ledger = await w.call('GET', `/admin/budget/pots/${p.id}/ledger`, { token: finance.token });
    expect(ledger.body.items[0]).toMatchObject({ kind: 'fund', amountPence: 250_000, reason: 'second tranche agreed', actorRole: 'finance' });
    const [audit] = await w.db.query(`SELECT action, after FROM audit_event WHERE target_id = $1 AND action = 'budget.pot_topped_up'`, [p.id]);
    expect(audit.after).toMatchObject({ amountPence: 250_000, reason: 'second tranche agreed' });
    const reconciliation = await w.call('GET', '/admin/budget/reconciliation', { token: finance.token });
    expect(reconciliation.body.programme.ok).toBe(true);
    expect(reconciliation.body.pots.find((x: { id: string }) => x.id === p.id).ok).toBe(true);
  });

  it('refuses bad input naming the field, more than is unallocated, a closed pot, and other roles', async () => {
    const p = await pot(w, { amountPence: 0 });
    const bad = await w.call('POST', `/admin/budget/pots/${p.id}/top-ups`, { token: finance.token, body: { amountPence: 'lots', reason: '' } });
    expect(bad.status).toBe(400);
    expect(fields(bad.body).sort()).toEqual(['amountPence', 'reason']);
    const fraction = await w.call('POST', `/admin/budget/pots/${p.id}/top-ups`, { token: finance.token, body: { amountPence: 10.5, reason: 'x' } });
    expect([fraction.status, fields(fraction.body)]).toEqual([422, ['amountPence']]);
    const zero = await w.call('POST', `/admin/budget/pots/${p.id}/top-ups`, { token: finance.token, body: { amountPence: 0, reason: 'x' } });
    expect([zero.status, fields(zero.body)]).toEqual([422, ['amountPence']]);

    const left = await unallocated();
    const tooMuch = await w.call('POST', `/admin/budget/pots/${p.id}/top-ups`, { token: finance.token, body: { amountPence: left + 1, reason: 'everything and a penny' } });
    expect([tooMuch.status, tooMuch.body.code, fields(tooMuch.body)]).toEqual([409, 'programme_total_exceeded', ['amountPence']]);
    expect(tooMuch.body.errors[0].message).toContain('not yet in a pot');
    expect((await potRow(w, p.id)).fundedPence).toBe(0);

    const missing = await w.call('POST', `/admin/budget/pots/00000000-0000-4000-8000-000000000000/top-ups`, { token: finance.token, body: { amountPence: 100, reason: 'x' } });
    expect(missing.status).toBe(404);

    await w.db.query(`UPDATE budget_pot SET closed_at = now() WHERE id = $1`, [p.id]);
    const closed = await w.call('POST', `/admin/budget/pots/${p.id}/top-ups`, { token: finance.token, body: { amountPence: 100, reason: 'too late' } });
    expect([closed.status, closed.body.code]).toEqual([409, 'pot_closed']);

    for (const role of ['reviewer', 'applicant', 'provider'] as const) {
      const who = await w.signedIn(role);
      expect((await w.call('POST', `/admin/budget/pots/${p.id}/top-ups`, { token: who.token, body: { amountPence: 100, reason: 'x' } })).status).toBe(403);
    }
    const admin = await w.signedIn('admin');
    const open = await pot(w, { amountPence: 0 });
    expect((await w.call('POST', `/admin/budget/pots/${open.id}/top-ups`, { token: admin.token, body: { amountPence: 100, reason: 'by an admin' } })).status).toBe(201);
  });

  it('top-ups at the same moment never together pass the programme total', async () => {
    const pots = await Promise.all([pot(w, { amountPence: 0 }), pot(w, { amountPence: 0 })]);
    const left = await unallocated();
    // Each alone fits; any two together do not.
    const each = Math.floor(left * 0.6);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => w.call('POST', `/admin/budget/pots/${pots[i % 2].id}/top-ups`, { token: finance.token, body: { amountPence: each, reason: `race ${i}` } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await unallocated()).toBe(left - each);
    const summary = (await w.call('GET', '/admin/budget', { token: finance.token })).body;
    expect(summary.allocatedToPotsPence).toBeLessThanOrEqual(summary.programmeTotalPence);
    const reconciliation = (await w.call('GET', '/admin/budget/reconciliation', { token: finance.token })).body;
    expect(reconciliation.programme.ok).toBe(true);
  });
});
