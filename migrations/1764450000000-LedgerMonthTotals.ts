import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monthly totals of the ledger, kept as entries are written, so the budget
 * use report reads a few hundred rows instead of grouping a million entries
 * (and joining each reversal to what it reverses) on every request.
 *
 * The ledger is append-only (its triggers refuse UPDATE, DELETE and
 * TRUNCATE), so a total only ever grows by what is inserted: one
 * statement-level AFTER INSERT trigger adds each statement's new entries,
 * grouped, through its transition table (one upsert per statement, not per
 * row, for the bulk inserts of payment runs and year end). Two transactions
 * adding to the same total both succeed: ON CONFLICT DO UPDATE adds to the
 * row the other committed (the second waits on its row lock), never reads
 * then writes. A reversal is grouped by the kind and bucket of the entry it
 * reverses, which is what its effect depends on (effects.ts), so the totals
 * fold exactly as the entries would.
 *
 * The month is the UK calendar month of the entry's `at` (Europe/London).
 */
export class LedgerMonthTotals1764450000000 implements MigrationInterface {
  name = 'LedgerMonthTotals1764450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE budget_ledger_month_total (
        pot_id uuid NOT NULL REFERENCES budget_pot(id),
        -- The first day of the UK calendar month.
        month date NOT NULL,
        kind text NOT NULL,
        bucket text,
        reversed_kind text,
        reversed_bucket text,
        total_pence bigint NOT NULL,
        entries bigint NOT NULL,
        CONSTRAINT budget_ledger_month_total_key UNIQUE NULLS NOT DISTINCT (pot_id, month, kind, bucket, reversed_kind, reversed_bucket)
      )`);
    await q.query(`
      CREATE FUNCTION budget_ledger_add_month_totals() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO budget_ledger_month_total AS t (pot_id, month, kind, bucket, reversed_kind, reversed_bucket, total_pence, entries)
        SELECT n.pot_id, date_trunc('month', n.at AT TIME ZONE 'Europe/London')::date, n.kind, n.bucket, o.kind, o.bucket, sum(n.amount_pence), count(*)
        FROM added n LEFT JOIN budget_ledger_entry o ON o.id = n.reverses_entry_id
        GROUP BY 1, 2, 3, 4, 5, 6
        -- One order for every writer, so two statements upserting several totals cannot deadlock.
        ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT ON CONSTRAINT budget_ledger_month_total_key
        DO UPDATE SET total_pence = t.total_pence + excluded.total_pence, entries = t.entries + excluded.entries;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER budget_ledger_month_totals AFTER INSERT ON budget_ledger_entry
      REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION budget_ledger_add_month_totals()`);
    // The entries already written. Nothing is counted twice or missed: CREATE TRIGGER holds a lock
    // that makes any concurrent insert wait until this migration commits.
    await q.query(`
      INSERT INTO budget_ledger_month_total (pot_id, month, kind, bucket, reversed_kind, reversed_bucket, total_pence, entries)
      SELECT e.pot_id, date_trunc('month', e.at AT TIME ZONE 'Europe/London')::date, e.kind, e.bucket, o.kind, o.bucket, sum(e.amount_pence), count(*)
      FROM budget_ledger_entry e LEFT JOIN budget_ledger_entry o ON o.id = e.reverses_entry_id
      GROUP BY 1, 2, 3, 4, 5, 6`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER budget_ledger_month_totals ON budget_ledger_entry`);
    await q.query(`DROP FUNCTION budget_ledger_add_month_totals()`);
    await q.query(`DROP TABLE budget_ledger_month_total`);
  }
}
