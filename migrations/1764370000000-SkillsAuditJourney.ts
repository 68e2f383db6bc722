import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The skills audit as a journey anyone signed in can take, and its yearly
 * invitation:
 * - `skills_audit_draft`: the answers of an audit being filled in, page by
 *   page, one per person; deleted when the audit is submitted (the audit
 *   itself is a new skills_audit row, never an update).
 * - `skills_audit_invitation`: who has been invited to update their audit in
 *   which audit year, so nobody is invited twice in a year.
 * - `notification_preference.skills_audit_invitations`: the invitation can be
 *   turned off on the email settings page (on until turned off).
 */
export class SkillsAuditJourney1764370000000 implements MigrationInterface {
  name = 'SkillsAuditJourney1764370000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE skills_audit_draft (
        user_id uuid PRIMARY KEY REFERENCES user_account(id) ON DELETE CASCADE,
        answers jsonb NOT NULL CHECK (jsonb_typeof(answers) = 'object'),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE skills_audit_invitation (
        user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
        audit_year text NOT NULL CHECK (audit_year ~ '^[0-9]{4}-[0-9]{2}$'),
        invited_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, audit_year)
      )`);
    await q.query(`ALTER TABLE notification_preference ADD COLUMN skills_audit_invitations boolean NOT NULL DEFAULT true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_preference DROP COLUMN skills_audit_invitations`);
    await q.query(`DROP TABLE skills_audit_invitation`);
    await q.query(`DROP TABLE skills_audit_draft`);
  }
}
