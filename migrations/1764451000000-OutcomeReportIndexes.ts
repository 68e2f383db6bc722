import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partial indexes for the outcome reports, each holding only the transitions
 * one report reads, so it reads them in application order from the index
 * alone instead of scanning all 534,000 transitions (at 100,000
 * applications) and hashing the survivors. Each predicate must stay word for
 * word the report's own condition, or the planner cannot use the index:
 *
 * - decisions (durations.ts DECISION_TRANSITION): the first offer,
 *   waiting-list place or rejection, or referred-then-ineligible;
 * - stages reached (funnel.ts REACHED_TRANSITION): a status at or after
 *   eligible (ELIGIBLE_STATUSES, which holds the offered and accepted ones;
 *   outcome-sql.spec.ts checks the list here against the code).
 */
export class OutcomeReportIndexes1764451000000 implements MigrationInterface {
  name = 'OutcomeReportIndexes1764451000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX application_transition_decision_idx ON application_transition (application_id, at)
      WHERE to_status IN ('offered', 'waitlisted', 'rejected') OR (to_status = 'ineligible' AND from_status = 'referred')`);
    await q.query(`
      CREATE INDEX application_transition_reached_idx ON application_transition (application_id, to_status)
      WHERE to_status IN ('under_review', 'offered', 'waitlisted', 'rejected', 'accepted', 'declined', 'expired', 'enrolled', 'completed', 'not_passed')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX application_transition_reached_idx`);
    await q.query(`DROP INDEX application_transition_decision_idx`);
  }
}
