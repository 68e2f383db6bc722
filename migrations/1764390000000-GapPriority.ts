import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Gap-weighted review priority (issue 17).
 *
 * - `priority_setting`: the programme's choice, versioned: every change is a
 *   new row and the newest row is current. With no row, priority is the fixed
 *   weights in config/workforce.yaml. `gap_weighting` on adds up to
 *   `max_points` for the skills gap of the applicant's area (`area_kind`: ICB,
 *   falling back to region, or region only) and role in the competencies the
 *   qualification covers.
 * - `application.priority_breakdown`: how the stored `priority_score` was
 *   made (the fixed parts, and the gap part with its area, role and gaps), so
 *   the reviewer sees why.
 */
export class GapPriority1764390000000 implements MigrationInterface {
  name = 'GapPriority1764390000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE priority_setting (
        version int PRIMARY KEY CHECK (version > 0),
        gap_weighting boolean NOT NULL,
        max_points smallint NOT NULL CHECK (max_points BETWEEN 0 AND 100),
        area_kind text NOT NULL CHECK (area_kind IN ('icb', 'region')),
        changed_by uuid REFERENCES user_account(id) ON DELETE SET NULL,
        changed_at timestamptz NOT NULL,
        note text CHECK (note IS NULL OR length(note) <= 500)
      )`);
    await q.query(`ALTER TABLE application ADD COLUMN priority_breakdown jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application DROP COLUMN priority_breakdown`);
    await q.query(`DROP TABLE priority_setting`);
  }
}
