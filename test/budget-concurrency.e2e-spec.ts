import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { BudgetError, BudgetService, PotsService, ReconciliationService } from '@app/budget';
import { BURSARY, FINANCE, inTransaction, ledgerTotals, pot, potRow, reserve } from './factories/budget.factory';
import { World } from './support/world';

/** The outcome of a call: its result, or the code of the BudgetError it threw (anything else fails the test). */
async function outcome<T>(call: Promise<T>): Promise<T | { error: string }> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof BudgetError) return { error: err.code };
    throw err;
  }
}

describe('budget under concurrency', () => {
  let w: World;
  let budget: BudgetService;
  let reconciliation: ReconciliationService;

  // A pool of connections, so calls really do run at the same moment.
  beforeAll(async () => {
    w = await World.start({ worker: false, config: (c) => ({ database: { ...c.database, poolSize: 20 } }) });
    budget = w.api.app.get(BudgetService);
    reconciliation = w.api.app.get(ReconciliationService);
  });
  afterAll(() => w.stop());

  const clean = async (potIds: string[]) => {
    const r = await reconciliation.reconcile({ potIds });
    expect(r.pots.filter((p) => !p.ok)).toEqual([]);
    expect(r.applications.overdrawn).toEqual([]);
    expect(r.ok).toBe(true);
  };

  it('400 reservations at once against a pot for 300 give exactly 300, duplicates refused', async () => {
    const p = await pot(w, { amountPence: 300 * BURSARY });
    const ids = Array.from({ length: 380 }, () => randomUUID());
    // 20 applications are approved twice at the same moment: their two calls sit side by side.
    const calls = ids.flatMap((id, i) => (i < 20 ? [id, id] : [id]));
    expect(calls).toHaveLength(400);
    const results = await Promise.all(calls.map((id) => outcome(reserve(w, p.id, id))));

    const reserved = results.flatMap((r, i) => ('reserved' in r && r.reserved ? [calls[i]] : []));
    const refused = results.filter((r) => 'reserved' in r && !r.reserved);
    const errors = results.filter((r): r is { error: string } => 'error' in r);
    expect(reserved).toHaveLength(300);
    expect(new Set(reserved).size).toBe(300);
    expect(refused.length + errors.length).toBe(100);
    expect(new Set(errors.map((e) => e.error))).toEqual(errors.length ? new Set(['already_reserved']) : new Set());
    for (let i = 0; i < 20; i++) expect(reserved.filter((id) => id === ids[i]).length).toBeLessThanOrEqual(1);

    const [ledger] = await w.db.query(`SELECT count(*)::int AS n, sum(amount_pence)::text AS pence FROM budget_ledger_entry WHERE pot_id = $1 AND kind = 'reserve'`, [p.id]);
    expect(ledger).toEqual({ n: 300, pence: String(300 * BURSARY) });
    expect(await potRow(w, p.id)).toMatchObject({ fundedPence: 300 * BURSARY, reservedPence: 300 * BURSARY, availablePence: 0 });
    await clean([p.id]);
  });

  it('two pots created at the same moment cannot together pass the programme total', async () => {
    const pots = w.api.app.get(PotsService);
    const before = await pots.summary();
    const half = Math.floor(before.unallocatedPence / 2) + 1;
    const results = await Promise.all([1, 2].map((i) => outcome(pots.create({ name: `Race ${i} ${randomUUID()}`, financialYear: '2026-27', amountPence: half }, FINANCE))));
    const created = results.filter((r) => 'id' in r) as { id: string }[];
    expect(created).toHaveLength(1);
    expect(results.filter((r) => 'error' in r)).toEqual([{ error: 'programme_total_exceeded' }]);
    const after = await pots.summary();
    expect(after.allocatedToPotsPence).toBe(before.allocatedToPotsPence + half);
    expect(after.allocatedToPotsPence).toBeLessThanOrEqual(after.programmeTotalPence);

    // Give the money back to the programme (reversing the funding) so the tests after this one can make pots.
    const [fund] = await w.db.query(`SELECT id FROM budget_ledger_entry WHERE pot_id = $1 AND kind = 'fund'`, [created[0].id]);
    await budget.reverseEntry(fund.id, 'test: return the money', FINANCE);
    expect((await pots.summary()).allocatedToPotsPence).toBe(before.allocatedToPotsPence);
    expect((await reconciliation.reconcile()).programme.ok).toBe(true);
  });

  it('releases, commits, payments and reservations interleaved keep every invariant', async () => {
    const p = await pot(w, { amountPence: 100 * BURSARY });
    const held = Array.from({ length: 100 }, () => randomUUID());
    await Promise.all(held.map((id) => reserve(w, p.id, id)));
    const [toCommit, toRelease, racing, rest] = [held.slice(0, 30), held.slice(30, 70), held.slice(70, 80), held.slice(80)];
    await Promise.all(toCommit.map((id) => inTransaction(w, (m, b) => b.commit(m, { applicationId: id, actor: FINANCE }))));
    const newcomers = Array.from({ length: 80 }, () => randomUUID());

    const run = (applicationId: string, what: 'release' | 'commit' | 'pay' | 'releaseCommitment') =>
      outcome(
        inTransaction<unknown>(w, (m, b) => {
          if (what === 'release') return b.release(m, { applicationId, reason: 'declined', actor: FINANCE });
          if (what === 'commit') return b.commit(m, { applicationId, actor: FINANCE });
          if (what === 'releaseCommitment') return b.releaseCommitment(m, { applicationId, reason: 'withdrawn', actor: FINANCE });
          return b.pay(m, { applicationId, amountPence: BURSARY / 2, reference: 'start payment', actor: FINANCE });
        }),
      );
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 80; i++) {
      calls.push(outcome(reserve(w, p.id, newcomers[i])));
      if (i < 40) calls.push(run(toRelease[i], 'release'), run(toRelease[i], 'release'));
      if (i < 30) calls.push(run(toCommit[i], i % 2 ? 'pay' : 'releaseCommitment'), run(toCommit[i], 'pay'));
      // Commit and release of the same application at the same moment: exactly one of them happens.
      if (i < 10) calls.push(run(racing[i], 'commit'), run(racing[i], 'release'));
    }
    const results = await Promise.all(calls);
    expect(results.filter((r) => r && typeof r === 'object' && 'error' in r && !['nothing_reserved', 'exceeds_commitment', 'already_paid'].includes((r as { error: string }).error))).toEqual([]);

    const after = await potRow(w, p.id);
    expect(after.availablePence).toBeGreaterThanOrEqual(0);
    expect(after.fundedPence).toBe(100 * BURSARY);
    for (const id of [...racing, ...toRelease, ...toCommit, ...rest]) {
      const h = (await budget.holding(id))!;
      expect(h.reservedPence + h.committedPence + h.paidPence).toBeLessThanOrEqual(BURSARY);
      expect(Math.min(h.reservedPence, h.committedPence, h.paidPence)).toBeGreaterThanOrEqual(0);
    }
    for (const id of racing) {
      const h = (await budget.holding(id))!;
      expect([h.reservedPence, h.committedPence]).toEqual(h.committedPence ? [0, BURSARY] : [0, 0]);
    }
    for (const id of toRelease) expect(await budget.holding(id)).toMatchObject({ reservedPence: 0, committedPence: 0 });
    const newlyReserved = (await Promise.all(newcomers.map((id) => budget.holding(id)))).filter((h) => h?.reservedPence === BURSARY).length;
    const [{ released }] = await w.db.query(`SELECT coalesce(sum(amount_pence), 0)::text AS released FROM budget_ledger_entry WHERE pot_id = $1 AND kind = 'release'`, [p.id]);
    expect(newlyReserved * BURSARY).toBeLessThanOrEqual(Number(released));
    await clean([p.id]);
  });

  describe('a property: any sequence of ledger operations', () => {
    type Op =
      | { t: 'reserve'; pot: number; app: number; amount: number }
      | { t: 'release' | 'commit' | 'releaseCommitment'; app: number }
      | { t: 'pay'; app: number; amount: number; ref: number }
      | { t: 'reverse'; entry: number }
      | { t: 'transfer'; from: number; to: number; amount: number };
    // Sensible amounts mostly, and the invalid ones callers get wrong: zero, negative, fractional, huge.
    const amount = fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 1, max: 60_000 }) },
      { weight: 1, arbitrary: fc.constantFrom(0, -1, -50_000, 0.5, 25_000.25, Number.MAX_SAFE_INTEGER, 10 ** 9) },
    );
    const app = fc.integer({ min: 0, max: 2 });
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 3, arbitrary: fc.record({ t: fc.constant('reserve' as const), pot: fc.integer({ min: 0, max: 1 }), app, amount }) },
      { weight: 3, arbitrary: fc.record({ t: fc.constantFrom('commit' as const, 'commit' as const, 'release' as const, 'releaseCommitment' as const), app }) },
      { weight: 3, arbitrary: fc.record({ t: fc.constant('pay' as const), app, amount: fc.oneof(amount, fc.integer({ min: 1, max: 20_000 })), ref: fc.integer({ min: 0, max: 2 }) }) },
      { weight: 2, arbitrary: fc.record({ t: fc.constant('reverse' as const), entry: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('transfer' as const), from: fc.integer({ min: 0, max: 1 }), to: fc.integer({ min: 0, max: 1 }), amount }) },
    );

    it('never leaves a negative balance or a pot that disagrees with its entries, and a refusal writes nothing', async () => {
      const pots = w.api.app.get(PotsService);
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 15, maxLength: 25 }), fc.integer({ min: 50_000, max: 250_000 }), async (ops, funding) => {
          const potIds = [(await pot(w, { amountPence: funding })).id, (await pot(w, { amountPence: Math.floor(funding / 2) })).id];
          const apps = Array.from({ length: 3 }, () => randomUUID());
          for (const o of ops) {
            const before = await ledgerTotals(w, potIds);
            const result = await outcome(
              (async () => {
                switch (o.t) {
                  case 'reserve':
                    return inTransaction(w, (m, b) => b.reserve(m, { potId: potIds[o.pot], applicationId: apps[o.app], amountPence: o.amount, actor: FINANCE }));
                  case 'release':
                    return inTransaction(w, (m, b) => b.release(m, { applicationId: apps[o.app], reason: 'property', actor: FINANCE }));
                  case 'releaseCommitment':
                    return inTransaction(w, (m, b) => b.releaseCommitment(m, { applicationId: apps[o.app], reason: 'property', actor: FINANCE }));
                  case 'commit':
                    return inTransaction(w, (m, b) => b.commit(m, { applicationId: apps[o.app], actor: FINANCE }));
                  case 'pay':
                    return inTransaction(w, (m, b) => b.pay(m, { applicationId: apps[o.app], amountPence: o.amount, reference: `payment ${o.ref}`, actor: FINANCE }));
                  case 'transfer':
                    return pots.transfer({ fromPotId: potIds[o.from], toPotId: potIds[o.to], amountPence: o.amount, reason: 'property' }, FINANCE);
                  case 'reverse': {
                    const entries = await w.db.query(`SELECT id FROM budget_ledger_entry WHERE pot_id = ANY($1::uuid[]) ORDER BY seq`, [potIds]);
                    return inTransaction(w, (m, b) => b.reverse(m, { entryId: entries[o.entry % entries.length].id, reason: 'property', actor: FINANCE }));
                  }
                }
              })(),
            );
            const wroteNothing = (result && typeof result === 'object' && ('error' in result || ('reserved' in result && !result.reserved))) || result === null;
            if (wroteNothing) expect(await ledgerTotals(w, potIds)).toEqual(before);
            for (const id of potIds) {
              const p = await potRow(w, id);
              expect(Math.min(p.availablePence, p.reservedPence, p.committedPence, p.paidPence, p.fundedPence)).toBeGreaterThanOrEqual(0);
            }
            await clean(potIds);
          }
        }),
        { numRuns: 30 },
      );
    }, 120_000);
  });
});
