import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The budget forecast's figures from the application history, kept as
 * transitions are written, so its pipeline snapshot (the qualified report)
 * reads one row per application and an index instead of grouping and
 * windowing all 534,000 transitions (at 100,000 applications) per request:
 *
 * - application_stage_summary: per application, when it first reached each
 *   stage the forecast counts, every time it completed, and its first
 *   transition;
 * - application_stage_step: per transition into a stage the forecast
 *   times, the application's next transition's time (ordered by `at`, then
 *   `id`, as the forecast's window was) and the days between, indexed by
 *   stage and days so a median is an index read.
 *
 * The summary also holds what the funnel and durations reports read from the
 * history (whether an application ever reached eligible, an offer or an
 * acceptance; its first decision), which they grouped from the transitions
 * per request.
 *
 * Times, not flags, so the forecast stays exact for any "now" (a test's
 * clock, or history written ahead of it): an application had reached a
 * stage by now if it first did at or before now, and a step counted by now
 * is one whose next transition is at or before now (its lead among the
 * transitions up to now is then the same; otherwise it has none).
 *
 * The history is not append-only: tests, support fixes and cascaded deletes
 * of an application update or delete transitions, and a backdated `at`
 * reorders an application's steps. So each statement that inserts, updates
 * or deletes transitions rebuilds both tables for the applications it
 * touched, from their transitions (statement-level triggers with transition
 * tables: one rebuild per statement for bulk loads). The rebuild first locks
 * those applications' rows (FOR NO KEY UPDATE, the lock a status change takes
 * anyway; it does not block the foreign-key checks of inserts) so two
 * transactions writing one application's history rebuild it one after the
 * other, the second seeing the first's rows (under READ COMMITTED, which
 * every writer of transitions uses: each statement of the rebuild reads
 * afresh once the lock is held).
 */
