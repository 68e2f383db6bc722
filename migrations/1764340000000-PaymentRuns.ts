import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payment runs: finance builds a run from payments due, submits it, a second
 * finance user approves it (never the one who built or submitted it: a CHECK
 * says so, whatever the code does), and finance records it paid with a date
 * and the remittance reference. A payment is in at most one live run (a
 * partial unique index, which also settles two runs built at the same
 * moment), and an approved or paid run's lines can no longer change (a trigger).
 */
export class PaymentRuns1764340000000 implements MigrationInterface {
  name = 'PaymentRuns1764340000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE payment_run_number`);
    await q.query(`
      CREATE TABLE payment_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'paid', 'cancelled')),
        criteria jsonb NOT NULL DEFAULT '{}',
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        submitted_by uuid,
        submitted_at timestamptz,
        approved_by uuid,
        approved_at timestamptz,
        paid_on date,
        remittance_reference text CHECK (char_length(remittance_reference) BETWEEN 1 AND 100),
        paid_recorded_by uuid,
        paid_recorded_at timestamptz,
        cancelled_by uuid,
        cancelled_at timestamptz,
        cancel_reason text,
        CONSTRAINT payment_run_second_approver CHECK (approved_by IS NULL OR (approved_by <> created_by AND approved_by IS DISTINCT FROM submitted_by)),
        CONSTRAINT payment_run_states CHECK (
          (status <> 'submitted' OR submitted_at IS NOT NULL)
          AND (status NOT IN ('approved', 'paid') OR (submitted_at IS NOT NULL AND approved_at IS NOT NULL))
          AND (status <> 'paid' OR (paid_on IS NOT NULL AND remittance_reference IS NOT NULL))
          AND (status <> 'cancelled' OR (cancelled_at IS NOT NULL AND approved_at IS NULL)))
      )`);
    await q.query(`CREATE INDEX payment_run_status_idx ON payment_run (status, created_at)`);
    await q.query(`
      CREATE TABLE payment_run_line (
        run_id uuid NOT NULL REFERENCES payment_run(id),
        payment_due_id uuid NOT NULL REFERENCES payment_due(id),
        provider_id uuid NOT NULL REFERENCES training_provider(id),
        amount_pence integer NOT NULL CHECK (amount_pence >= 0),
        released_at timestamptz,
        PRIMARY KEY (run_id, payment_due_id)
      )`);
    // The constraint that makes "a run cannot include a line twice" true under concurrency.
    await q.query(`CREATE UNIQUE INDEX payment_run_line_once ON payment_run_line (payment_due_id) WHERE released_at IS NULL`);
    await q.query(`CREATE INDEX payment_run_line_provider_idx ON payment_run_line (run_id, provider_id)`);
    await q.query(`
      CREATE FUNCTION payment_run_line_locked() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM payment_run r WHERE r.id = OLD.run_id AND r.status IN ('approved', 'paid')) THEN
          RAISE EXCEPTION 'payment run % is approved: its lines are locked', OLD.run_id USING ERRCODE = 'check_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`CREATE TRIGGER payment_run_line_locked BEFORE UPDATE OR DELETE ON payment_run_line FOR EACH ROW EXECUTE FUNCTION payment_run_line_locked()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE payment_run_line`);
    await q.query(`DROP FUNCTION payment_run_line_locked()`);
    await q.query(`DROP TABLE payment_run`);
    await q.query(`DROP SEQUENCE payment_run_number`);
  }
}
