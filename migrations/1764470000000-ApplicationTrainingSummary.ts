import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per application, what its enrolments and their provider reports say about
 * training, kept as they are written, so the funnel, durations and qualified
 * reports read one row per application instead of grouping every enrolment
 * report per enrolment and every enrolment per application on each request
 * (about 150 ms of the funnel's and durations' 250-400 ms at 100,000
 * applications, 60,000 enrolments and 147,000 reports):
 *
 * - started, completed, passed: whether any enrolment reached the stage, as
 *   ENROLMENT_STAGE (libs/reports/src/outcomes/outcome-sql.ts) defines it
 *   (its status, or a report of that kind not voided); outcome-sql.spec.ts
 *   checks the conditions word for word;
 * - started_on, completed_on: the earliest start date of an enrolment that
 *   started, and the earliest completion date of one that completed (what
 *   durations measures to);
 * - live_status: the status of its live enrolment (one not declined by the
 *   provider or withdrawn: at most one, enrolment_one_live_per_application),
 *   null if none; had_start_date: whether any enrolment has a start date
 *   (the forecast's stage counts).
 *
 * An application with no enrolment has no row. As with the stage summary
 * (migration 1764460000000), each statement that inserts, updates or deletes
 * enrolments or enrolment reports rebuilds the rows of the applications it
 * touched (statement-level triggers with transition tables), after locking
 * those applications' rows FOR NO KEY UPDATE so two transactions writing one
 * application's training rebuild it one after the other, each from the
 * other's committed rows.
 */
export class ApplicationTrainingSummary1764470000000 implements MigrationInterface {
  name = 'ApplicationTrainingSummary1764470000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE application_training_summary (
        application_id uuid PRIMARY KEY,
        started boolean NOT NULL,
        completed boolean NOT NULL,
        passed boolean NOT NULL,
        started_on date,
        completed_on date,
        live_status text,
        had_start_date boolean NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION application_training_rebuild(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
        PERFORM 1 FROM application WHERE id IN (SELECT unnest(ids)) ORDER BY id FOR NO KEY UPDATE;
        DELETE FROM application_training_summary WHERE application_id IN (SELECT unnest(ids));
        INSERT INTO application_training_summary (application_id, started, completed, passed, started_on, completed_on, live_status, had_start_date)
        SELECT s.application_id, bool_or(s.started), bool_or(s.completed), bool_or(s.passed),
               min(s.start_date) FILTER (WHERE s.started), min(s.completed_on) FILTER (WHERE s.completed),
               min(s.status) FILTER (WHERE s.status NOT IN ('declined_by_provider', 'withdrawn')), bool_or(s.start_date IS NOT NULL)
        FROM (
          SELECT e.application_id, e.status, e.start_date, e.completed_on,
                 (e.status IN ('started', 'completed') OR coalesce(r.started, false)) AS started,
                 (e.status = 'completed' OR coalesce(r.completed, false)) AS completed,
                 ((e.status = 'completed' AND e.outcome IS NOT DISTINCT FROM 'passed') OR coalesce(r.passed, false)) AS passed
          FROM enrolment e
          LEFT JOIN (
            SELECT enrolment_id, bool_or(type = 'start') AS started, bool_or(type = 'completion') AS completed,
                   bool_or(type = 'completion' AND outcome IS NOT DISTINCT FROM 'passed') AS passed
            FROM enrolment_report
            WHERE voided_at IS NULL AND enrolment_id IN (SELECT id FROM enrolment WHERE application_id IN (SELECT unnest(ids)))
            GROUP BY enrolment_id
          ) r ON r.enrolment_id = e.id
          WHERE e.application_id IN (SELECT unnest(ids))
        ) s
        GROUP BY s.application_id;
      END $$`);
    // Enrolments: the applications of the rows written. Reports: the applications of their enrolments.
    const ofEnrolments = (table: string) => `SELECT application_id FROM ${table}`;
    const ofReports = (table: string) => `SELECT e.application_id FROM enrolment e WHERE e.id IN (SELECT enrolment_id FROM ${table})`;
    // Per event, the transition tables it has and the clause that names them.
    const events = {
      insert: { tables: ['changed_new'], referencing: 'NEW TABLE AS changed_new' },
      update: { tables: ['changed_new', 'changed_old'], referencing: 'OLD TABLE AS changed_old NEW TABLE AS changed_new' },
      delete: { tables: ['changed_old'], referencing: 'OLD TABLE AS changed_old' },
    };
    for (const [target, of] of [
      ['enrolment', ofEnrolments],
      ['enrolment_report', ofReports],
    ] as const) {
      for (const [event, { tables, referencing }] of Object.entries(events)) {
        await q.query(`
          CREATE FUNCTION ${target}_training_after_${event}() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            PERFORM application_training_rebuild(ARRAY(SELECT DISTINCT application_id FROM (${tables.map(of).join(' UNION ALL ')}) x));
            RETURN NULL;
          END $$`);
        await q.query(`
          CREATE TRIGGER ${target}_training_${event} AFTER ${event.toUpperCase()} ON ${target}
          REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${target}_training_after_${event}()`);
      }
    }
    // Truncating either (tests resetting a database) rebuilds everything left: nothing after enrolment's, the enrolments alone after the reports'.
    await q.query(`
      CREATE FUNCTION application_training_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM application_training_summary;
        PERFORM application_training_rebuild(ARRAY(SELECT DISTINCT application_id FROM enrolment));
        RETURN NULL;
      END $$`);
    for (const target of ['enrolment', 'enrolment_report']) {
      await q.query(`CREATE TRIGGER ${target}_training_truncate AFTER TRUNCATE ON ${target} FOR EACH STATEMENT EXECUTE FUNCTION application_training_after_truncate()`);
    }
    // What is already written. CREATE TRIGGER's lock makes concurrent writers wait until this commits.
    await q.query(`SELECT application_training_rebuild(ARRAY(SELECT DISTINCT application_id FROM enrolment))`);
    await q.query(`ANALYZE application_training_summary`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const target of ['enrolment', 'enrolment_report']) {
      for (const event of ['truncate', 'delete', 'update', 'insert']) await q.query(`DROP TRIGGER ${target}_training_${event} ON ${target}`);
      for (const event of ['delete', 'update', 'insert']) await q.query(`DROP FUNCTION ${target}_training_after_${event}()`);
    }
    await q.query(`DROP FUNCTION application_training_after_truncate()`);
    await q.query(`DROP FUNCTION application_training_rebuild(uuid[])`);
    await q.query(`DROP TABLE application_training_summary`);
  }
}
