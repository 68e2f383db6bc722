import type { MigrationInterface, QueryRunner } from 'typeorm';

export const APPLICATION_STATUSES = [
  'draft', 'submitted', 'ineligible', 'referred', 'under_review', 'offered', 'waitlisted', 'rejected',
  'accepted', 'declined', 'expired', 'withdrawn', 'enrolled', 'completed', 'appealed',
];

/**
 * Applicant intake: the qualifications on offer, funding rounds, the
 * applicant profile (the programme's picture of its workforce),
 * applications with their eligibility decision and full transition history,
 * and appeals.
 */
export class Intake1764200000000 implements MigrationInterface {
  name = 'Intake1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE qualification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL CHECK (char_length(title) BETWEEN 3 AND 200),
        awarding_body text NOT NULL CHECK (char_length(awarding_body) BETWEEN 2 AND 200),
        level smallint NOT NULL CHECK (level BETWEEN 1 AND 8),
        bursary_pence integer NOT NULL CHECK (bursary_pence > 0),
        duration_months smallint NOT NULL CHECK (duration_months BETWEEN 1 AND 60),
        start_payment_percent smallint NOT NULL DEFAULT 50 CHECK (start_payment_percent BETWEEN 0 AND 100),
        completion_payment_percent smallint NOT NULL DEFAULT 50 CHECK (completion_payment_percent BETWEEN 0 AND 100),
        is_example boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT payment_schedule_sums_to_100 CHECK (start_payment_percent + completion_payment_percent = 100)
      )`);
    await q.query(`
      CREATE TABLE funding_round (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (char_length(name) BETWEEN 3 AND 200),
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        pot_id uuid,
        rule_set_version text NOT NULL,
        created_by uuid REFERENCES user_account(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT round_closes_after_it_opens CHECK (closes_at > opens_at)
      )`);
    await q.query(`
      CREATE TABLE round_qualification (
        round_id uuid NOT NULL REFERENCES funding_round(id) ON DELETE CASCADE,
        qualification_id uuid NOT NULL REFERENCES qualification(id),
        PRIMARY KEY (round_id, qualification_id)
      )`);
    await q.query(`
      CREATE TABLE applicant_profile (
        user_id uuid PRIMARY KEY REFERENCES user_account(id) ON DELETE CASCADE,
        full_name text NOT NULL,
        -- For duplicate detection: lower-case, without +tags (and dots for Gmail), copied from the account.
        email_normalised text NOT NULL,
        date_of_birth date NOT NULL,
        postcode text NOT NULL,
        region text NOT NULL,
        -- The applicant's current role (API field currentRole; current_role is reserved in SQL).
        job_role text NOT NULL,
        employer_ods_code text CHECK (employer_ods_code ~ '^[A-Z][0-9]{5}$'),
        years_in_role smallint NOT NULL CHECK (years_in_role BETWEEN 0 AND 60),
        highest_qualification_level smallint NOT NULL CHECK (highest_qualification_level BETWEEN 0 AND 8),
        has_level2_english_and_maths boolean NOT NULL,
        skills jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX applicant_profile_email_idx ON applicant_profile (email_normalised)`);
    await q.query(`CREATE INDEX applicant_profile_person_idx ON applicant_profile (lower(full_name), date_of_birth, postcode)`);
    await q.query(`CREATE SEQUENCE application_reference_seq`);
    await q.query(`
      CREATE TABLE application (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE,
        applicant_id uuid NOT NULL REFERENCES user_account(id),
        round_id uuid NOT NULL REFERENCES funding_round(id),
        qualification_id uuid NOT NULL REFERENCES qualification(id),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN (${APPLICATION_STATUSES.map((s) => `'${s}'`).join(', ')})),
        employer_support_name text,
        employer_support_email text,
        statement text CHECK (char_length(statement) <= 5000),
        facts jsonb,
        eligibility jsonb,
        priority_score smallint,
        duplicate_of uuid REFERENCES application(id),
        submitted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One active application per person per round; a withdrawn one frees the place.
    await q.query(`CREATE UNIQUE INDEX application_one_active_per_round ON application (applicant_id, round_id) WHERE status <> 'withdrawn'`);
    await q.query(`CREATE INDEX application_queue_idx ON application (round_id, status, priority_score DESC, submitted_at)`);
    await q.query(`CREATE INDEX application_applicant_idx ON application (applicant_id)`);
    await q.query(`
      CREATE TABLE application_transition (
        id bigserial PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES application(id) ON DELETE CASCADE,
        from_status text,
        to_status text NOT NULL,
        actor_id uuid,
        actor_role text,
        reason_code text,
        note text,
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX application_transition_app_idx ON application_transition (application_id, id)`);
    await q.query(`
      CREATE TABLE appeal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES application(id),
        statement text NOT NULL CHECK (char_length(statement) BETWEEN 10 AND 5000),
        previous_status text NOT NULL,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        decision text CHECK (decision IN ('uphold', 'dismiss')),
        decided_by uuid REFERENCES user_account(id),
        decided_at timestamptz,
        note text
      )`);
    await q.query(`CREATE UNIQUE INDEX appeal_one_open_per_application ON appeal (application_id) WHERE decision IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE appeal`);
    await q.query(`DROP TABLE application_transition`);
    await q.query(`DROP TABLE application`);
    await q.query(`DROP SEQUENCE application_reference_seq`);
    await q.query(`DROP TABLE applicant_profile`);
    await q.query(`DROP TABLE round_qualification`);
    await q.query(`DROP TABLE funding_round`);
    await q.query(`DROP TABLE qualification`);
  }
}
