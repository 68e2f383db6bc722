import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The programme budget: one programme row (the total and what pots hold of
 * it), pots with their balances, the append-only ledger every movement of
 * money is written to, and the record of each financial year end.
 *
 * Balances live in the pot row and change in the same transaction as the
 * entry that explains them; the CHECK constraints are the backstop that makes
 * a negative balance or a pot whose columns disagree impossible to commit.
 * The ledger's application_id deliberately has no foreign key: the budget
 * knows no other domain's tables.
 */
export class Budget1764210000000 implements MigrationInterface {
  name = 'Budget1764210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE budget_programme (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        total_pence bigint NOT NULL CHECK (total_pence > 0),
        allocated_pence bigint NOT NULL DEFAULT 0 CHECK (allocated_pence >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pots_within_programme_total CHECK (allocated_pence <= total_pence)
      )`);
    await q.query(`
      CREATE TABLE budget_pot (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (char_length(name) BETWEEN 3 AND 200),
        purpose text NOT NULL CHECK (purpose IN ('bursaries', 'provider_payments')),
        financial_year text NOT NULL CHECK (
          financial_year ~ '^[0-9]{4}-[0-9]{2}$'
          AND right(financial_year, 2)::int = (left(financial_year, 4)::int + 1) % 100
        ),
        region text CHECK (region ~ '^[a-z][a-z0-9_]{1,60}$'),
        funded_pence bigint NOT NULL DEFAULT 0 CHECK (funded_pence >= 0),
        reserved_pence bigint NOT NULL DEFAULT 0 CHECK (reserved_pence >= 0),
        committed_pence bigint NOT NULL DEFAULT 0 CHECK (committed_pence >= 0),
        paid_pence bigint NOT NULL DEFAULT 0 CHECK (paid_pence >= 0),
        available_pence bigint NOT NULL DEFAULT 0 CHECK (available_pence >= 0),
        closed_at timestamptz,
        closed_by uuid,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT available_is_funded_less_held CHECK (available_pence = funded_pence - reserved_pence - committed_pence - paid_pence)
      )`);
    await q.query(`CREATE UNIQUE INDEX budget_pot_name_per_year ON budget_pot (financial_year, lower(name))`);
    await q.query(`
      CREATE TABLE budget_year_end (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        financial_year text NOT NULL,
        to_pot_id uuid REFERENCES budget_pot(id),
        reservations text NOT NULL CHECK (reservations IN ('carry', 'release')),
        commitments text NOT NULL CHECK (commitments IN ('carry', 'release')),
        reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 1000),
        summary jsonb NOT NULL,
        actor_id uuid,
        actor_role text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE budget_ledger_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        pot_id uuid NOT NULL REFERENCES budget_pot(id),
        kind text NOT NULL CHECK (kind IN ('fund', 'transfer_in', 'transfer_out', 'reserve', 'release', 'commit', 'pay', 'reverse')),
        -- Which balance a transfer moves with (available money, or an application's reservation or
        -- commitment carried at year end), and which one a release frees. Copied onto a reversal.
        bucket text CHECK (bucket IN ('available', 'reserved', 'committed')),
        amount_pence bigint NOT NULL CHECK (amount_pence > 0),
        application_id uuid,
        reverses_entry_id uuid REFERENCES budget_ledger_entry(id),
        transfer_id uuid,
        year_end_id uuid REFERENCES budget_year_end(id),
        reason text CHECK (char_length(reason) <= 1000),
        reference text CHECK (char_length(reference) <= 200),
        actor_id uuid,
        actor_role text,
        at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT bucket_fits_kind CHECK (CASE
          WHEN kind IN ('transfer_in', 'transfer_out') THEN bucket IS NOT NULL
          WHEN kind = 'release' THEN bucket IN ('reserved', 'committed')
          WHEN kind = 'reverse' THEN true
          ELSE bucket IS NULL END),
        CONSTRAINT application_money_names_the_application CHECK (
          application_id IS NOT NULL OR (kind IN ('fund', 'transfer_in', 'transfer_out', 'reverse') AND coalesce(bucket, 'available') = 'available')),
        CONSTRAINT a_reversal_points_at_what_it_corrects CHECK ((kind = 'reverse') = (reverses_entry_id IS NOT NULL)),
        CONSTRAINT transfers_are_paired CHECK ((kind IN ('transfer_in', 'transfer_out')) = (transfer_id IS NOT NULL)),
        CONSTRAINT payments_have_a_reference CHECK (kind <> 'pay' OR reference IS NOT NULL),
        CONSTRAINT reasons_given CHECK (kind NOT IN ('transfer_in', 'transfer_out', 'release', 'reverse') OR reason IS NOT NULL)
      )`);
    // One reservation per application, ever: two approvals racing cannot both reserve.
    await q.query(`CREATE UNIQUE INDEX budget_ledger_one_reservation_per_application ON budget_ledger_entry (application_id) WHERE kind = 'reserve'`);
    // An entry is corrected at most once.
    await q.query(`CREATE UNIQUE INDEX budget_ledger_reversed_once ON budget_ledger_entry (reverses_entry_id) WHERE reverses_entry_id IS NOT NULL`);
    await q.query(`CREATE INDEX budget_ledger_pot_idx ON budget_ledger_entry (pot_id, seq)`);
    await q.query(`CREATE INDEX budget_ledger_application_idx ON budget_ledger_entry (application_id, seq) WHERE application_id IS NOT NULL`);
    await q.query(`CREATE INDEX budget_ledger_transfer_idx ON budget_ledger_entry (transfer_id) WHERE transfer_id IS NOT NULL`);
    // The ledger is append-only: the database itself refuses to change or remove an entry.
    await q.query(`
      CREATE FUNCTION budget_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'budget_ledger_entry is append-only: correct an entry with a reversal';
      END $$`);
    await q.query(`
      CREATE TRIGGER budget_ledger_no_change BEFORE UPDATE OR DELETE ON budget_ledger_entry
      FOR EACH ROW EXECUTE FUNCTION budget_ledger_append_only()`);
    await q.query(`
      CREATE TRIGGER budget_ledger_no_truncate BEFORE TRUNCATE ON budget_ledger_entry
      FOR EACH STATEMENT EXECUTE FUNCTION budget_ledger_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE budget_ledger_entry`);
    await q.query(`DROP FUNCTION budget_ledger_append_only()`);
    await q.query(`DROP TABLE budget_year_end`);
    await q.query(`DROP TABLE budget_pot`);
    await q.query(`DROP TABLE budget_programme`);
  }
}
