import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outcome reports look up every enrolment of an application, live or
 * not (a withdrawn learner's start still counts for the funnel and the
 * durations); the only index on enrolment.application_id is partial (live
 * enrolments), so at 100,000 applications each lookup scanned the table.
 */
export class ReportIndexes1764410000000 implements MigrationInterface {
  name = 'ReportIndexes1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX enrolment_application_idx ON enrolment (application_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX enrolment_application_idx`);
  }
}
