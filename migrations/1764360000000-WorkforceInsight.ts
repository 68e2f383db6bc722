import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The workforce insight's core tables (issue 17).
 *
 * - `skills_audit`: every skills self-assessment anyone in general practice
 *   management completes, applicants' profiles included, kept row by row
 *   (never updated) so change over time is measurable. A person's position in
 *   an audit year is their newest row in it. `audit_year` is the financial
 *   year label ("2026-27") of `submitted_at`, fixed when written. The area is
 *   what the person said (region) and their employer's ODS code, which the
 *   practice file maps to a network, ICB and region at report time, so a new
 *   practice file re-maps old audits too.
 * - `workforce_plan_version`: the programme's future needs, versioned like
 *   the rule sets: role profiles (for each role, the level each competency
 *   should reach) and targets (qualified practice managers each region or ICB
 *   needs). Every save is a new version; the newest of a kind is current.
 * - `workforce_count_upload` / `workforce_count`: NHS Digital's official count
 *   of practice managers by region or ICB (General Practice Workforce
 *   statistics); the newest upload is current.
 * - `practice`: what the epraccur file adds beyond the casework columns.
 * - `qualification.competencies`: the competency areas a qualification covers,
 *   which gap-weighted priority reads.
 */
export class WorkforceInsight1764360000000 implements MigrationInterface {
  name = 'WorkforceInsight1764360000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE skills_audit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
        source text NOT NULL CHECK (source IN ('audit', 'profile')),
        audit_year text NOT NULL CHECK (audit_year ~ '^[0-9]{4}-[0-9]{2}$'),
        job_role text NOT NULL,
        region text NOT NULL,
        employer_ods_code text CHECK (employer_ods_code IS NULL OR employer_ods_code ~ '^[A-Z][0-9]{5}$'),
        skills jsonb NOT NULL CHECK (jsonb_typeof(skills) = 'object'),
        consented_at timestamptz NOT NULL,
        submitted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX skills_audit_year_person ON skills_audit (audit_year, user_id, submitted_at DESC)`);
    await q.query(`CREATE INDEX skills_audit_person ON skills_audit (user_id, submitted_at DESC)`);
    // Applicants' profiles count: each existing profile is its person's first audit row.
    await q.query(`
      INSERT INTO skills_audit (user_id, source, audit_year, job_role, region, employer_ods_code, skills, consented_at, submitted_at)
      SELECT p.user_id, 'profile',
             to_char(p.updated_at - interval '3 months', 'YYYY') || '-' || to_char(p.updated_at + interval '9 months', 'YY'),
             p.job_role, p.region, p.employer_ods_code, p.skills, p.updated_at, p.updated_at
      FROM applicant_profile p WHERE p.skills <> '{}'::jsonb`);

    await q.query(`
      CREATE TABLE workforce_plan_version (
        kind text NOT NULL CHECK (kind IN ('role_profiles', 'targets')),
        version integer NOT NULL CHECK (version > 0),
        body jsonb NOT NULL,
        note text CHECK (note IS NULL OR char_length(note) <= 1000),
        created_by uuid REFERENCES user_account(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, version)
      )`);

    await q.query(`
      CREATE TABLE workforce_count_upload (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source text NOT NULL CHECK (char_length(source) BETWEEN 1 AND 300),
        period text NOT NULL CHECK (char_length(period) BETWEEN 1 AND 100),
        row_count integer NOT NULL,
        uploaded_by uuid REFERENCES user_account(id) ON DELETE SET NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE workforce_count (
        upload_id uuid NOT NULL REFERENCES workforce_count_upload(id) ON DELETE CASCADE,
        area_kind text NOT NULL CHECK (area_kind IN ('region', 'icb')),
        area_code text NOT NULL,
        practice_managers numeric(10, 2) NOT NULL CHECK (practice_managers >= 0),
        PRIMARY KEY (upload_id, area_kind, area_code)
      )`);

    await q.query(`
      ALTER TABLE practice
        ADD COLUMN sub_icb_code text,
        ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed', 'dormant', 'proposed')),
        ADD COLUMN postcode text,
        ADD COLUMN loaded_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`CREATE INDEX practice_icb ON practice (icb_code)`);

    await q.query(`ALTER TABLE qualification ADD COLUMN competencies text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE qualification DROP COLUMN competencies`);
    await q.query(`DROP INDEX practice_icb`);
    await q.query(`ALTER TABLE practice DROP COLUMN sub_icb_code, DROP COLUMN status, DROP COLUMN postcode, DROP COLUMN loaded_at`);
    await q.query(`DROP TABLE workforce_count`);
    await q.query(`DROP TABLE workforce_count_upload`);
    await q.query(`DROP TABLE workforce_plan_version`);
    await q.query(`DROP TABLE skills_audit`);
  }
}
