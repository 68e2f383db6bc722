import { OffersService } from '@app/intake';
import { applicant, draft, openRound, pot, qualification } from './factories/intake.factory';
import { World } from './support/world';

describe('offers meet money', () => {
  let w: World;
  let admin: { token: string };
  let level5: { id: string };

  beforeAll(async () => {
    w = await World.start({ worker: false });
    admin = await w.signedIn('admin');
    level5 = await qualification(w, { level: 5 });
  });
  afterAll(() => w.stop());

  async function underReview(roundId: string) {
    const user = await applicant(w);
    const app = await draft(w, user.token, roundId, level5.id);
    await w.call('POST', `/applications/${app.id}/submit`, { token: user.token });
    return { user, app };
  }
  const approve = (id: string) => w.call('POST', `/admin/applications/${id}/decision`, { token: admin.token, body: { decision: 'approve', reasonCode: 'meets_criteria' } });
  const potOf = async (id: string) => (await w.call('GET', `/admin/budget/pots/${id}`, { token: admin.token })).body;
  const statusOf = async (id: string) => (await w.db.query(`SELECT status FROM application WHERE id = $1`, [id]))[0].status;

  it('approves while the pot can pay, waitlists after, and promotes as money is released or offers expire', async () => {
    const twoBursaries = await pot(w, 100_000);
    const round = await openRound(w, [level5.id], { potId: twoBursaries.id });
    const [a, b, c] = [await underReview(round.id), await underReview(round.id), await underReview(round.id)];

    // The decision answers with the offer it made (API.md: {status, offer?}).
    const offered = { status: 'offered', offer: { amountPence: 50_000, expiresAt: expect.any(String) } };
    expect((await approve(a.app.id)).body).toEqual(offered);
    expect((await approve(b.app.id)).body).toEqual(offered);
    expect((await approve(c.app.id)).body).toEqual({ status: 'waitlisted', reason: 'insufficient_funds' });
    expect(await potOf(twoBursaries.id)).toMatchObject({ reservedPence: 100_000, availablePence: 0 });

    const offer = (await w.call('GET', `/applications/${a.app.id}`, { token: a.user.token })).body.offer;
    expect(offer.amountPence).toBe(50_000);
    expect(new Date(offer.expiresAt).getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);

    // Five days on, A declines: the money goes to C, the best-placed on the waiting list.
    w.clock.advance({ days: 5 });
    expect(await w.api.app.get(OffersService).expireDue()).toBe(0);
    expect((await w.call('POST', `/applications/${a.app.id}/offer/decline`, { token: a.user.token })).body.status).toBe('declined');
    expect(await statusOf(c.app.id)).toBe('offered');
    const history = (await w.call('GET', `/applications/${c.app.id}`, { token: c.user.token })).body.history;
    expect(history[history.length - 1]).toMatchObject({ status: 'offered', by: 'system', reason: 'promoted_from_waiting_list' });

    // B lets the offer lapse: after 14 days it expires and the money returns to the pot (C's, 10 days old, stands).
    w.clock.advance({ days: 10, hours: 1 });
    expect(await w.api.app.get(OffersService).expireDue()).toBe(1);
    expect(await statusOf(b.app.id)).toBe('expired');
    expect((await w.call('POST', `/applications/${b.app.id}/offer/accept`, { token: b.user.token })).status).toBe(409);
    expect(await potOf(twoBursaries.id)).toMatchObject({ reservedPence: 50_000, availablePence: 50_000 });

    // C accepts, then withdraws before a cohort: the reservation is released.
    expect((await w.call('POST', `/applications/${c.app.id}/offer/accept`, { token: c.user.token })).body.status).toBe('accepted');
    await w.call('POST', `/applications/${c.app.id}/withdraw`, { token: c.user.token, body: { reason: 'Moving abroad' } });
    expect(await potOf(twoBursaries.id)).toMatchObject({ reservedPence: 0, availablePence: 100_000 });
    const reconciliation = await w.call('GET', '/admin/budget/reconciliation', { token: admin.token });
    expect(reconciliation.body.ok).toBe(true);
  });

  it('refuses illegal moves with 409 and changes nothing', async () => {
    const round = await openRound(w, [level5.id]);
    const { user, app } = await underReview(round.id);
    const tries: [string, unknown][] = [
      [`/applications/${app.id}/offer/accept`, undefined],
      [`/applications/${app.id}/offer/decline`, undefined],
      [`/applications/${app.id}/appeal`, { statement: 'Please reconsider my application.' }],
      [`/applications/${app.id}/submit`, undefined],
    ];
    for (const [path, body] of tries) expect(`${path} ${(await w.call('POST', path, { token: user.token, body })).status}`).toBe(`${path} 409`);
    expect(await statusOf(app.id)).toBe('under_review');
    await approve(app.id);
    expect((await w.call('POST', `/admin/applications/${app.id}/decision`, { token: admin.token, body: { decision: 'reject', reasonCode: 'not_a_programme_priority' } })).status).toBe(409);
    expect(await statusOf(app.id)).toBe('offered');
  });
});
