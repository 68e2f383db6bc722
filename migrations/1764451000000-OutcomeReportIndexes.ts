import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A partial index holding only the transitions that are decisions
 * (durations.ts DECISION_TRANSITION: the first offer, waiting-list place or
 * rejection, or referred-then-ineligible), so the applications export reads
 * each application's first decision from the index alone. The predicate must
 * stay word for word the code's condition, or the planner cannot use it
 * (outcome-sql.spec.ts checks). The funnel and durations read the stage
 * summary instead (migration 1764460000000).
 */
export class OutcomeReportIndexes1764451000000 implements MigrationInterface {
  name = 'OutcomeReportIndexes1764451000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX application_transition_decision_idx ON application_transition (application_id, at)
      WHERE to_status IN ('offered', 'waitlisted', 'rejected') OR (to_status = 'ineligible' AND from_status = 'referred')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX application_transition_decision_idx`);
  }
}
