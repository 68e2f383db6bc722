import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Training: cohorts with a capacity that holds under concurrency, learners'
 * enrolments, every report a provider makes (kept, voidable, latest wins),
 * the payments due to providers, and the idempotency keys providers' systems
 * send with every POST.
 */
export class Training1764220000000 implements MigrationInterface {
  name = 'Training1764220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cohort (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_id uuid NOT NULL REFERENCES training_provider(id),
        qualification_id uuid NOT NULL REFERENCES qualification(id),
        name text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 200),
        start_date date NOT NULL,
        capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
        places_taken integer NOT NULL DEFAULT 0,
        delivery_mode text NOT NULL CHECK (delivery_mode IN ('classroom', 'online', 'blended', 'workplace')),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- The backstop for the guarded UPDATE that takes a place.
        CONSTRAINT cohort_within_capacity CHECK (places_taken BETWEEN 0 AND capacity)
      )`);
    await q.query(`CREATE INDEX cohort_provider_idx ON cohort (provider_id, start_date)`);
    await q.query(`
      CREATE TABLE enrolment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES application(id),
        cohort_id uuid NOT NULL REFERENCES cohort(id),
        provider_id uuid NOT NULL REFERENCES training_provider(id),
        status text NOT NULL DEFAULT 'placed' CHECK (status IN ('placed', 'started', 'deferred', 'withdrawn', 'completed', 'declined_by_provider')),
        start_date date,
        outcome text CHECK (outcome IN ('passed', 'failed')),
        completed_on date,
        certificate_reference text,
        last_report_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One live enrolment per application; a learner turned down or withdrawn can be placed again.
    await q.query(`CREATE UNIQUE INDEX enrolment_one_live_per_application ON enrolment (application_id) WHERE status NOT IN ('declined_by_provider', 'withdrawn')`);
    await q.query(`CREATE INDEX enrolment_provider_idx ON enrolment (provider_id, cohort_id)`);
    await q.query(`
      CREATE TABLE enrolment_report (
        id bigserial PRIMARY KEY,
        enrolment_id uuid NOT NULL REFERENCES enrolment(id),
        type text NOT NULL CHECK (type IN ('placement', 'start', 'progress', 'completion', 'withdrawal', 'deferral', 'decline')),
        milestone text CHECK (milestone IN ('started', 'mid_point', 'assessment_passed', 'completed')),
        outcome text CHECK (outcome IN ('passed', 'failed')),
        on_date date,
        certificate_reference text,
        reason_code text,
        note text,
        reported_by text,
        voided_at timestamptz,
        void_reason text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX enrolment_report_enrolment_idx ON enrolment_report (enrolment_id, id)`);
    await q.query(`
      CREATE TABLE payment_due (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enrolment_id uuid NOT NULL REFERENCES enrolment(id),
        provider_id uuid NOT NULL REFERENCES training_provider(id),
        report_id bigint NOT NULL REFERENCES enrolment_report(id),
        kind text NOT NULL CHECK (kind IN ('start', 'completion')),
        amount_pence integer NOT NULL CHECK (amount_pence >= 0),
        due_on date NOT NULL,
        ledger_entry_id uuid,
        voided_at timestamptz,
        paid_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A start or a completion is paid once per enrolment, however often it is reported.
    await q.query(`CREATE UNIQUE INDEX payment_due_once ON payment_due (enrolment_id, kind) WHERE voided_at IS NULL`);
    await q.query(`CREATE INDEX payment_due_provider_idx ON payment_due (provider_id, due_on)`);
    await q.query(`
      CREATE TABLE idempotency_key (
        provider_id uuid NOT NULL REFERENCES training_provider(id),
        key text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 200),
        request_hash bytea NOT NULL,
        response_status integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (provider_id, key)
      )`);
    await q.query(`CREATE INDEX idempotency_key_age_idx ON idempotency_key (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_key`);
    await q.query(`DROP TABLE payment_due`);
    await q.query(`DROP TABLE enrolment_report`);
    await q.query(`DROP TABLE enrolment`);
    await q.query(`DROP TABLE cohort`);
  }
}
