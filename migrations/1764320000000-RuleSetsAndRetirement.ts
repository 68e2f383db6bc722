import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rule sets without a developer: eligibility rule sets live in the database
 * (the files in config/eligibility/ are the seed, inserted by version when
 * missing). An admin uploads a draft, previews it and publishes it; a
 * published version decided real applications, so the database itself
 * refuses to change its text or version, to unpublish it, or to delete it:
 * no code path, and no hand-written SQL, can make a decision's explanation
 * stop matching its rules. A qualification can be retired: no longer offered
 * in new rounds or to new applicants, with existing applications unaffected.
 */
export class RuleSetsAndRetirement1764320000000 implements MigrationInterface {
  name = 'RuleSetsAndRetirement1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE eligibility_rule_set (
        version text PRIMARY KEY CHECK (version ~ '^[0-9]{4}-[0-9]+$'),
        source text NOT NULL CHECK (char_length(source) BETWEEN 1 AND 200000),
        status text NOT NULL CHECK (status IN ('draft', 'published')),
        uploaded_by uuid REFERENCES user_account(id),
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        published_by uuid REFERENCES user_account(id),
        published_at timestamptz,
        source_file text,
        checksum text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
        CONSTRAINT eligibility_rule_set_published_at CHECK ((status = 'published') = (published_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE FUNCTION eligibility_rule_set_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status = 'published' THEN
            RAISE EXCEPTION 'eligibility rule set % is published and cannot be deleted', OLD.version USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.status = 'published' AND (
             NEW.version IS DISTINCT FROM OLD.version OR NEW.source IS DISTINCT FROM OLD.source
             OR NEW.checksum IS DISTINCT FROM OLD.checksum OR NEW.status IS DISTINCT FROM OLD.status
             OR NEW.published_at IS DISTINCT FROM OLD.published_at OR NEW.published_by IS DISTINCT FROM OLD.published_by) THEN
          RAISE EXCEPTION 'eligibility rule set % is published and cannot be changed', OLD.version USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER eligibility_rule_set_immutable BEFORE UPDATE OR DELETE ON eligibility_rule_set
        FOR EACH ROW EXECUTE FUNCTION eligibility_rule_set_immutable()`);
    await q.query(`ALTER TABLE qualification ADD COLUMN retired_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE qualification DROP COLUMN retired_at`);
    await q.query(`DROP TABLE eligibility_rule_set`);
    await q.query(`DROP FUNCTION eligibility_rule_set_immutable()`);
  }
}