export class ApplicationStageSummary1764460000000 implements MigrationInterface {
  name = 'ApplicationStageSummary1764460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE application_stage_summary (
        application_id uuid PRIMARY KEY,
        first_at timestamptz NOT NULL,
        -- When it first reached each stage; null if never.
        submitted_at timestamptz,
        under_review_at timestamptz,
        offered_at timestamptz,
        accepted_at timestamptz,
        enrolled_at timestamptz,
        -- Every 'completed' transition's time (normally one), null if none.
        completed_ats timestamptz[],
        -- For the outcome reports (libs/reports/src/outcomes; outcome-sql.spec.ts checks these lists against
        -- ELIGIBLE_STATUSES, OFFERED_STATUSES, ACCEPTED_STATUSES and DECISION_TRANSITION): stages the funnel
        -- reads from the history, and the first decision durations measures to.
        reached_eligible boolean NOT NULL,
        reached_offer boolean NOT NULL,
        reached_acceptance boolean NOT NULL,
        decided_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE application_stage_step (
        transition_id bigint PRIMARY KEY,
        application_id uuid NOT NULL,
        to_status text NOT NULL,
        next_at timestamptz NOT NULL,
        -- As the forecast computed it (numeric days, cast as percentile_cont casts it), so medians match to the bit.
        days double precision NOT NULL
      )`);
    await q.query(`CREATE INDEX application_stage_step_days_idx ON application_stage_step (to_status, days) INCLUDE (next_at)`);
    await q.query(`CREATE INDEX application_stage_step_app_idx ON application_stage_step (application_id)`);
    await q.query(`
      CREATE FUNCTION application_stage_rebuild(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
        PERFORM 1 FROM application WHERE id IN (SELECT unnest(ids)) ORDER BY id FOR NO KEY UPDATE;
        DELETE FROM application_stage_summary WHERE application_id IN (SELECT unnest(ids));
        DELETE FROM application_stage_step WHERE application_id IN (SELECT unnest(ids));
        INSERT INTO application_stage_summary (application_id, first_at, submitted_at, under_review_at, offered_at, accepted_at, enrolled_at, completed_ats,
                                               reached_eligible, reached_offer, reached_acceptance, decided_at)
        SELECT t.application_id, min(t.at), min(t.at) FILTER (WHERE t.to_status = 'submitted'), min(t.at) FILTER (WHERE t.to_status = 'under_review'),
               min(t.at) FILTER (WHERE t.to_status = 'offered'), min(t.at) FILTER (WHERE t.to_status = 'accepted'), min(t.at) FILTER (WHERE t.to_status = 'enrolled'),
               array_agg(t.at ORDER BY t.at) FILTER (WHERE t.to_status = 'completed'),
               bool_or(t.to_status IN ('under_review', 'offered', 'waitlisted', 'rejected', 'accepted', 'declined', 'expired', 'enrolled', 'completed', 'not_passed')),
               bool_or(t.to_status IN ('offered', 'accepted', 'declined', 'expired', 'enrolled', 'completed', 'not_passed')),
               bool_or(t.to_status IN ('accepted', 'enrolled', 'completed', 'not_passed')),
               min(t.at) FILTER (WHERE (t.to_status IN ('offered', 'waitlisted', 'rejected') OR (t.to_status = 'ineligible' AND t.from_status = 'referred')))
        FROM application_transition t WHERE t.application_id IN (SELECT unnest(ids)) GROUP BY t.application_id;
        INSERT INTO application_stage_step (transition_id, application_id, to_status, next_at, days)
        SELECT s.id, s.application_id, s.to_status, s.next_at, (extract(epoch FROM s.next_at - s.at) / 86400)::double precision
        FROM (
          SELECT t.id, t.application_id, t.to_status, t.at, lead(t.at) OVER (PARTITION BY t.application_id ORDER BY t.at, t.id) AS next_at
          FROM application_transition t WHERE t.application_id IN (SELECT unnest(ids))
        ) s
        WHERE s.next_at IS NOT NULL AND s.to_status IN ('submitted', 'under_review', 'offered', 'accepted');
      END $$`);
    await q.query(`
      CREATE FUNCTION application_stage_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM application_stage_rebuild(ARRAY(SELECT DISTINCT application_id FROM changed_new));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION application_stage_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM application_stage_rebuild(ARRAY(SELECT application_id FROM changed_new UNION SELECT application_id FROM changed_old));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION application_stage_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM application_stage_rebuild(ARRAY(SELECT DISTINCT application_id FROM changed_old));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION application_stage_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM application_stage_summary;
        DELETE FROM application_stage_step;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER application_stage_insert AFTER INSERT ON application_transition
      REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION application_stage_after_insert()`);
    await q.query(`
      CREATE TRIGGER application_stage_update AFTER UPDATE ON application_transition
      REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION application_stage_after_update()`);
    await q.query(`
      CREATE TRIGGER application_stage_delete AFTER DELETE ON application_transition
      REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION application_stage_after_delete()`);
    await q.query(`
      CREATE TRIGGER application_stage_truncate AFTER TRUNCATE ON application_transition
      FOR EACH STATEMENT EXECUTE FUNCTION application_stage_after_truncate()`);
    // The history already written. CREATE TRIGGER's lock makes concurrent writers wait until this commits.
    await q.query(`SELECT application_stage_rebuild(ARRAY(SELECT DISTINCT application_id FROM application_transition))`);
    // Statistics now, not at autovacuum's next pass: without them the forecast's first plans expect a handful of rows.
    await q.query(`ANALYZE application_stage_summary, application_stage_step`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER application_stage_truncate ON application_transition`);
    await q.query(`DROP TRIGGER application_stage_delete ON application_transition`);
    await q.query(`DROP TRIGGER application_stage_update ON application_transition`);
    await q.query(`DROP TRIGGER application_stage_insert ON application_transition`);
    await q.query(`DROP FUNCTION application_stage_after_truncate()`);
    await q.query(`DROP FUNCTION application_stage_after_delete()`);
    await q.query(`DROP FUNCTION application_stage_after_update()`);
    await q.query(`DROP FUNCTION application_stage_after_insert()`);
    await q.query(`DROP FUNCTION application_stage_rebuild(uuid[])`);
    await q.query(`DROP TABLE application_stage_step`);
    await q.query(`DROP TABLE application_stage_summary`);
  }
}
