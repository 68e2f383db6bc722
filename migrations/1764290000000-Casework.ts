import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Casework in the staff console: an application can be assigned to one
 * reviewer and put on hold with a reason; staff keep internal notes on it
 * (never shown to the applicant); staff declare the organisations they are
 * connected to, so that no one is assigned, or decides, an application from
 * one of them. `practice` maps an ODS code to its primary care network, ICB
 * and region: the demo seeds a few invented rows; the workforce insight
 * loads NHS Digital's epraccur file into it.
 */
export class Casework1764290000000 implements MigrationInterface {
  name = 'Casework1764290000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE application
        ADD COLUMN assigned_to uuid REFERENCES user_account(id),
        ADD COLUMN assigned_at timestamptz,
        ADD COLUMN held_at timestamptz,
        ADD COLUMN held_by uuid REFERENCES user_account(id),
        ADD COLUMN hold_reason text CHECK (char_length(hold_reason) BETWEEN 1 AND 1000),
        ADD CONSTRAINT application_assigned_together CHECK ((assigned_to IS NULL) = (assigned_at IS NULL)),
        ADD CONSTRAINT application_held_together CHECK ((held_at IS NULL) = (hold_reason IS NULL))`);
    await q.query(`CREATE INDEX application_assigned_idx ON application (assigned_to) WHERE assigned_to IS NOT NULL`);
    await q.query(`
      CREATE TABLE application_note (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES application(id) ON DELETE CASCADE,
        author_id uuid NOT NULL REFERENCES user_account(id),
        author_role text NOT NULL,
        body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 5000),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX application_note_application_idx ON application_note (application_id, created_at)`);
    await q.query(`
      CREATE TABLE practice (
        ods_code text PRIMARY KEY CHECK (ods_code ~ '^[A-Z][0-9]{5}$'),
        name text NOT NULL,
        pcn_code text,
        pcn_name text,
        icb_code text,
        icb_name text,
        region text
      )`);
    await q.query(`
      CREATE TABLE staff_organisation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('practice', 'pcn', 'icb')),
        code text NOT NULL CHECK (char_length(code) BETWEEN 1 AND 20),
        declared_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (user_id, kind, code)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE staff_organisation`);
    await q.query(`DROP TABLE practice`);
    await q.query(`DROP TABLE application_note`);
    await q.query(`
      ALTER TABLE application DROP CONSTRAINT application_held_together, DROP CONSTRAINT application_assigned_together,
        DROP COLUMN hold_reason, DROP COLUMN held_by, DROP COLUMN held_at, DROP COLUMN assigned_at, DROP COLUMN assigned_to`);
  }
}
