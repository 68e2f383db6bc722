import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The durations report's "decision" is an application's first offer,
 * waiting-list place, rejection or referred-then-ineligible transition
 * (durations.ts). This partial index holds only those transitions, with
 * their time, so the report reads them in application order from the index
 * alone (82,000 of 534,000 transitions at 100,000 applications) instead of
 * scanning every transition and hashing the survivors. The predicate must
 * stay word for word the one in durations.ts, or the planner cannot use it.
 */
export class DecisionTransitionIndex1764451000000 implements MigrationInterface {
  name = 'DecisionTransitionIndex1764451000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX application_transition_decision_idx ON application_transition (application_id, at)
      WHERE to_status IN ('offered', 'waitlisted', 'rejected') OR (to_status = 'ineligible' AND from_status = 'referred')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX application_transition_decision_idx`);
  }
}
