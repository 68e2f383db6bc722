import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The UK calendar day an application was submitted and first decided, kept
 * beside the times (stored generated columns: AT TIME ZONE with a named zone
 * is immutable), so the durations report subtracts dates instead of
 * converting 180,000 times to Europe/London per request (a quarter of its
 * time at 100,000 applications).
 */
export class ReportDays1764473000000 implements MigrationInterface {
  name = 'ReportDays1764473000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application ADD COLUMN submitted_on date GENERATED ALWAYS AS ((submitted_at AT TIME ZONE 'Europe/London')::date) STORED`);
    await q.query(`ALTER TABLE application_stage_summary ADD COLUMN decided_on date GENERATED ALWAYS AS ((decided_at AT TIME ZONE 'Europe/London')::date) STORED`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application_stage_summary DROP COLUMN decided_on`);
    await q.query(`ALTER TABLE application DROP COLUMN submitted_on`);
  }
}
