import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may do what: training provider organisations, user accounts with one
 * role each, sessions, provider API keys, single-use email tokens, the
 * append-only audit log, and the outbox that carries email out of a
 * transaction. Secrets are stored only hashed (tokens, keys, passwords) or
 * sealed (TOTP secrets, an outgoing link's token until it is sent).
 */
export class Identity1764190000000 implements MigrationInterface {
  name = 'Identity1764190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE training_provider (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 200),
        ukprn char(8) NOT NULL UNIQUE CHECK (ukprn ~ '^[0-9]{8}$'),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE user_account (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email citext NOT NULL UNIQUE CHECK (char_length(email) <= 254),
        full_name text NOT NULL CHECK (char_length(full_name) BETWEEN 1 AND 200),
        role text NOT NULL CHECK (role IN ('applicant', 'provider', 'reviewer', 'finance', 'admin')),
        provider_id uuid REFERENCES training_provider(id),
        password_hash text,
        email_verified_at timestamptz,
        mfa_secret_sealed text,
        mfa_enabled_at timestamptz,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT provider_users_belong_to_a_provider CHECK ((role = 'provider') = (provider_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX user_account_provider_idx ON user_account (provider_id) WHERE provider_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE auth_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE,
        kind text NOT NULL DEFAULT 'bearer' CHECK (kind IN ('bearer', 'cookie')),
        mfa_setup_only boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        ip text,
        user_agent text
      )`);
    await q.query(`CREATE INDEX auth_session_user_idx ON auth_session (user_id) WHERE revoked_at IS NULL`);
    await q.query(`
      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_id uuid NOT NULL REFERENCES training_provider(id),
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
        key_prefix text NOT NULL,
        key_hash bytea NOT NULL UNIQUE,
        created_by uuid REFERENCES user_account(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX api_key_provider_idx ON api_key (provider_id)`);
    await q.query(`
      CREATE TABLE email_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('verify_email', 'password_reset', 'invitation')),
        token_hash bytea NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX email_token_user_idx ON email_token (user_id, purpose) WHERE used_at IS NULL`);
    await q.query(`
      CREATE TABLE audit_event (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        actor_role text,
        action text NOT NULL,
        target_type text,
        target_id text,
        before jsonb,
        after jsonb,
        request_id text,
        ip text
      )`);
    await q.query(`CREATE INDEX audit_event_actor_idx ON audit_event (actor_id, at DESC)`);
    await q.query(`CREATE INDEX audit_event_target_idx ON audit_event (target_id, at DESC)`);
    await q.query(`CREATE INDEX audit_event_action_idx ON audit_event (action, at DESC)`);
    // The audit log is append-only: the database itself refuses to change or remove a row.
    await q.query(`
      CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
    await q.query(`
      CREATE TABLE outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        created_at timestamptz NOT NULL DEFAULT now(),
        topic text NOT NULL,
        recipient_user_id uuid REFERENCES user_account(id) ON DELETE SET NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        secret_sealed text,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'queued', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        queued_at timestamptz,
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_pending_idx ON outbox (created_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox`);
    await q.query(`DROP TABLE audit_event`);
    await q.query(`DROP FUNCTION audit_event_append_only()`);
    await q.query(`DROP TABLE email_token`);
    await q.query(`DROP TABLE api_key`);
    await q.query(`DROP TABLE auth_session`);
    await q.query(`DROP TABLE user_account`);
    await q.query(`DROP TABLE training_provider`);
  }
}
