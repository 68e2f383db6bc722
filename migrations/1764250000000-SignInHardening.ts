import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-factor authentication that a stolen session cannot switch off or
 * replace, and one-time codes that work once:
 * - a new secret waits in mfa_pending_secret_sealed until it is confirmed,
 *   so beginning a re-enrolment changes nothing about how the account signs in;
 * - mfa_last_step is the last TOTP time step accepted for the account, and a
 *   code from that step or earlier is refused (a guarded update, so two
 *   sign-ins racing with the same code cannot both win);
 * - recovery codes (stored as SHA-256, single use) stand in for a code when
 *   the phone is lost; a set stays pending until its secret is confirmed.
 */
export class SignInHardening1764250000000 implements MigrationInterface {
  name = 'SignInHardening1764250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE user_account ADD COLUMN mfa_pending_secret_sealed text, ADD COLUMN mfa_last_step bigint`);
    await q.query(`
      CREATE TABLE mfa_recovery_code (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
        code_hash bytea NOT NULL,
        active boolean NOT NULL DEFAULT false,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX mfa_recovery_code_user_idx ON mfa_recovery_code (user_id, code_hash)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mfa_recovery_code`);
    await q.query(`ALTER TABLE user_account DROP COLUMN mfa_pending_secret_sealed, DROP COLUMN mfa_last_step`);
  }
}
