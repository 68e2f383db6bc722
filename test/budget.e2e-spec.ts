import { Global, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BudgetError, BudgetService, PipelineSource, type PipelineSnapshot } from '@app/budget';
import { ProblemFilter } from '../apps/api/src/problem/problem.filter';
import { BURSARY, FINANCE, inTransaction, ledgerTotals, pot, potRow, reserve } from './factories/budget.factory';
import { run } from './support/processes';
import { World } from './support/world';

/** A pipeline with known numbers; provided globally, it takes precedence over the intake lib's. */
class FixedPipeline extends PipelineSource {
  async snapshot(): Promise<PipelineSnapshot> {
    return {
      counts: { submitted: 10, underReview: 40, offered: 20, accepted: 15, placed: 0, started: 200, completed: 300 },
      conversions: { underReview: { left: 100, movedOn: 60 }, offered: { left: 50, movedOn: 45 }, started: { left: 30, movedOn: 24, withdrew: 4 } },
      trainingGroups: [{ startedOn: '2049-09-01', durationMonths: 12, count: 200 }],
      submissionsPerMonth: 25,
      rounds: [{ opensAt: '2050-04-01T00:00:00Z', closesAt: '2050-07-01T00:00:00Z' }],
    };
  }
}

@Global()
@Module({ providers: [{ provide: PipelineSource, useClass: FixedPipeline }], exports: [PipelineSource] })
class TestPipelineModule {}

const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

/** Pots, programme and applications agree with the ledger (the payments check needs payment lines, which this suite does not make). */
const ledgerAgrees = (r: { pots: { ok: boolean }[]; programme: { ok: boolean }; applications: { ok: boolean } }) => r.pots.every((p) => p.ok) && r.programme.ok && r.applications.ok;

