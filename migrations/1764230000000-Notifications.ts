import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: the outbox row becomes the delivery log (who it went to,
 * attempts, the last error, when it was sent, resends by admins), a
 * `skipped` status for reminders a person turned off, each person's
 * preferences, the "tell me when a round opens" sign-ups, and the record of
 * reminders already sent so a rerun never sends one twice.
 */
export class Notifications1764230000000 implements MigrationInterface {
  name = 'Notifications1764230000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE round_subscription (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email citext NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- Set when the person has been told a round is open: a sign-up is answered once.
        notified_at timestamptz,
        notified_round_id uuid
      )`);
    await q.query(`CREATE UNIQUE INDEX round_subscription_one_waiting ON round_subscription (email) WHERE notified_at IS NULL`);
    await q.query(`
      CREATE TABLE notification_preference (
        user_id uuid PRIMARY KEY REFERENCES user_account(id) ON DELETE CASCADE,
        reminders boolean NOT NULL DEFAULT true,
        digests boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE notification_reminder (
        key text PRIMARY KEY CHECK (char_length(key) <= 300),
        sent_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      ALTER TABLE outbox
        ADD COLUMN recipient_subscription_id uuid REFERENCES round_subscription(id) ON DELETE SET NULL,
        ADD COLUMN resend_count integer NOT NULL DEFAULT 0,
        ADD COLUMN last_attempt_at timestamptz,
        ADD COLUMN failed_at timestamptz,
        ADD COLUMN resent_at timestamptz,
        ADD COLUMN resent_by uuid`);
    await q.query(`ALTER TABLE outbox DROP CONSTRAINT outbox_status_check`);
    await q.query(`ALTER TABLE outbox ADD CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'queued', 'sent', 'failed', 'skipped'))`);
    // The relay's sweep finds rows queued a while ago; the delivery log lists newest first.
    await q.query(`CREATE INDEX outbox_queued_idx ON outbox (queued_at) WHERE status = 'queued'`);
    await q.query(`CREATE INDEX outbox_log_idx ON outbox (created_at DESC)`);
    await q.query(`CREATE INDEX outbox_log_status_idx ON outbox (status, created_at DESC)`);
    await q.query(`CREATE INDEX outbox_recipient_idx ON outbox (recipient_user_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbox_recipient_idx`);
    await q.query(`DROP INDEX outbox_log_status_idx`);
    await q.query(`DROP INDEX outbox_log_idx`);
    await q.query(`DROP INDEX outbox_queued_idx`);
    await q.query(`DELETE FROM outbox WHERE status = 'skipped'`);
    await q.query(`ALTER TABLE outbox DROP CONSTRAINT outbox_status_check`);
    await q.query(`ALTER TABLE outbox ADD CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'queued', 'sent', 'failed'))`);
    await q.query(`
      ALTER TABLE outbox
        DROP COLUMN resent_by,
        DROP COLUMN resent_at,
        DROP COLUMN failed_at,
        DROP COLUMN last_attempt_at,
        DROP COLUMN resend_count,
        DROP COLUMN recipient_subscription_id`);
    await q.query(`DROP TABLE notification_reminder`);
    await q.query(`DROP TABLE notification_preference`);
    await q.query(`DROP TABLE round_subscription`);
  }
}
