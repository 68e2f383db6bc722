/** The ledger's monthly totals (migration 1764450000000), kept by a trigger, against the entries themselves. */
import { randomUUID } from 'node:crypto';
import { BudgetService, PotsService } from '@app/budget';
import { FINANCE, inTransaction, pot, potRow, reserve } from './factories/budget.factory';
import { World } from './support/world';

/** The totals as the entries give them, grouped straight from the ledger. */
const DIRECT = `
  SELECT e.pot_id, to_char(date_trunc('month', e.at AT TIME ZONE 'Europe/London'), 'YYYY-MM') AS month, e.kind, e.bucket,
         o.kind AS reversed_kind, o.bucket AS reversed_bucket, sum(e.amount_pence)::text AS total, count(*)::int AS entries
  FROM budget_ledger_entry e LEFT JOIN budget_ledger_entry o ON o.id = e.reverses_entry_id
  GROUP BY 1, 2, 3, 4, 5, 6`;
const KEPT = `
  SELECT pot_id, to_char(month, 'YYYY-MM') AS month, kind, bucket, reversed_kind, reversed_bucket, total_pence::text AS total, entries::int AS entries
  FROM budget_ledger_month_total`;
type TotalRow = { pot_id: string; month: string; kind: string; bucket: string | null; reversed_kind: string | null; reversed_bucket: string | null; total: string; entries: number };
const key = (r: TotalRow) => [r.pot_id, r.month, r.kind, r.bucket, r.reversed_kind, r.reversed_bucket].join('|');
const sorted = (rows: TotalRow[]) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));

describe('the ledger’s monthly totals', () => {
  let w: World;

  beforeAll(async () => {
    w = await World.start({ worker: false, config: (c) => ({ database: { ...c.database, poolSize: 10 } }) });
  });
  afterAll(() => w.stop());

  const expectTotalsMatchTheLedger = async () => {
    const direct = sorted(await w.db.query(DIRECT));
    expect(direct.length).toBeGreaterThan(0);
    expect(sorted(await w.db.query(KEPT))).toEqual(direct);
  };

  it('equal a direct sum of the ledger after funding, transfers, reservations, commits, releases and reversals', async () => {
    const budget = w.api.app.get(BudgetService);
    const pots = w.api.app.get(PotsService);
    const a = await pot(w, { amountPence: 1_000_000 });
    const b = await pot(w, { amountPence: 200_000 });
    const apps = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of apps) await reserve(w, a.id, id, 50_000);
    await inTransaction(w, (m, bs) => bs.commit(m, { applicationId: apps[0], actor: FINANCE }));
    await inTransaction(w, (m, bs) => bs.release(m, { applicationId: apps[1], reason: 'declined', actor: FINANCE }));
    const moved = await pots.transfer({ fromPotId: a.id, toPotId: b.id, amountPence: 30_000, reason: 'rebalance' }, FINANCE);
    // A transfer reversed whole (two reversals in one statement) and a pot's funding reversed.
    await budget.reverseEntry(moved.inEntryId, 'wrong pot', FINANCE);
    const c = await pot(w, { amountPence: 70_000 });
    const [fund] = await w.db.query(`SELECT id FROM budget_ledger_entry WHERE pot_id = $1 AND kind = 'fund'`, [c.id]);
    await budget.reverseEntry(fund.id, 'made in error', FINANCE);

    await expectTotalsMatchTheLedger();
    const [reversal] = await w.db.query(`SELECT * FROM budget_ledger_month_total WHERE pot_id = $1 AND kind = 'reverse'`, [c.id]);
    expect([reversal.reversed_kind, Number(reversal.total_pence), Number(reversal.entries)]).toEqual(['fund', 70_000, 1]);

    // The month's figures folded from the totals are the pots' balances now.
    const byMonth = await pots.usageByMonth([a.id, b.id, c.id]);
    for (const p of [a, b, c]) {
      const now = await potRow(w, p.id);
      const last = byMonth.get(p.id)!.at(-1)!;
      expect({ funded: last.fundedPence, reserved: last.reservedPence, committed: last.committedPence, available: last.availablePence }).toEqual({
        funded: now.fundedPence,
        reserved: now.reservedPence,
        committed: now.committedPence,
        available: now.availablePence,
      });
    }
    expect(byMonth.get(c.id)!.at(-1)!.fundedPence).toBe(0);
  });

  it('put an entry in its UK month and add a many-row insert across months and pots', async () => {
    const a = await pot(w, { amountPence: 0 });
    const b = await pot(w, { amountPence: 0 });
    // 23:30 on 31 March UTC is 12:30am on 1 April in London (BST): April's. 23:30 on 31 January is January's (GMT).
    await w.db.query(
      `INSERT INTO budget_ledger_entry (pot_id, kind, amount_pence, actor_role, at)
       SELECT pot, 'fund', amount, 'finance', at::timestamptz FROM (VALUES
         ($1::uuid, 100, '2027-03-31T23:30:00Z'), ($1::uuid, 200, '2027-01-31T23:30:00Z'), ($1::uuid, 300, '2027-01-15T12:00:00Z'),
         ($2::uuid, 400, '2027-03-31T22:59:00Z'), ($2::uuid, 500, '2027-04-01T10:00:00Z')) v(pot, amount, at)`,
      [a.id, b.id],
    );
    const rows: { pot_id: string; month: string; total: string; entries: string }[] = await w.db.query(
      `SELECT pot_id, to_char(month, 'YYYY-MM') AS month, total_pence::text AS total, entries::text AS entries FROM budget_ledger_month_total
       WHERE pot_id = ANY($1::uuid[]) ORDER BY pot_id = $2 DESC, month`,
      [[a.id, b.id], a.id],
    );
    expect(rows.map((r) => [r.pot_id === a.id ? 'a' : 'b', r.month, Number(r.total), Number(r.entries)])).toEqual([
      ['a', '2027-01', 500, 2],
      ['a', '2027-04', 100, 1],
      ['b', '2027-03', 400, 1],
      ['b', '2027-04', 500, 1],
    ]);
    await expectTotalsMatchTheLedger();
  });

  it('two transactions adding to the same pot and month at once both count', async () => {
    const p = await pot(w, { amountPence: 0 });
    const one = w.db.createQueryRunner();
    const two = w.db.createQueryRunner();
    const insert = `INSERT INTO budget_ledger_entry (pot_id, kind, amount_pence, actor_role, at) VALUES ($1, 'fund', $2, 'finance', '2027-02-10T12:00:00Z')`;
    try {
      await one.startTransaction();
      await two.startTransaction();
      // Neither total row exists yet: the second insert waits on the first's uncommitted row, then adds to it.
      await one.query(insert, [p.id, 1_000]);
      const waiting = two.query(insert, [p.id, 2_000]);
      const state = await Promise.race([waiting.then(() => 'done'), new Promise((r) => setTimeout(() => r('waiting'), 300))]);
      expect(state).toBe('waiting');
      await one.commitTransaction();
      await waiting;
      await two.commitTransaction();
    } finally {
      await one.release();
      await two.release();
    }
    const [row] = await w.db.query(`SELECT total_pence::text AS total, entries::int AS entries FROM budget_ledger_month_total WHERE pot_id = $1 AND month = '2027-02-01'`, [p.id]);
    expect([Number(row.total), row.entries]).toEqual([3_000, 2]);

    // And many reservations at once against one pot, each its own transaction.
    const q = await pot(w, { amountPence: 2_000_000 });
    await Promise.all(Array.from({ length: 20 }, () => reserve(w, q.id)));
    await expectTotalsMatchTheLedger();
  });
});