describe('the programme budget', () => {
  let w: World;
  let finance: { token: string };
  let admin: { token: string };

  beforeAll(async () => {
    w = await World.start({ worker: false, imports: [TestPipelineModule] });
    finance = await w.signedIn('finance');
    admin = await w.signedIn('admin');
  });
  afterAll(() => w.stop());

  describe('pots and transfers over HTTP', () => {
    it('finance and admin create pots and read balances and entries; reviewers read only the summary', async () => {
      const created = await w.call('POST', '/admin/budget/pots', {
        token: finance.token,
        body: { name: 'London bursaries 2026-27', financialYear: '2026-27', amountPence: 2_000_000, region: 'london' },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ purpose: 'bursaries', region: 'london', fundedPence: 2_000_000, availablePence: 2_000_000, reservedPence: 0, closedAt: null });
      const byAdmin = await w.call('POST', '/admin/budget/pots', { token: admin.token, body: { name: `Provider payments ${randomUUID()}`, financialYear: '2026-27', amountPence: 0, purpose: 'provider_payments' } });
      expect(byAdmin.status).toBe(201);

      const got = await w.call('GET', `/admin/budget/pots/${created.body.id}`, { token: admin.token });
      expect(got.body).toEqual(created.body);
      const list = await w.call('GET', '/admin/budget/pots?financialYear=2026-27', { token: finance.token });
      expect(list.body.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([created.body.id, byAdmin.body.id]));
      const ledger = await w.call('GET', `/admin/budget/pots/${created.body.id}/ledger`, { token: finance.token });
      expect(ledger.body).toMatchObject({ total: 1, page: 1, items: [{ kind: 'fund', amountPence: 2_000_000, potId: created.body.id, actorRole: 'finance' }] });

      const summary = await w.call('GET', '/admin/budget', { token: (await w.signedIn('reviewer')).token });
      expect(summary.status).toBe(200);
      expect(summary.body.programmeTotalPence).toBe(600_000_000);
      expect(summary.body.allocatedToPotsPence).toBe(2_000_000);
      expect(summary.body.availablePence + summary.body.reservedPence + summary.body.committedPence + summary.body.duePence + summary.body.paidPence).toBe(summary.body.allocatedToPotsPence);

      const reviewer = await w.signedIn('reviewer');
      expect((await w.call('GET', '/admin/budget/pots', { token: reviewer.token })).status).toBe(403);
      const applicant = await w.signedIn('applicant');
      for (const [method, path] of [['GET', '/admin/budget'], ['GET', '/admin/budget/pots'], ['POST', '/admin/budget/pots'], ['POST', '/admin/budget/transfers'], ['GET', '/admin/budget/reconciliation'], ['GET', '/admin/budget/forecast'], ['POST', '/admin/budget/year-end']]) {
        expect(`${method} ${path} ${(await w.call(method, path, { token: applicant.token, body: method === 'POST' ? {} : undefined })).status}`).toBe(`${method} ${path} 403`);
      }
      expect((await w.call('GET', '/admin/budget')).status).toBe(401);
    });

    it('moves money between pots with a reason, and reverses a transfer whole', async () => {
      const [a, b] = [await pot(w, { amountPence: 1_000_000 }), await pot(w, { amountPence: 0 })];
      const moved = await w.call('POST', '/admin/budget/transfers', { token: finance.token, body: { fromPotId: a.id, toPotId: b.id, amountPence: 400_000, reason: 'more demand in the North West' } });
      expect(moved.status).toBe(201);
      expect(await potRow(w, a.id)).toMatchObject({ fundedPence: 600_000, availablePence: 600_000 });
      expect(await potRow(w, b.id)).toMatchObject({ fundedPence: 400_000, availablePence: 400_000 });
      const legs = await w.db.query(`SELECT kind, bucket, amount_pence::int AS amount, reason FROM budget_ledger_entry WHERE transfer_id = $1 ORDER BY seq`, [moved.body.transferId]);
      expect(legs).toEqual([
        { kind: 'transfer_out', bucket: 'available', amount: 400_000, reason: 'more demand in the North West' },
        { kind: 'transfer_in', bucket: 'available', amount: 400_000, reason: 'more demand in the North West' },
      ]);

      const reversed = await w.call('POST', `/admin/budget/entries/${moved.body.inEntryId}/reverse`, { token: admin.token, body: { reason: 'wrong pot' } });
      expect(reversed.status).toBe(201);
      expect(reversed.body.reversesEntryId).toBe(moved.body.inEntryId);
      expect(await potRow(w, a.id)).toMatchObject({ fundedPence: 1_000_000, availablePence: 1_000_000 });
      expect(await potRow(w, b.id)).toMatchObject({ fundedPence: 0, availablePence: 0 });
      const again = await w.call('POST', `/admin/budget/entries/${moved.body.outEntryId}/reverse`, { token: admin.token, body: { reason: 'twice' } });
      expect([again.status, again.body.code, fields(again.body)]).toEqual([409, 'already_reversed', ['entryId']]);
      const ofReversal = await w.call('POST', `/admin/budget/entries/${reversed.body.entryId}/reverse`, { token: admin.token, body: { reason: 'undo the undo' } });
      expect([ofReversal.status, ofReversal.body.code]).toEqual([422, 'not_reversible']);
      expect((await w.call('POST', `/admin/budget/entries/${randomUUID()}/reverse`, { token: admin.token, body: { reason: 'x' } })).status).toBe(404);
    });
  });

  describe('bad input: a clear problem naming the field, and nothing written', () => {
    it.each([
      ['a negative amount', -500, 422, 'invalid_amount'],
      ['a fractional amount', 100.5, 422, 'invalid_amount'],
      ['an amount that is not a number', '500', 400, undefined],
    ])('a pot with %s', async (_name, amountPence, status, code) => {
      const before = await w.call('GET', '/admin/budget', { token: finance.token });
      const res = await w.call('POST', '/admin/budget/pots', { token: finance.token, body: { name: `Bad ${randomUUID()}`, financialYear: '2026-27', amountPence } });
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe(code);
      expect(fields(res.body)).toEqual(['amountPence']);
      expect((await w.call('GET', '/admin/budget', { token: finance.token })).body).toEqual(before.body);
    });

    it('a pot that would take the pots past the £6m programme total is 409', async () => {
      const before = (await w.call('GET', '/admin/budget', { token: finance.token })).body;
      const [{ count }] = await w.db.query(`SELECT count(*)::int AS count FROM budget_pot`);
      const res = await w.call('POST', '/admin/budget/pots', { token: finance.token, body: { name: 'Too much', financialYear: '2026-27', amountPence: before.unallocatedPence + 1 } });
      expect([res.status, res.body.code, fields(res.body)]).toEqual([409, 'programme_total_exceeded', ['amountPence']]);
      expect(res.body.detail).toMatch(/£6,000,000(?![.,]?\d)/);
      expect((await w.call('GET', '/admin/budget', { token: finance.token })).body).toEqual(before);
      expect((await w.db.query(`SELECT count(*)::int AS count FROM budget_pot`))[0].count).toBe(count);
    });

    it.each([
      ['more than the source has available', 600_001, 409, 'insufficient_funds', 'amountPence'],
      ['a negative amount', -1, 422, 'invalid_amount', 'amountPence'],
      ['a fractional amount', 0.01, 422, 'invalid_amount', 'amountPence'],
      ['zero', 0, 422, 'invalid_amount', 'amountPence'],
    ])('a transfer of %s', async (_name, amountPence, status, code, field) => {
      const [a, b] = [await pot(w, { amountPence: 600_000 }), await pot(w, { amountPence: 0 })];
      const before = await ledgerTotals(w, [a.id, b.id]);
      const res = await w.call('POST', '/admin/budget/transfers', { token: finance.token, body: { fromPotId: a.id, toPotId: b.id, amountPence, reason: 'test' } });
      expect([res.status, res.body.code, fields(res.body)]).toEqual([status, code, [field]]);
      expect(await ledgerTotals(w, [a.id, b.id])).toEqual(before);
      expect(await potRow(w, a.id)).toEqual(a);
      expect(await potRow(w, b.id)).toEqual(b);
    });

    it('a transfer to the same pot or an unknown pot', async () => {
      const a = await pot(w);
      const same = await w.call('POST', '/admin/budget/transfers', { token: finance.token, body: { fromPotId: a.id, toPotId: a.id, amountPence: 1, reason: 'x' } });
      expect([same.status, same.body.code, fields(same.body)]).toEqual([422, 'same_pot', ['toPotId']]);
      const unknown = await w.call('POST', '/admin/budget/transfers', { token: finance.token, body: { fromPotId: a.id, toPotId: randomUUID(), amountPence: 1, reason: 'x' } });
      expect([unknown.status, unknown.body.code, fields(unknown.body)]).toEqual([404, 'pot_not_found', ['toPotId']]);
      const malformed = await w.call('POST', '/admin/budget/transfers', { token: finance.token, body: { fromPotId: 'x', toPotId: a.id, amountPence: 1, reason: '', extra: true } });
      expect(malformed.status).toBe(400);
      expect(fields(malformed.body).sort()).toEqual(['extra', 'fromPotId', 'reason']);
      expect(await potRow(w, a.id)).toEqual(a);
    });

    it('a reservation for an application that already holds one is 409 naming applicationId', async () => {
      const a = await pot(w);
      const applicationId = randomUUID();
      expect(await reserve(w, a.id, applicationId)).toMatchObject({ reserved: true });
      const err = await reserve(w, a.id, applicationId).catch((e) => e);
      expect(err).toBeInstanceOf(BudgetError);
      const problem = new ProblemFilter().toProblem(err);
      expect(problem).toMatchObject({ status: 409, type: '/problems/budget/already-reserved', code: 'already_reserved', errors: [{ field: 'applicationId', message: 'already holds a reservation' }] });
      expect(await potRow(w, a.id)).toMatchObject({ reservedPence: BURSARY, availablePence: 1_000_000 - BURSARY });
      expect((await w.db.query(`SELECT count(*)::int AS n FROM budget_ledger_entry WHERE application_id = $1`, [applicationId]))[0].n).toBe(1);
      // Insufficient funds is an answer, not an error.
      expect(await reserve(w, a.id, randomUUID(), 1_000_000)).toEqual({ reserved: false, reason: 'insufficient_funds' });
      const negative = await reserve(w, a.id, randomUUID(), -5).catch((e) => new ProblemFilter().toProblem(e));
      expect(negative).toMatchObject({ status: 422, errors: [{ field: 'amountPence' }] });
    });
  });

  describe('the ledger', () => {
    it('follows an application from offer to payment, and the database refuses to change an entry', async () => {
      const a = await pot(w);
      const applicationId = randomUUID();
      const budget = w.api.app.get(BudgetService);
      const { entryId } = (await reserve(w, a.id, applicationId)) as { entryId: string };
      expect(await inTransaction(w, (m, b) => b.commit(m, { applicationId, actor: FINANCE }))).toEqual({ committedPence: BURSARY, potId: a.id });
      const paid = await inTransaction(w, (m, b) => b.pay(m, { applicationId, amountPence: 20_000, reference: 'start payment', actor: FINANCE }));
      await expect(inTransaction(w, (m, b) => b.pay(m, { applicationId, amountPence: 20_000, reference: 'start payment', actor: FINANCE }))).rejects.toMatchObject({ code: 'already_paid' });
      await expect(inTransaction(w, (m, b) => b.pay(m, { applicationId, amountPence: 30_001, reference: 'completion', actor: FINANCE }))).rejects.toMatchObject({ code: 'exceeds_commitment' });
      expect(await budget.holding(applicationId)).toEqual({ potId: a.id, reservedPence: 0, committedPence: 30_000, paidPence: 20_000 });
      // A reservation already committed cannot be reversed: the later entries come first.
      await expect(inTransaction(w, (m, b) => b.reverse(m, { entryId, reason: 'x', actor: FINANCE }))).rejects.toMatchObject({ code: 'would_go_negative' });
      await inTransaction(w, (m, b) => b.reverse(m, { entryId: paid.entryId, reason: 'paid in error', actor: FINANCE }));
      expect(await budget.holding(applicationId)).toEqual({ potId: a.id, reservedPence: 0, committedPence: 50_000, paidPence: 0 });
      expect(await inTransaction(w, (m, b) => b.releaseCommitment(m, { applicationId, reason: 'withdrawn after start', actor: FINANCE }))).toEqual({ releasedPence: 50_000 });
      expect(await inTransaction(w, (m, b) => b.release(m, { applicationId, reason: 'nothing left', actor: FINANCE }))).toBeNull();
      expect(await potRow(w, a.id)).toMatchObject({ availablePence: 1_000_000, reservedPence: 0, committedPence: 0, paidPence: 0 });
      expect(await budget.holding(randomUUID())).toBeNull();
      await expect(budget.reserve(w.db.manager, { potId: a.id, applicationId: randomUUID(), amountPence: 1, actor: FINANCE })).rejects.toThrow(/transaction/);

      await expect(w.db.query(`UPDATE budget_ledger_entry SET amount_pence = 1 WHERE id = $1`, [entryId])).rejects.toThrow(/append-only/);
      await expect(w.db.query(`DELETE FROM budget_ledger_entry WHERE id = $1`, [entryId])).rejects.toThrow(/append-only/);
      await expect(w.db.query(`TRUNCATE budget_ledger_entry CASCADE`)).rejects.toThrow(/append-only/);
      // The pot's CHECK constraints are the backstop behind the guarded updates.
      await expect(w.db.query(`UPDATE budget_pot SET reserved_pence = reserved_pence + 1 WHERE id = $1`, [a.id])).rejects.toThrow(/available_is_funded_less_held/);
      await expect(w.db.query(`UPDATE budget_pot SET reserved_pence = funded_pence + 1, available_pence = -1 WHERE id = $1`, [a.id])).rejects.toThrow(/check constraint/);
    });
  });

  describe('the financial year end', () => {
    async function yearWithMoney(year: string) {
      const old = await pot(w, { financialYear: year, amountPence: 10 * BURSARY });
      const next = await pot(w, { financialYear: `${Number(year.slice(0, 4)) + 1}-${String((Number(year.slice(5)) + 1) % 100).padStart(2, '0')}`, amountPence: 0 });
      const [offered, started, paidHalf] = [randomUUID(), randomUUID(), randomUUID()];
      for (const id of [offered, started, paidHalf]) await reserve(w, old.id, id);
      for (const id of [started, paidHalf]) await inTransaction(w, (m, b) => b.commit(m, { applicationId: id, actor: FINANCE }));
      await inTransaction(w, (m, b) => b.pay(m, { applicationId: paidHalf, amountPence: 25_000, reference: 'start', actor: FINANCE }));
      return { old, next, offered, started, paidHalf };
    }

    it('carries reservations and commitments into next year’s pot, every movement in the ledger, and closes the old pots', async () => {
      const { old, next, offered, started, paidHalf } = await yearWithMoney('2040-41');
      const res = await w.call('POST', '/admin/budget/year-end', { token: finance.token, body: { financialYear: '2040-41', reservations: 'carry', commitments: 'carry', toPotId: next.id, reason: 'board decision 12' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ financialYear: '2040-41', toPotId: next.id, closedPotIds: [old.id], entries: 6 });
      expect(res.body.pots).toEqual([{ potId: old.id, applications: 3, carriedReservedPence: BURSARY, carriedCommittedPence: 75_000, releasedReservedPence: 0, releasedCommittedPence: 0, carriedAvailablePence: 0 }]);
      expect(await potRow(w, old.id)).toMatchObject({ fundedPence: 10 * BURSARY - 125_000, reservedPence: 0, committedPence: 0, duePence: 25_000, paidPence: 0, availablePence: 7 * BURSARY });
      expect((await potRow(w, old.id)).closedAt).not.toBeNull();
      expect(await potRow(w, next.id)).toMatchObject({ fundedPence: 125_000, reservedPence: BURSARY, committedPence: 75_000, availablePence: 0 });
      const budget = w.api.app.get(BudgetService);
      expect(await budget.holding(offered)).toEqual({ potId: next.id, reservedPence: BURSARY, committedPence: 0, paidPence: 0 });
      expect(await budget.holding(paidHalf)).toEqual({ potId: next.id, reservedPence: 0, committedPence: 25_000, paidPence: 25_000 });
      // Life goes on in the new pot; the old one takes no new reservations.
      await inTransaction(w, (m, b) => b.pay(m, { applicationId: started, amountPence: BURSARY, reference: 'all', actor: FINANCE }));
      expect(await potRow(w, next.id)).toMatchObject({ committedPence: 25_000, duePence: BURSARY, paidPence: 0 });
      await expect(reserve(w, old.id)).rejects.toMatchObject({ code: 'pot_closed' });
      const into = await w.call('POST', '/admin/budget/transfers', { token: finance.token, body: { fromPotId: next.id, toPotId: old.id, amountPence: 1, reason: 'x' } });
      expect([into.status, into.body.code]).toEqual([409, 'pot_closed']);

      const again = await w.call('POST', '/admin/budget/year-end', { token: admin.token, body: { financialYear: '2040-41', reservations: 'carry', commitments: 'carry', toPotId: next.id, reason: 'run twice' } });
      expect(again.body).toMatchObject({ closedPotIds: [], entries: 0 });
      expect(ledgerAgrees((await w.call('GET', '/admin/budget/reconciliation', { token: finance.token })).body)).toBe(true);
    });

    it('releases them when the programme decides so', async () => {
      const { old, offered } = await yearWithMoney('2042-43');
      const res = await w.call('POST', '/admin/budget/year-end', { token: admin.token, body: { financialYear: '2042-43', reservations: 'release', commitments: 'release', reason: 'end of programme year' } });
      expect(res.status).toBe(200);
      expect(res.body.pots[0]).toMatchObject({ carriedReservedPence: 0, releasedReservedPence: BURSARY, releasedCommittedPence: 75_000 });
      expect(await potRow(w, old.id)).toMatchObject({ fundedPence: 10 * BURSARY, reservedPence: 0, committedPence: 0, duePence: 25_000, paidPence: 0, availablePence: 10 * BURSARY - 25_000 });
      expect(await w.api.app.get(BudgetService).holding(offered)).toMatchObject({ potId: old.id, reservedPence: 0 });
    });

    it('runs from the CLI too', async () => {
      const old = await pot(w, { financialYear: '2048-49' });
      await reserve(w, old.id);
      const cli = run('apps/cli/src/main.js', {}, ['budget:year-end', '--financial-year', '2048-49', '--reservations', 'release', '--commitments', 'release', '--reason', 'from the CLI']);
      expect(await cli.exited).toBe(0);
      expect(cli.output()).toContain(`${old.id}: 1 applications; carried £0 reserved and £0 committed; released £500 reserved and £0 committed`);
      expect(cli.output()).toMatch(/Year end 2048-49 done \(id [0-9a-f-]{36}\): 1 ledger entries; 1 pots closed now\./);
      expect(await potRow(w, old.id)).toMatchObject({ reservedPence: 0, availablePence: 1_000_000 });
    });

    it('refuses a carry without a next-year pot, naming the field', async () => {
      await pot(w, { financialYear: '2044-45' });
      const wrongYear = await pot(w, { financialYear: '2046-47' });
      const missing = await w.call('POST', '/admin/budget/year-end', { token: finance.token, body: { financialYear: '2044-45', reservations: 'carry', commitments: 'release', reason: 'x' } });
      expect([missing.status, missing.body.code, fields(missing.body)]).toEqual([422, 'year_end_target_invalid', ['toPotId']]);
      const wrong = await w.call('POST', '/admin/budget/year-end', { token: finance.token, body: { financialYear: '2044-45', reservations: 'carry', commitments: 'carry', toPotId: wrongYear.id, reason: 'x' } });
      expect(wrong.body.errors).toEqual([{ field: 'toPotId', message: 'must be a 2045-46 pot, not 2046-47' }]);
      const none = await w.call('POST', '/admin/budget/year-end', { token: finance.token, body: { financialYear: '2098-99', reservations: 'release', commitments: 'release', reason: 'x' } });
      expect([none.status, fields(none.body)]).toEqual([404, ['financialYear']]);
      expect((await w.db.query(`SELECT count(*)::int AS n FROM budget_pot WHERE financial_year = '2044-45' AND closed_at IS NOT NULL`))[0].n).toBe(0);
    });
  });

  describe('reconciliation', () => {
    it('reports a pot whose balances differ from its entries, and never fixes it (API and CLI)', async () => {
      const a = await pot(w);
      await reserve(w, a.id);
      const clean = await w.call('GET', '/admin/budget/reconciliation', { token: finance.token });
      expect(ledgerAgrees(clean.body)).toBe(true);
      // This suite pays through the ledger alone, with no payment lines: the payments check says so (test/payment-runs.e2e-spec.ts covers it).
      expect(clean.body.payments.ledgerPayablePence).toBeGreaterThan(clean.body.payments.paymentLinesPence);
      expect(clean.body.payments.ok).toBe(false);
      expect(clean.body.pots.find((p: { id: string }) => p.id === a.id)).toMatchObject({ ok: true, ledgerSumPence: 950_000, balancePence: 950_000, differences: [] });
      const cli = run('apps/cli/src/main.js', {}, ['budget:reconcile']);
      // Every pot agrees; only the payments check differs (no payment lines here), and the CLI says which.
      expect(await cli.exited).toBe(1);
      expect(cli.output()).toMatch(/ok {4}.* available/);
      expect(cli.output()).not.toMatch(/DIFFERS \d{4}-\d{2} /);
      expect(cli.output()).toMatch(/DIFFERS payments: ledger/);

      // Someone changes a pot behind the ledger's back.
      await w.db.query(`UPDATE budget_pot SET reserved_pence = reserved_pence + 100, available_pence = available_pence - 100 WHERE id = $1`, [a.id]);
      try {
        for (let i = 0; i < 2; i++) {
          const res = await w.call('GET', '/admin/budget/reconciliation', { token: admin.token });
          expect(res.body.ok).toBe(false);
          expect(res.body.pots.filter((p: { ok: boolean }) => !p.ok)).toEqual([
            expect.objectContaining({ id: a.id, ledgerSumPence: 950_000, balancePence: 949_900, differences: ['reservedPence', 'availablePence'] }),
          ]);
        }
        const failing = run('apps/cli/src/main.js', {}, ['budget:reconcile']);
        expect(await failing.exited).toBe(1);
        expect(failing.output()).toContain(`DIFFERS 2026-27 ${a.name} (${a.id}): ledger £9,500, balance £9,499 available; differs in reservedPence, availablePence`);
      } finally {
        await w.db.query(`UPDATE budget_pot SET reserved_pence = reserved_pence - 100, available_pence = available_pence + 100 WHERE id = $1`, [a.id]);
      }
      expect(ledgerAgrees((await w.call('GET', '/admin/budget/reconciliation', { token: admin.token })).body)).toBe(true);
    });
  });

  describe('the forecast', () => {
    it('projects the year month by month from the pipeline and states its assumptions', async () => {
      await pot(w, { financialYear: '2050-51', amountPence: 100 * BURSARY });
      const res = await w.call('GET', '/admin/budget/forecast?financialYear=2050-51', { token: finance.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ financialYear: '2050-51', pipelineConnected: true, bursaryPence: BURSARY, money: { availableNowPence: 100 * BURSARY } });
      expect(res.body.months.map((m: { month: string }) => m.month)).toEqual(['2050-04', '2050-05', '2050-06', '2050-07', '2050-08', '2050-09', '2050-10', '2050-11', '2050-12', '2051-01', '2051-02', '2051-03']);
      expect(res.body.qualified).toMatchObject({ target: 1000, completedSoFar: 300 });
      expect(res.body.qualified.projectedByYearEnd).toBeGreaterThan(300);
      expect(res.body.fundableBursaries).toBe(Math.floor(res.body.money.leftAtYearEndPence / BURSARY));
      expect(res.body.assumptions.join('\n')).toContain('under review -> offered: 60% observed (100 outcomes)');
      expect(res.body.assumptions.join('\n')).toContain('25 new submissions a month');

      const current = await w.call('GET', '/admin/budget/forecast', { token: admin.token });
      expect(current.status).toBe(200);
      expect(current.body.months.at(-1).month).toMatch(/-03$/);
      expect((await w.call('GET', '/admin/budget/forecast?financialYear=2050-52', { token: admin.token })).status).toBe(422);
    });
  });
});
