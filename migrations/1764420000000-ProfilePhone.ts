import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An optional phone number on the applicant profile, so the training
 * provider a learner is placed with can call them about starting (issue 18).
 * Stored normalised by ProfileService (national format, digits only); the
 * CHECK keeps anything else out whoever writes the row.
 */
export class ProfilePhone1764420000000 implements MigrationInterface {
  name = 'ProfilePhone1764420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applicant_profile ADD COLUMN phone text CHECK (phone IS NULL OR phone ~ '^0[0-9]{9,10}$')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applicant_profile DROP COLUMN phone`);
  }
}
