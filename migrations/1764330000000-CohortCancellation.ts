import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A cohort the programme team cancels keeps its row (its learners' history
 * points at it) and records when, and by whom, by the actorColumns rule. Its
 * learners who had not started are ended with a `cohort_cancelled` report,
 * so an enrolment's history says why it ended.
 */
export class CohortCancellation1764330000000 implements MigrationInterface {
  name = 'CohortCancellation1764330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cohort ADD COLUMN cancelled_at timestamptz, ADD COLUMN cancelled_by text, ADD COLUMN cancelled_by_role text`);
    await q.query(`ALTER TABLE enrolment_report DROP CONSTRAINT enrolment_report_type_check`);
    await q.query(
      `ALTER TABLE enrolment_report ADD CONSTRAINT enrolment_report_type_check CHECK (type IN ('placement', 'start', 'progress', 'completion', 'withdrawal', 'deferral', 'decline', 'cohort_cancelled'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enrolment_report DROP CONSTRAINT enrolment_report_type_check`);
    await q.query(
      `ALTER TABLE enrolment_report ADD CONSTRAINT enrolment_report_type_check CHECK (type IN ('placement', 'start', 'progress', 'completion', 'withdrawal', 'deferral', 'decline'))`,
    );
    await q.query(`ALTER TABLE cohort DROP COLUMN cancelled_at, DROP COLUMN cancelled_by, DROP COLUMN cancelled_by_role`);
  }
}
