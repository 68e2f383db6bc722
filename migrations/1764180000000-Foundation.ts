import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ground floor: extensions later tables rely on, and the record of which
 * demo data sets have been loaded (so a restart never loads them twice).
 */
export class Foundation1764180000000 implements MigrationInterface {
  name = 'Foundation1764180000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS citext`);
    await q.query(`
      CREATE TABLE seed_run (
        name text PRIMARY KEY,
        loaded_at timestamptz NOT NULL DEFAULT now(),
        summary jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE seed_run`);
    await q.query(`DROP EXTENSION IF EXISTS citext`);
  }
}
