import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cohorts named for them (no name given) were called "<qualification>, 2027-01-16":
 * people read that name on pages and in emails, so its date goes into words,
 * "<qualification>, 16 January 2027". Only a name ending in its own start date
 * as an ISO date changes; a name someone chose stays as it is.
 */
export class CohortNamesInWords1764418000000 implements MigrationInterface {
  name = 'CohortNamesInWords1764418000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE cohort SET name = left(name, length(name) - 10) || trim(to_char(start_date, 'FMDD FMMonth YYYY'))
        WHERE name LIKE '%, ' || to_char(start_date, 'YYYY-MM-DD')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE cohort SET name = left(name, length(name) - length(trim(to_char(start_date, 'FMDD FMMonth YYYY')))) || to_char(start_date, 'YYYY-MM-DD')
        WHERE name LIKE '%, ' || trim(to_char(start_date, 'FMDD FMMonth YYYY'))`,
    );
  }
}
