import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A provider user may have newly placed learners gathered into one email a
 * day instead of one email each.
 *
 * - `notification_preference.placed_learners`: 'each' (as before) or 'daily'.
 * - `placed_learner_pending`: a learner placed while the user chose 'daily',
 *   written in the placement's transaction instead of a per-learner email, and
 *   deleted by the daily summary that lists it (in the transaction that writes
 *   the summary's outbox row). So each learner reaches each user once, by one
 *   route or the other, however often or concurrently the summary job runs.
 */
export class PlacedLearnerDigest1764430000000 implements MigrationInterface {
  name = 'PlacedLearnerDigest1764430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_preference ADD COLUMN placed_learners text NOT NULL DEFAULT 'each' CHECK (placed_learners IN ('each', 'daily'))`);
    await q.query(`
      CREATE TABLE placed_learner_pending (
        user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
        enrolment_id uuid NOT NULL REFERENCES enrolment(id) ON DELETE CASCADE,
        placed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, enrolment_id)
      )`);
    await q.query(`CREATE INDEX placed_learner_pending_enrolment_idx ON placed_learner_pending (enrolment_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE placed_learner_pending`);
    await q.query(`ALTER TABLE notification_preference DROP COLUMN placed_learners`);
  }
}
