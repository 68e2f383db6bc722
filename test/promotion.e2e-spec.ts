import { randomBytes } from 'node:crypto';
import { BudgetService, PotsService } from '@app/budget';
import { SYSTEM_ACTOR } from '@app/identity';
import { OffersService } from '@app/intake';
import { FINANCE } from './factories/budget.factory';
import { applicant, draft, openRound, pot, qualification } from './factories/intake.factory';
import { acceptedOffer, cohort } from './factories/training.factory';
import { World } from './support/world';

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/**
 * Freed money is always offered again (issue 16, docs/budget.md): every
 * path that makes money available in a pot offers it to the waiting list of
 * the rounds that pot funds, in the same transaction, in priority order,
 * until the next applicant cannot be funded. Each test frees money one way
 * and checks, right after the call returns, that the next waitlisted
 * applicant holds an offer and the pot shows no money sitting idle.
 */
describe('freed money is offered to the waiting list', () => {
  let w: World;
  let admin: { token: string };
  let finance: { token: string };
  let provider: { id: string };
  let providerKey: string;
  let level5: { id: string; bursaryPence: number };

  beforeAll(async () => {
    w = await World.start({ worker: false });
    admin = await w.signedIn('admin');
    finance = await w.signedIn('finance');
    provider = await w.provider('Promotion Provider');
    providerKey = await w.apiKey(provider.id, admin.token);
    level5 = await qualification(w, { level: 5 });
  });
  afterAll(() => w.stop());

  async function submitted(roundId: string, qualificationId = level5.id) {
    const user = await applicant(w);
    const app = await draft(w, user.token, roundId, qualificationId);
    await w.call('POST', `/applications/${app.id}/submit`, { token: user.token });
    return { user, app };
  }
  const approve = async (id: string) => (await w.call('POST', `/admin/applications/${id}/decision`, { token: admin.token, body: { decision: 'approve', reasonCode: 'meets_criteria' } })).body;
  /** Submitted and approved while the pot cannot cover it: on the waiting list. */
  async function waitlisted(roundId: string, qualificationId = level5.id) {
    const s = await submitted(roundId, qualificationId);
    expect(await approve(s.app.id)).toEqual({ status: 'waitlisted', reason: 'insufficient_funds' });
    return s;
  }
  async function offered(roundId: string, qualificationId = level5.id) {
    const s = await submitted(roundId, qualificationId);
    expect((await approve(s.app.id)).status).toBe('offered');
    return s;
  }
  const statusOf = async (id: string) => (await w.db.query(`SELECT status FROM application WHERE id = $1`, [id]))[0].status;
  const balances = async (potId: string) => {
    const p = await w.api.app.get(PotsService).get(potId);
    return { availablePence: p.availablePence, reservedPence: p.reservedPence };
  };

  /** Everything promotion writes for one application: the offer, its money, the email and the audited move. */
  async function promotionOf(applicationId: string) {
    const [row] = await w.db.query(
      `SELECT a.status,
         (SELECT coalesce(sum(amount_pence), 0)::int FROM budget_ledger_entry WHERE application_id = a.id AND kind = 'reserve') AS reserved,
         (SELECT count(*)::int FROM outbox WHERE topic = 'application.promoted' AND recipient_user_id = a.applicant_id AND data->>'applicationId' = a.id::text) AS emails,
         (SELECT count(*)::int FROM application_transition WHERE application_id = a.id AND from_status = 'waitlisted' AND to_status = 'offered' AND reason_code = 'promoted_from_waiting_list') AS moves,
         (SELECT count(*)::int FROM audit_event WHERE action = 'application.promoted' AND target_id = a.id::text) AS audited
       FROM application a WHERE a.id = $1`,
      [applicationId],
    );
    return row as { status: string; reserved: number; emails: number; moves: number; audited: number };
  }
  const promotedWith = (pence: number) => ({ status: 'offered', reserved: pence, emails: 1, moves: 1, audited: 1 });
  const untouched = { status: 'waitlisted', reserved: 0, emails: 0, moves: 0, audited: 0 };

  /** A round whose pot holds one bursary: A is offered it and B waits behind. */
  async function oneBursaryRound(extraPence = 0) {
    const p = await pot(w, level5.bursaryPence + extraPence);
    const round = await openRound(w, [level5.id], { potId: p.id });
    return { potId: p.id, round };
  }

  async function placed(roundId: string) {
    const { user, app } = await acceptedOffer(w, admin.token, roundId, level5.id);
    const c = await cohort(w, provider.id, level5.id);
    const res = await w.call('POST', `/admin/applications/${app.id}/enrolment`, { token: admin.token, body: { cohortId: c.id } });
    expect(res.status).toBe(201);
    return { user, app, enrolmentId: res.body.enrolmentId as string };
  }

  describe('on each path that frees money', () => {
    it('an applicant declines their offer', async () => {
      const { potId, round } = await oneBursaryRound();
      const a = await offered(round.id);
      const b = await waitlisted(round.id);
      expect((await w.call('POST', `/applications/${a.app.id}/offer/decline`, { token: a.user.token })).body.status).toBe('declined');
      expect(await balances(potId)).toEqual({ availablePence: 0, reservedPence: level5.bursaryPence });
      expect(await promotionOf(b.app.id)).toEqual(promotedWith(level5.bursaryPence));
    });

    it('an applicant withdraws after accepting', async () => {
      const { potId, round } = await oneBursaryRound();
      const a = await offered(round.id);
      const b = await waitlisted(round.id);
      expect((await w.call('POST', `/applications/${a.app.id}/offer/accept`, { token: a.user.token })).body.status).toBe('accepted');
      const withdrawn = await w.call('POST', `/applications/${a.app.id}/withdraw`, { token: a.user.token, body: { reason: 'Moving abroad' } });
      expect(withdrawn.status).toBeLessThan(300);
      expect(await statusOf(a.app.id)).toBe('withdrawn');
      expect(await balances(potId)).toEqual({ availablePence: 0, reservedPence: level5.bursaryPence });
      expect(await promotionOf(b.app.id)).toEqual(promotedWith(level5.bursaryPence));
    });

    it('a provider withdraws a learner before their start: the bursary goes to the next waitlisted applicant', async () => {
      const { potId, round } = await oneBursaryRound();
      const a = await placed(round.id);
      const b = await waitlisted(round.id);
      const res = await w.call('POST', `/provider/enrolments/${a.enrolmentId}/withdrawal`, { token: providerKey, body: { reasonCode: 'changed_job', date: today() } });
      expect(res.status).toBe(201);
      expect(await statusOf(a.app.id)).toBe('withdrawn');
      expect(await balances(potId)).toEqual({ availablePence: 0, reservedPence: level5.bursaryPence });
      expect(await promotionOf(b.app.id)).toEqual(promotedWith(level5.bursaryPence));
      const [{ n }] = await w.db.query(`SELECT count(*)::int AS n FROM budget_ledger_entry WHERE application_id = $1 AND kind = 'release'`, [a.app.id]);
      expect(n).toBe(1);
    });

    it('the programme team withdraws a learner before their start', async () => {
      const { potId, round } = await oneBursaryRound();
      const a = await placed(round.id);
      const b = await waitlisted(round.id);
      const res = await w.call('POST', `/admin/enrolments/${a.enrolmentId}/withdrawal`, { token: admin.token, body: { reasonCode: 'personal_circumstances', date: today() } });
      expect(res.status).toBe(201);
      expect(await balances(potId)).toEqual({ availablePence: 0, reservedPence: level5.bursaryPence });
      expect(await promotionOf(b.app.id)).toEqual(promotedWith(level5.bursaryPence));
    });

    it('a started learner is withdrawn: the commitment not yet paid funds the next applicant', async () => {
      // Half a bursary spare: with the unpaid half of A's released, the pot covers B.
      const half = level5.bursaryPence / 2;
      const { potId, round } = await oneBursaryRound(half);
      const a = await placed(round.id);
      const b = await waitlisted(round.id);
      expect((await w.call('POST', `/provider/enrolments/${a.enrolmentId}/start`, { token: providerKey, body: { startDate: daysAgo(10) } })).status).toBe(201);
      expect(await statusOf(b.app.id)).toBe('waitlisted');
      const res = await w.call('POST', `/provider/enrolments/${a.enrolmentId}/withdrawal`, { token: providerKey, body: { reasonCode: 'changed_job', date: today() } });
      expect(res.status).toBe(201);
      expect(await balances(potId)).toEqual({ availablePence: 0, reservedPence: level5.bursaryPence });
      expect(await promotionOf(b.app.id)).toEqual(promotedWith(level5.bursaryPence));
    });

    it('money is transferred into the pot', async () => {
      const p = await pot(w, 0);
      const round = await openRound(w, [level5.id], { potId: p.id });
      const b = await waitlisted(round.id);
      const from = await pot(w, level5.bursaryPence);
      const moved = await w.call('POST', '/admin/budget/transfers', { token: finance.token, body: { fromPotId: from.id, toPotId: p.id, amountPence: level5.bursaryPence, reason: 'more demand here' } });
      expect(moved.status).toBe(201);
      expect(await balances(p.id)).toEqual({ availablePence: 0, reservedPence: level5.bursaryPence });
      expect(await balances(from.id)).toEqual({ availablePence: 0, reservedPence: 0 });
      expect(await promotionOf(b.app.id)).toEqual(promotedWith(level5.bursaryPence));
    });

    it('the pot is topped up from money not yet allocated', async () => {
      const p = await pot(w, 0);
      const round = await openRound(w, [level5.id], { potId: p.id });
      const b = await waitlisted(round.id);
      const topped = await w.call('POST', `/admin/budget/pots/${p.id}/top-ups`, { token: finance.token, body: { amountPence: level5.bursaryPence, reason: 'more demand here' } });
      expect(topped.status).toBe(201);
      expect(await balances(p.id)).toEqual({ availablePence: 0, reservedPence: level5.bursaryPence });
      expect(await promotionOf(b.app.id)).toEqual(promotedWith(level5.bursaryPence));
    });

    it('a transfer is reversed by hand, giving the money back to the source pot', async () => {
      const { potId, round } = await oneBursaryRound();
      const elsewhere = await pot(w, 0);
      const moved = await w.call('POST', '/admin/budget/transfers', { token: finance.token, body: { fromPotId: potId, toPotId: elsewhere.id, amountPence: level5.bursaryPence, reason: 'moved too soon' } });
      expect(moved.status).toBe(201);
      const b = await waitlisted(round.id);
      const reversed = await w.call('POST', `/admin/budget/entries/${moved.body.inEntryId}/reverse`, { token: admin.token, body: { reason: 'wrong pot' } });
      expect(reversed.status).toBe(201);
      expect(await balances(potId)).toEqual({ availablePence: 0, reservedPence: level5.bursaryPence });
      expect(await balances(elsewhere.id)).toEqual({ availablePence: 0, reservedPence: 0 });
      expect(await promotionOf(b.app.id)).toEqual(promotedWith(level5.bursaryPence));
    });
  });

  describe('who is offered', () => {
    it('in priority order across two rounds that share one pot', async () => {
      const { potId, round } = await oneBursaryRound();
      const other = await openRound(w, [level5.id], { potId });
      const a = await offered(round.id);
      const b = await waitlisted(round.id);
      const c = await waitlisted(other.id);
      // C, in the other round and submitted later, is placed higher: the pot's list, not the round's, decides.
      await w.db.query(`UPDATE application SET priority_score = CASE id WHEN $1 THEN 10 ELSE 90 END WHERE id IN ($1, $2)`, [b.app.id, c.app.id]);
      await w.call('POST', `/applications/${a.app.id}/offer/decline`, { token: a.user.token });
      expect(await promotionOf(c.app.id)).toEqual(promotedWith(level5.bursaryPence));
      expect(await promotionOf(b.app.id)).toEqual(untouched);
      expect(await balances(potId)).toEqual({ availablePence: 0, reservedPence: level5.bursaryPence });
    });

    it('stops at the first applicant who cannot be funded: a cheaper one behind stays waitlisted', async () => {
      const dear = await qualification(w, { level: 7, bursaryPence: level5.bursaryPence * 2 });
      const cheap = await qualification(w, { level: 3, bursaryPence: level5.bursaryPence / 2 });
      const p = await pot(w, level5.bursaryPence * 2);
      const round = await openRound(w, [level5.id, dear.id, cheap.id], { potId: p.id });
      const [a, b] = [await offered(round.id), await offered(round.id)];
      const next = await waitlisted(round.id);
      const first = await waitlisted(round.id, dear.id);
      const behind = await waitlisted(round.id, cheap.id);
      // A's bursary funds the next in line exactly.
      await w.call('POST', `/applications/${a.app.id}/offer/decline`, { token: a.user.token });
      expect(await promotionOf(next.app.id)).toEqual(promotedWith(level5.bursaryPence));
      // B's does not cover the dearer qualification now first in line, so nobody is offered, not even the cheaper one behind.
      await w.call('POST', `/applications/${b.app.id}/offer/decline`, { token: b.user.token });
      expect(await promotionOf(first.app.id)).toEqual(untouched);
      expect(await promotionOf(behind.app.id)).toEqual(untouched);
      expect(await balances(p.id)).toEqual({ availablePence: level5.bursaryPence, reservedPence: level5.bursaryPence });
    });

    it('offers more than 200 waitlisted applicants when the money covers them all, and stops after', async () => {
      const small = await qualification(w, { level: 4, bursaryPence: 1000 });
      const p = await pot(w, 0);
      const round = await openRound(w, [small.id], { potId: p.id });
      const count = 451;
      const tag = randomBytes(4).toString('hex');
      // Built in bulk: the waiting list as review leaves it, best placed first.
      const ids: { id: string }[] = await w.db.query(
        `WITH u AS (
           INSERT INTO user_account (email, full_name, role, email_verified_at)
           SELECT 'waiting.' || $1 || '.' || i || '@example.org', 'Waiting ' || i, 'applicant', now() FROM generate_series(1, $2) AS i RETURNING id, email
         )
         INSERT INTO application (reference, applicant_id, round_id, qualification_id, status, submitted_at, priority_score)
         SELECT 'PMB-W-' || $1 || '-' || n, u.id, $3, $4, 'waitlisted', now(), 1000 - n
         FROM (SELECT id, row_number() OVER (ORDER BY email) AS n FROM u) u ORDER BY n RETURNING id`,
        [tag, count, round.id, small.id],
      );
      const [{ last }] = await w.db.query(`SELECT id AS last FROM application WHERE round_id = $1 ORDER BY priority_score, id LIMIT 1`, [round.id]);
      const from = await pot(w, (count - 1) * 1000);
      const moved = await w.call('POST', '/admin/budget/transfers', { token: finance.token, body: { fromPotId: from.id, toPotId: p.id, amountPence: (count - 1) * 1000, reason: 'fund the waiting list' } });
      expect(moved.status).toBe(201);
      const all = ids.map((r) => r.id);
      const [counts] = await w.db.query(
        `SELECT count(*) FILTER (WHERE status = 'offered')::int AS offered, count(*) FILTER (WHERE status = 'waitlisted')::int AS waiting,
           (SELECT count(*)::int FROM budget_ledger_entry WHERE application_id = ANY($1::uuid[]) AND kind = 'reserve') AS reservations,
           (SELECT count(*)::int FROM outbox WHERE topic = 'application.promoted' AND data->>'applicationId' = ANY($1::text[])) AS emails
         FROM application WHERE id = ANY($1::uuid[])`,
        [all],
      );
      expect(counts).toEqual({ offered: count - 1, waiting: 1, reservations: count - 1, emails: count - 1 });
      expect(await statusOf(last)).toBe('waitlisted');
      expect(await balances(p.id)).toEqual({ availablePence: 0, reservedPence: (count - 1) * 1000 });
    }, 120_000);

    it('skips an application on hold', async () => {
      const { potId, round } = await oneBursaryRound();
      const a = await offered(round.id);
      const held = await waitlisted(round.id);
      const next = await waitlisted(round.id);
      const hold = await w.call('POST', `/admin/applications/${held.app.id}/hold`, { token: admin.token, body: { reason: 'Checking employer support' } });
      expect(hold.status).toBe(200);
      await w.call('POST', `/applications/${a.app.id}/offer/decline`, { token: a.user.token });
      expect(await promotionOf(held.app.id)).toEqual(untouched);
      expect(await promotionOf(next.app.id)).toEqual(promotedWith(level5.bursaryPence));
      expect(await balances(potId)).toEqual({ availablePence: 0, reservedPence: level5.bursaryPence });
    });

    it('a closed pot promotes nobody; an open one beside it does', async () => {
      const closed = await oneBursaryRound();
      const open = await oneBursaryRound();
      const [a, b] = [await offered(closed.round.id), await waitlisted(closed.round.id)];
      const [c, d] = [await offered(open.round.id), await waitlisted(open.round.id)];
      await w.db.query(`UPDATE budget_pot SET closed_at = now() WHERE id = $1`, [closed.potId]);
      expect((await w.call('POST', `/applications/${a.app.id}/offer/decline`, { token: a.user.token })).body.status).toBe('declined');
      expect(await promotionOf(b.app.id)).toEqual(untouched);
      expect(await balances(closed.potId)).toEqual({ availablePence: level5.bursaryPence, reservedPence: 0 });
      expect((await w.call('POST', `/applications/${c.app.id}/offer/decline`, { token: c.user.token })).body.status).toBe('declined');
      expect(await promotionOf(d.app.id)).toEqual(promotedWith(level5.bursaryPence));
    });

    it('a release rolled back leaves the waiting list as it was; committed, it promotes', async () => {
      const { potId, round } = await oneBursaryRound();
      const a = await offered(round.id);
      const b = await waitlisted(round.id);
      const budget = w.api.app.get(BudgetService);
      let promotedInside: string | undefined;
      await expect(
        w.db.transaction(async (m) => {
          expect(await budget.release(m, { applicationId: a.app.id, reason: 'rolled back', actor: SYSTEM_ACTOR })).toMatchObject({ releasedPence: level5.bursaryPence });
          promotedInside = (await m.query(`SELECT status FROM application WHERE id = $1`, [b.app.id]))[0].status;
          throw new Error('the caller fails after releasing');
        }),
      ).rejects.toThrow('the caller fails after releasing');
      // Inside the transaction B was offered; the rollback took that back with the release.
      expect(promotedInside).toBe('offered');
      expect(await promotionOf(b.app.id)).toEqual(untouched);
      expect(await balances(potId)).toEqual({ availablePence: 0, reservedPence: level5.bursaryPence });
      expect(await statusOf(a.app.id)).toBe('offered');

      await w.db.transaction((m) => budget.release(m, { applicationId: a.app.id, reason: 'committed', actor: FINANCE }));
      expect(await promotionOf(b.app.id)).toEqual(promotedWith(level5.bursaryPence));
      expect(await balances(potId)).toEqual({ availablePence: 0, reservedPence: level5.bursaryPence });
    });
  });

  // Last: moving the clock past the offer window lapses every offer this suite still holds.
  describe('the financial year end', () => {
    it('previews exactly what it then does, and carried unspent money is offered to next year’s waiting list', async () => {
      const year = `20${60 + Math.floor(Math.random() * 30)}`;
      const label = `${year}-${String(Number(year.slice(2)) + 1).padStart(2, '0')}`;
      const nextLabel = `${Number(year) + 1}-${String(Number(year.slice(2)) + 2).padStart(2, '0')}`;
      // The old year: one bursary, offered to A and not started. Next year: an empty pot whose round has B waiting.
      const oldPot = await w.api.app.get(PotsService).create({ name: `Old ${randomBytes(3).toString('hex')}`, financialYear: label, amountPence: level5.bursaryPence }, FINANCE);
      const oldRound = await openRound(w, [level5.id], { potId: oldPot.id });
      const a = await offered(oldRound.id);
      const nextPot = await w.api.app.get(PotsService).create({ name: `Next ${randomBytes(3).toString('hex')}`, financialYear: nextLabel, amountPence: 0 }, FINANCE);
      const nextRound = await openRound(w, [level5.id], { potId: nextPot.id });
      const b = await waitlisted(nextRound.id);

      const body = { financialYear: label, reservations: 'release', commitments: 'release', unspent: 'carry', toPotId: nextPot.id, reason: 'board decision' };
      const preview = await w.call('POST', '/admin/budget/year-end/preview', { token: finance.token, body });
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ potsToClose: [oldPot.id], applicationCount: 1, totals: { applications: 1, releasedReservedPence: level5.bursaryPence, carriedAvailablePence: level5.bursaryPence } });
      expect(preview.body.applications).toEqual([expect.objectContaining({ applicationId: a.app.id, reservedPence: level5.bursaryPence, reservations: 'release' })]);
      // The preview moved nothing.
      expect(await statusOf(b.app.id)).toBe('waitlisted');
      expect((await w.api.app.get(PotsService).get(oldPot.id)).closedAt).toBeNull();

      const run = await w.call('POST', '/admin/budget/year-end', { token: finance.token, body });
      expect(run.status).toBe(200);
      expect(run.body.pots).toEqual(preview.body.pots);
      expect(run.body.totals).toEqual(preview.body.totals);
      expect(run.body.offered).toBe(1);
      expect(await promotionOf(b.app.id)).toEqual(promotedWith(level5.bursaryPence));
      expect(await balances(nextPot.id)).toEqual({ availablePence: 0, reservedPence: level5.bursaryPence });
      expect(await balances(oldPot.id)).toEqual({ availablePence: 0, reservedPence: 0 });
    });

    it('a year end that keeps unspent money in the closed pots offers nobody', async () => {
      const year = `21${10 + Math.floor(Math.random() * 80)}`;
      const label = `${year}-${String(Number(year.slice(2)) + 1).padStart(2, '0')}`;
      const oldPot = await w.api.app.get(PotsService).create({ name: `Old ${randomBytes(3).toString('hex')}`, financialYear: label, amountPence: level5.bursaryPence }, FINANCE);
      const oldRound = await openRound(w, [level5.id], { potId: oldPot.id });
      await offered(oldRound.id);
      const b = await waitlisted(oldRound.id);
      const run = await w.call('POST', '/admin/budget/year-end', { token: finance.token, body: { financialYear: label, reservations: 'release', commitments: 'release', reason: 'keep' } });
      expect(run.body).toMatchObject({ unspent: 'keep', offered: 0 });
      // Released into a closed pot: it funds nothing until finance moves it.
      expect(await promotionOf(b.app.id)).toEqual(untouched);
    });
  });

  it('an offer expires in the worker sweep', async () => {
    const { potId, round } = await oneBursaryRound();
    const a = await offered(round.id);
    const b = await waitlisted(round.id);
    w.clock.advance({ days: 15 });
    expect(await w.api.app.get(OffersService).expireDue()).toBeGreaterThanOrEqual(1);
    expect(await statusOf(a.app.id)).toBe('expired');
    expect(await balances(potId)).toEqual({ availablePence: 0, reservedPence: level5.bursaryPence });
    expect(await promotionOf(b.app.id)).toEqual(promotedWith(level5.bursaryPence));
    // B's offer is new: the same sweep did not lapse it.
    expect(await w.api.app.get(OffersService).expireDue()).toBe(0);
  });
});
