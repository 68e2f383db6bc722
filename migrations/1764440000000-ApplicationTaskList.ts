import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The application as a task list: the applicant's declaration, whether they
 * answered the employer support question (answering "no" leaves the name
 * and email empty, so emptiness cannot say it), the profile as it was when
 * the application was submitted (the profile itself keeps changing), and the
 * profile sections answered before the whole profile is there to save.
 */
export class ApplicationTaskList1764440000000 implements MigrationInterface {
  name = 'ApplicationTaskList1764440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application ADD declared_at timestamptz, ADD employer_support_answered_at timestamptz, ADD submitted_profile jsonb`);
    await q.query(`
      CREATE TABLE applicant_profile_draft (
        user_id uuid PRIMARY KEY REFERENCES user_account (id) ON DELETE CASCADE,
        answers jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE applicant_profile_draft`);
    await q.query(`ALTER TABLE application DROP declared_at, DROP employer_support_answered_at, DROP submitted_profile`);
  }
}
