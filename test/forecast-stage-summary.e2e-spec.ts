import { PipelineSource, type PipelineSnapshot } from '@app/budget';
import { pot } from './factories/intake.factory';
import { seedUpTo, simulateProgramme, type SimRound } from './factories/simulated-year';
import { DECISION_TRANSITION } from '../libs/reports/src/outcomes/durations';
import { ACCEPTED_STATUSES, ELIGIBLE_STATUSES, ENROLMENT_REPORT_FLAGS, ENROLMENT_STAGE, OFFERED_STATUSES } from '../libs/reports/src/outcomes/outcome-sql';
import { World } from './support/world';

/**
 * The forecast's pipeline reads the stage times the transition triggers keep
 * (migration 1764460000000) instead of grouping and windowing every
 * transition. On a seeded year, and at several "nows" (history after now
 * must not count), its stage counts, conversions and median days must equal
 * what the queries it replaced give over the transitions themselves, also
 * after transitions are updated (a backdated step reorders an application's
 * history), inserted and deleted; and what the funnel and durations reports
 * read from the summary must equal the transitions' own.
 */
describe('the forecast pipeline from the kept stage times', () => {
  const MID = Date.parse('2026-10-01T00:00:00Z');
  const DAY = 86_400_000;
  const year = { label: '2026-27', startsOn: '2026-04-01', endsOn: '2027-03-31' };
  const rounds: SimRound[] = [
    { name: 'Spring 2025', opensAt: '2025-04-01T00:00:00Z', closesAt: '2025-06-30T00:00:00Z' },
    { name: 'Autumn 2025', opensAt: '2025-10-01T00:00:00Z', closesAt: '2025-12-31T00:00:00Z' },
    { name: 'Spring 2026', opensAt: '2026-04-01T00:00:00Z', closesAt: '2026-06-30T00:00:00Z' },
  ];
  const people = simulateProgramme({ seed: 20261002, rounds, perRound: 120, longShare: 0.4 });
  let w: World;

  /** The forecast's queries before the kept times, word for word: the truth the snapshot must match. */
  const fromTransitions = async (now: Date) => {
    const [r] = await w.db.query(
      `WITH live AS (
         SELECT DISTINCT ON (e.application_id) e.application_id, e.status, e.start_date, e.outcome
         FROM enrolment e WHERE e.status NOT IN ('declined_by_provider', 'withdrawn') ORDER BY e.application_id, e.created_at DESC
       ), started_ever AS (
         SELECT DISTINCT application_id FROM enrolment WHERE start_date IS NOT NULL
       ), reached AS (
         SELECT a.id, a.status, l.status AS enrolment_status, (se.application_id IS NOT NULL) AS started,
                bool_or(t.to_status = 'submitted') AS s, bool_or(t.to_status = 'under_review') AS u, bool_or(t.to_status = 'offered') AS o,
                bool_or(t.to_status = 'accepted') AS ac, bool_or(t.to_status = 'enrolled') AS e,
                bool_or(t.to_status = 'completed' AND t.at::date BETWEEN $1::date AND $2::date) AS c_year
         FROM application a JOIN application_transition t ON t.application_id = a.id AND t.at <= $3
         LEFT JOIN live l ON l.application_id = a.id
         LEFT JOIN started_ever se ON se.application_id = a.id
         GROUP BY a.id, a.status, l.status, se.application_id
       )
       SELECT
         count(*) FILTER (WHERE status IN ('submitted', 'referred'))::int AS submitted,
         count(*) FILTER (WHERE status IN ('under_review', 'waitlisted', 'appealed'))::int AS under_review,
         count(*) FILTER (WHERE status = 'offered')::int AS offered,
         count(*) FILTER (WHERE status = 'accepted')::int AS accepted,
         count(*) FILTER (WHERE status = 'enrolled' AND coalesce(enrolment_status, 'placed') IN ('placed', 'deferred'))::int AS placed,
         count(*) FILTER (WHERE status = 'enrolled' AND enrolment_status IN ('started', 'completed'))::int AS started,
         count(*) FILTER (WHERE status = 'completed' AND c_year)::int AS completed,
         count(*) FILTER (WHERE s AND status NOT IN ('submitted', 'referred'))::int AS s_left, count(*) FILTER (WHERE s AND u)::int AS s_on,
         count(*) FILTER (WHERE u AND status NOT IN ('under_review', 'waitlisted', 'appealed'))::int AS u_left, count(*) FILTER (WHERE u AND o)::int AS u_on,
         count(*) FILTER (WHERE o AND status <> 'offered')::int AS o_left, count(*) FILTER (WHERE o AND ac)::int AS o_on,
         count(*) FILTER (WHERE ac AND status <> 'accepted')::int AS ac_left, count(*) FILTER (WHERE ac AND e)::int AS ac_on,
         count(*) FILTER (WHERE e AND (started OR status = 'withdrawn'))::int AS p_left, count(*) FILTER (WHERE e AND started)::int AS p_on
       FROM reached`,
      [year.startsOn, year.endsOn, now],
    );
    const [days] = await w.db.query(
      `WITH steps AS (
         SELECT to_status, extract(epoch FROM lead(at) OVER (PARTITION BY application_id ORDER BY at, id) - at) / 86400 AS days
         FROM application_transition WHERE at <= $1
       )
       SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FILTER (WHERE to_status = 'submitted') AS submitted,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FILTER (WHERE to_status = 'under_review') AS under_review,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FILTER (WHERE to_status = 'offered') AS offered,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FILTER (WHERE to_status = 'accepted') AS accepted
       FROM steps WHERE days IS NOT NULL`,
      [now],
    );
    const stage = (left: number, movedOn: number) => ({ left, movedOn: Math.min(movedOn, left) });
    return {
      counts: { submitted: r.submitted, underReview: r.under_review, offered: r.offered, accepted: r.accepted, placed: r.placed, started: r.started, completed: r.completed },
      conversions: { submitted: stage(r.s_left, r.s_on), underReview: stage(r.u_left, r.u_on), offered: stage(r.o_left, r.o_on), accepted: stage(r.ac_left, r.ac_on), placed: stage(r.p_left, r.p_on) },
      // Unrounded, as the snapshot carries them (placed's median is from enrolments, not transitions).
      medians: { submitted: days.submitted, underReview: days.under_review, offered: days.offered, accepted: days.accepted } as Record<string, number | null>,
    };
  };

  const compareAt = async (now: number) => {
    w.clock.set(new Date(now));
    const snap: PipelineSnapshot = await w.api.app.get(PipelineSource).snapshot(year);
    const truth = await fromTransitions(new Date(now));
    expect(snap.counts).toEqual(truth.counts);
    expect(snap.conversions).toMatchObject(truth.conversions);
    const expected = Object.fromEntries(
      Object.entries(truth.medians)
        .filter(([, v]) => v !== null && Math.max(0, Number(v)) > 0)
        .map(([k, v]) => [k, Math.max(0, Number(v))]),
    );
    const { placed: _placed, ...fromSteps } = snap.medianDaysInStage as Record<string, number>;
    expect(fromSteps).toEqual(expected);
    return { snap, truth };
  };

  beforeAll(async () => {
    w = await World.start({ worker: false });
    w.clock.set(new Date(MID));
    await pot(w, 100_000_000);
    await seedUpTo(w, people, rounds, MID);
  }, 120_000);
  afterAll(() => w.stop());

  it('matches the transitions at several nows, with history after now left out', async () => {
    const { truth } = await compareAt(MID);
    expect(truth.conversions.offered.left).toBeGreaterThan(0);
    expect(Object.values(truth.medians).every((v) => v !== null)).toBe(true);
    // In the middle of the history: later transitions exist and must not count.
    const [{ later }] = await w.db.query(`SELECT count(*)::int AS later FROM application_transition WHERE at > $1`, [new Date(MID - 200 * DAY)]);
    expect(later).toBeGreaterThan(100);
    await compareAt(MID - 200 * DAY);
    await compareAt(MID - 430 * DAY);
    // Before any history: nothing reached, no medians.
    const { snap } = await compareAt(Date.parse('2024-01-01T00:00:00Z'));
    expect(snap.conversions.submitted).toEqual({ left: 0, movedOn: 0 });
  });

  it('follows transitions updated, inserted and deleted', async () => {
    const before = (await compareAt(MID)).truth;
    // Backdating every offer by ten days lengthens time under review and shortens time offered; some offers now come before their review.
    await w.db.query(`UPDATE application_transition SET at = at - interval '10 days' WHERE to_status = 'offered'`);
    const after = (await compareAt(MID)).truth;
    expect(after.medians.underReview).not.toEqual(before.medians.underReview);
    await compareAt(MID - 200 * DAY);

    const [{ id: appId }] = await w.db.query(`SELECT application_id AS id FROM application_transition WHERE to_status = 'offered' ORDER BY application_id LIMIT 1`);
    await w.db.query(
      `INSERT INTO application_transition (application_id, from_status, to_status, at) SELECT $1, 'offered', 'accepted', at + interval '1 day' FROM application_transition WHERE application_id = $1 AND to_status = 'offered'`,
      [appId],
    );
    await compareAt(MID);
    // Deleting an application's whole history (as deleting the application cascades) removes what was kept for it.
    await w.db.query(`DELETE FROM application_transition WHERE application_id = $1`, [appId]);
    await compareAt(MID);
    const kept = await w.db.query(
      `SELECT (SELECT count(*) FROM application_stage_summary WHERE application_id = $1)::int AS summary, (SELECT count(*) FROM application_stage_step WHERE application_id = $1)::int AS steps`,
      [appId],
    );
    expect(kept).toEqual([{ summary: 0, steps: 0 }]);

    const [outcomes] = await w.db.query(
      `WITH truth AS (
         SELECT t.application_id, bool_or(t.to_status = ANY($1)) AS eligible, bool_or(t.to_status = ANY($2)) AS offer, bool_or(t.to_status = ANY($3)) AS acceptance,
                min(t.at) FILTER (WHERE ${DECISION_TRANSITION}) AS decided_at
         FROM application_transition t GROUP BY t.application_id
       )
       SELECT count(*)::int AS applications,
              count(*) FILTER (WHERE (s.reached_eligible, s.reached_offer, s.reached_acceptance, s.decided_at) IS DISTINCT FROM (x.eligible, x.offer, x.acceptance, x.decided_at))::int AS differing,
              count(*) FILTER (WHERE x.decided_at IS NOT NULL)::int AS decided
       FROM truth x FULL JOIN application_stage_summary s USING (application_id)`,
      [ELIGIBLE_STATUSES, OFFERED_STATUSES, ACCEPTED_STATUSES],
    );
    expect(outcomes.differing).toBe(0);
    expect(outcomes.decided).toBeGreaterThan(100);
  });

  /** The training summary against its definition over the enrolments and reports themselves: rows that differ either way. */
  const trainingDifferences = async () => {
    const [row] = await w.db.query(
      `WITH truth AS (
         SELECT e.application_id, bool_or(${ENROLMENT_STAGE.started}) AS started, bool_or(${ENROLMENT_STAGE.completed}) AS completed, bool_or(${ENROLMENT_STAGE.passed}) AS passed,
                min(e.start_date) FILTER (WHERE ${ENROLMENT_STAGE.started}) AS started_on, min(e.completed_on) FILTER (WHERE ${ENROLMENT_STAGE.completed}) AS completed_on,
                (array_agg(e.status ORDER BY e.created_at DESC) FILTER (WHERE e.status NOT IN ('declined_by_provider', 'withdrawn')))[1] AS live_status,
                bool_or(e.start_date IS NOT NULL) AS had_start_date
         FROM enrolment e LEFT JOIN ${ENROLMENT_REPORT_FLAGS} r ON r.enrolment_id = e.id GROUP BY e.application_id
       )
       SELECT count(*)::int AS applications, count(*) FILTER (WHERE t.passed)::int AS passed,
              count(*) FILTER (WHERE (s.started, s.completed, s.passed, s.started_on, s.completed_on, s.live_status, s.had_start_date)
                               IS DISTINCT FROM (t.started, t.completed, t.passed, t.started_on, t.completed_on, t.live_status, t.had_start_date))::int AS differing
       FROM truth t FULL JOIN application_training_summary s USING (application_id)`,
    );
    return row as { applications: number; passed: number; differing: number };
  };

  it('keeps each application’s training as its enrolments and reports say, through reports, voids and deletes', async () => {
    const first = await trainingDifferences();
    expect(first.differing).toBe(0);
    expect(first.passed).toBeGreaterThan(10);
    // Voiding every completion report of a few learners (as a provider's correction does) takes their pass away unless their status holds it.
    await w.db.query(
      `UPDATE enrolment_report SET voided_at = now(), void_reason = 'test' WHERE type = 'completion' AND enrolment_id IN (SELECT id FROM enrolment ORDER BY id LIMIT 20)`,
    );
    expect((await trainingDifferences()).differing).toBe(0);
    // A status change, a new start report, and an enrolment with its reports deleted.
    await w.db.query(`UPDATE enrolment SET status = 'withdrawn' WHERE id IN (SELECT id FROM enrolment WHERE status = 'started' ORDER BY id LIMIT 5)`);
    const [{ id: placed }] = await w.db.query(`SELECT id FROM enrolment ORDER BY start_date NULLS FIRST, id LIMIT 1`);
    await w.db.query(`INSERT INTO enrolment_report (enrolment_id, type, on_date) VALUES ($1, 'start', '2026-09-01')`, [placed]);
    expect((await trainingDifferences()).differing).toBe(0);
    const [{ id: gone, application_id: app }] = await w.db.query(
      `SELECT e.id, e.application_id FROM enrolment e WHERE NOT EXISTS (SELECT 1 FROM payment_due p WHERE p.enrolment_id = e.id) AND NOT EXISTS (SELECT 1 FROM placed_learner_pending x WHERE x.enrolment_id = e.id) ORDER BY e.id LIMIT 1`,
    );
    await w.db.query(`DELETE FROM enrolment_report WHERE enrolment_id = $1`, [gone]);
    await w.db.query(`DELETE FROM enrolment WHERE id = $1`, [gone]);
    expect((await trainingDifferences()).differing).toBe(0);
    const kept = await w.db.query(`SELECT count(*)::int AS n FROM enrolment e WHERE e.application_id = $1`, [app]);
    if (kept[0].n === 0) expect(await w.db.query(`SELECT 1 FROM application_training_summary WHERE application_id = $1`, [app])).toEqual([]);
  });

});
