import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A two-factor set-up belongs to the session that began it, for a short
 * time: only that session may see its secret again or confirm it, and only
 * within MFA_SETUP_MINUTES. Otherwise another session of the account (a
 * stolen cookie) could read a pending secret back and confirm it.
 */
export class MfaPendingSession1764280000000 implements MigrationInterface {
  name = 'MfaPendingSession1764280000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE user_account ADD COLUMN mfa_pending_session_id uuid, ADD COLUMN mfa_pending_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE user_account DROP COLUMN mfa_pending_session_id, DROP COLUMN mfa_pending_at`);
  }
}
