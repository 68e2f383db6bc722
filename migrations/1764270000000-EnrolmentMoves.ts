import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An enrolment's reports are its history, so each one records the move it
 * made (from and to status, equal when a report changes nothing, such as
 * progress) and who made it by the one rule every other table uses
 * (`actorColumns`: id and role, so an API key is told apart from a person).
 * A void records who voided the report, as well as when and why. Rows from
 * before this migration keep nulls: the moves they made are not known.
 */
export class EnrolmentMoves1764270000000 implements MigrationInterface {
  name = 'EnrolmentMoves1764270000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE enrolment_report
        ADD COLUMN from_status text,
        ADD COLUMN to_status text,
        ADD COLUMN reported_by_role text,
        ADD COLUMN voided_by text,
        ADD COLUMN voided_by_role text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE enrolment_report
        DROP COLUMN from_status, DROP COLUMN to_status, DROP COLUMN reported_by_role, DROP COLUMN voided_by, DROP COLUMN voided_by_role`);
  }
}
