import { Client } from 'pg';

/**
 * The bench's programme, made in PostgreSQL with generate_series (no rows cross the wire):
 * 100,000 applicants with profiles and applications over two years and two rounds (10,000 in
 * the small one, so an export can be asked for 10,000 rows), their history, 50,000 learners
 * with enrolments and reports, payments due, 50,000 skills audits over two audit years, role
 * profiles, targets, official counts, and 1,000,000 ledger entries (give or take one) whose pots
 * reconcile. Bursaries are £50 here, so 100,000 of them fit the programme's £6m.
 */
export const SIZES = { applications: 100_000, smallRound: 10_000, audits: 50_000, ledger: 1_000_000 };

const REGIONS = ['north_east_and_yorkshire', 'north_west', 'midlands', 'east_of_england', 'london', 'south_east', 'south_west'];
const ROLES = ['school_leaver', 'not_in_general_practice', 'receptionist_or_administrator', 'assistant_practice_manager', 'practice_manager', 'business_or_network_manager', 'other'];
const COMPETENCIES = ['finance', 'hr_workforce', 'governance_compliance', 'it_data', 'contracts_commissioning', 'leadership_change', 'patient_services', 'premises_operations'];
/** Application statuses by share of 100 (i % 100 picks one), with what the learner did. */
const STATUS_BANDS: [number, string][] = [
  [5, 'draft'], [9, 'ineligible'], [11, 'referred'], [18, 'under_review'], [22, 'rejected'], [25, 'waitlisted'], [28, 'offered'], [31, 'declined'],
  [33, 'expired'], [37, 'withdrawn'], [40, 'accepted'], [70, 'enrolled'], [92, 'completed'], [96, 'not_passed'], [100, 'withdrawn_learner'],
];

const statusCase = (col: string) => `CASE ${STATUS_BANDS.map(([upTo, s]) => `WHEN ${col} < ${upTo} THEN '${s}'`).join(' ')} END`;
const pick = (list: string[], expr: string) => `(ARRAY[${list.map((x) => `'${x}'`).join(',')}])[1 + ((${expr}) % ${list.length})]`;
const skillsJson = (seed: string) => `jsonb_build_object(${COMPETENCIES.map((c, k) => `'${c}', 1 + ((${seed} * ${k + 7} + ${k * 3}) % 4)`).join(', ')})`;

/** Loads everything into `url` (a migrated, empty database); returns seconds taken per step. */
export async function loadReportsData(url: string, now = new Date()): Promise<{ step: string; seconds: number }[]> {
  const db = new Client({ connectionString: url });
  await db.connect();
  const steps: { step: string; seconds: number }[] = [];
  const step = async (name: string, sql: string, params: unknown[] = []) => {
    const t0 = process.hrtime.bigint();
    await db.query(sql, params);
    steps.push({ step: name, seconds: Number(process.hrtime.bigint() - t0) / 1e9 });
    if (process.env.BENCH_PROFILE) console.log(`  loaded: ${name} (${steps[steps.length - 1].seconds.toFixed(1)} s)`);
  };
  try {
    await db.query('BEGIN');
    await db.query(`SET LOCAL synchronous_commit = off`);
    await step('reference rows', `
      INSERT INTO training_provider (name, ukprn) SELECT 'Bench provider ' || i || ' (example)', lpad((10090000 + i)::text, 8, '0') FROM generate_series(1, 20) i;
      INSERT INTO qualification (title, awarding_body, level, bursary_pence, duration_months, is_example, payment_schedule, competencies)
        SELECT 'Level ' || l || ' bench qualification (example)', 'Example Awarding Organisation', l, 5000, (ARRAY[9, 12, 18, 12, 12])[l - 2], true,
               '[{"on": "start", "percent": 50}, {"on": "pass", "percent": 50}]', ARRAY['finance', 'leadership_change'] FROM generate_series(3, 7) l;
      INSERT INTO budget_programme (id, total_pence, allocated_pence) VALUES (1, 600000000, 0) ON CONFLICT (id) DO NOTHING;
      INSERT INTO budget_pot (name, purpose, financial_year) VALUES ('Bench bursaries A', 'bursaries', '${fy(now, -1)}'), ('Bench bursaries B', 'bursaries', '${fy(now, 0)}');
      INSERT INTO funding_round (name, opens_at, closes_at, pot_id, rule_set_version)
        SELECT n, o, c, (SELECT id FROM budget_pot WHERE name = p), '2026-1' FROM (VALUES
          ('Bench round small', now() - interval '700 days', now() - interval '640 days', 'Bench bursaries A'),
          ('Bench round large', now() - interval '400 days', now() - interval '60 days', 'Bench bursaries B')) v(n, o, c, p);
      INSERT INTO round_qualification SELECT r.id, q.id FROM funding_round r CROSS JOIN qualification q;
      INSERT INTO cohort (provider_id, qualification_id, name, start_date, capacity, delivery_mode)
        SELECT p.id, q.id, 'Bench cohort ' || p.ukprn || ' L' || q.level, (now() - interval '500 days')::date, 1000, 'blended' FROM training_provider p CROSS JOIN qualification q;
      INSERT INTO practice (ods_code, name, pcn_code, pcn_name, icb_code, icb_name, region)
        SELECT 'Y9' || lpad(i::text, 4, '0'), 'Bench practice ' || i || ' (example)', 'U8' || lpad((i / 5)::text, 4, '0'), 'Bench PCN ' || (i / 5), 'Q8' || chr(65 + i % 20), 'Bench ICB ' || (i % 20), ${pick(REGIONS, 'i % 20')}
        FROM generate_series(0, 999) i;`);
    await step('100,000 applicants, profiles and applications', `
      CREATE TEMP TABLE bench_app ON COMMIT DROP AS
        SELECT i, gen_random_uuid() AS user_id, gen_random_uuid() AS app_id, ${statusCase('i % 100')} AS story,
               now() - ((i % 600) || ' days')::interval - ((i % 17) || ' hours')::interval AS submitted_at
        FROM generate_series(1, ${SIZES.applications}) i;
      CREATE INDEX ON bench_app (app_id);
      ANALYZE bench_app;
      INSERT INTO user_account (id, email, full_name, role, email_verified_at) SELECT user_id, 'bench.' || i || '@example.org', 'Bench Applicant ' || i, 'applicant', now() FROM bench_app;
      INSERT INTO applicant_profile (user_id, full_name, email_normalised, date_of_birth, postcode, region, job_role, employer_ods_code, years_in_role, highest_qualification_level, has_level2_english_and_maths, skills)
        SELECT user_id, 'Bench Applicant ' || i, 'bench.' || i || '@example.org', DATE '1980-01-01' + (i % 9000), 'LS1 1AA', ${pick(REGIONS, 'i')}, ${pick(ROLES, 'i / 7')},
               CASE WHEN i % 10 = 0 THEN NULL ELSE 'Y9' || lpad((i % 1000)::text, 4, '0') END, i % 20, 2 + i % 3, true, ${skillsJson('i')}
        FROM bench_app;
      INSERT INTO application (id, reference, applicant_id, round_id, qualification_id, status, eligibility, priority_score, submitted_at, created_at, updated_at)
        SELECT app_id, 'PMB-' || i, user_id, CASE WHEN i <= ${SIZES.smallRound} THEN rs.id ELSE rl.id END, q.ids[1 + i % 5],
               CASE WHEN story = 'withdrawn_learner' THEN 'withdrawn' ELSE story END,
               CASE WHEN story = 'draft' THEN NULL ELSE jsonb_build_object('outcome', CASE story WHEN 'ineligible' THEN 'ineligible' WHEN 'referred' THEN 'refer' ELSE 'eligible' END,
                 'ruleSetVersion', '2026-1', 'reasons', CASE WHEN story = 'ineligible' THEN jsonb_build_array(jsonb_build_object('code', (ARRAY['lives_or_works_in_england', 'in_or_joining_general_practice', 'not_already_funded_at_this_level'])[1 + i % 3], 'message', 'bench')) WHEN story = 'referred' THEN jsonb_build_array(jsonb_build_object('code', 'employer_support_named', 'message', 'bench')) ELSE '[]'::jsonb END,
                 'results', '[]'::jsonb, 'decidedAt', submitted_at) END,
               i % 100, CASE WHEN story = 'draft' THEN NULL ELSE submitted_at END, submitted_at - interval '2 days', submitted_at
        FROM bench_app
        CROSS JOIN (SELECT id FROM funding_round WHERE name = 'Bench round small') rs CROSS JOIN (SELECT id FROM funding_round WHERE name = 'Bench round large') rl
        CROSS JOIN (SELECT array_agg(id ORDER BY level) AS ids FROM qualification) q;`);
    await step('history: application transitions', `
      INSERT INTO application_transition (application_id, from_status, to_status, actor_role, reason_code, at)
        SELECT app_id, f, t, 'system', NULL, submitted_at + (d || ' days')::interval FROM bench_app CROSS JOIN LATERAL (VALUES
          (NULL, 'draft', -2, true), ('draft', 'submitted', 0, story <> 'draft'),
          ('submitted', CASE story WHEN 'ineligible' THEN 'ineligible' WHEN 'referred' THEN 'referred' ELSE 'under_review' END, 0, story <> 'draft'),
          ('under_review', CASE WHEN story IN ('rejected', 'waitlisted') THEN story WHEN story = 'under_review' OR story = 'ineligible' OR story = 'referred' THEN NULL ELSE 'offered' END, 14, story NOT IN ('draft', 'ineligible', 'referred', 'under_review')),
          ('offered', CASE WHEN story IN ('declined', 'expired', 'withdrawn') THEN story ELSE 'accepted' END, 20, story IN ('declined', 'expired', 'withdrawn', 'accepted', 'enrolled', 'completed', 'not_passed', 'withdrawn_learner')),
          ('accepted', 'enrolled', 30, story IN ('enrolled', 'completed', 'not_passed', 'withdrawn_learner')),
          ('enrolled', CASE story WHEN 'withdrawn_learner' THEN 'withdrawn' ELSE story END, 400, story IN ('completed', 'not_passed', 'withdrawn_learner'))
        ) AS v(f, t, d, happened) WHERE happened AND t IS NOT NULL;`);
    await step('learners: enrolments, reports, payments due', `
      CREATE TEMP TABLE bench_learner ON COMMIT DROP AS
        SELECT b.*, gen_random_uuid() AS enrolment_id, c.id AS cohort_id, c.provider_id,
               (b.submitted_at + interval '45 days')::date AS start_on, (b.submitted_at + interval '400 days')::date AS end_on
        FROM bench_app b JOIN application a ON a.id = b.app_id
        JOIN LATERAL (SELECT id, provider_id FROM cohort WHERE qualification_id = a.qualification_id ORDER BY name OFFSET b.i % 20 LIMIT 1) c ON true
        WHERE b.story IN ('enrolled', 'completed', 'not_passed', 'withdrawn_learner');
      CREATE INDEX ON bench_learner (app_id);
      ANALYZE bench_learner;
      INSERT INTO enrolment (id, application_id, cohort_id, provider_id, status, start_date, outcome, completed_on, last_report_at)
        SELECT enrolment_id, app_id, cohort_id, provider_id,
               CASE story WHEN 'enrolled' THEN CASE WHEN i % 10 = 0 THEN 'placed' ELSE 'started' END WHEN 'withdrawn_learner' THEN 'withdrawn' ELSE 'completed' END,
               CASE WHEN story = 'enrolled' AND i % 10 = 0 THEN NULL ELSE start_on END,
               CASE story WHEN 'completed' THEN 'passed' WHEN 'not_passed' THEN 'failed' END,
               CASE WHEN story IN ('completed', 'not_passed') THEN end_on END, submitted_at + interval '60 days'
        FROM bench_learner;
      UPDATE cohort c SET places_taken = LEAST(capacity, n) FROM (SELECT cohort_id, count(*) AS n FROM enrolment WHERE status NOT IN ('withdrawn', 'declined_by_provider') GROUP BY 1) x WHERE x.cohort_id = c.id;
      INSERT INTO enrolment_report (enrolment_id, type, outcome, on_date, from_status, to_status, reported_by, reported_by_role)
        SELECT enrolment_id, t, o, d, f, s, 'bench', 'provider' FROM bench_learner CROSS JOIN LATERAL (VALUES
          ('placement', NULL, NULL::date, NULL, 'placed', true),
          ('start', NULL, start_on, 'placed', 'started', NOT (story = 'enrolled' AND i % 10 = 0)),
          ('completion', CASE story WHEN 'completed' THEN 'passed' ELSE 'failed' END, end_on, 'started', 'completed', story IN ('completed', 'not_passed')),
          ('withdrawal', NULL, start_on + 90, 'started', 'withdrawn', story = 'withdrawn_learner')
        ) AS v(t, o, d, f, s, happened) WHERE happened;`);
    await step('1,000,000 ledger entries', `
      CREATE TEMP TABLE bench_entry ON COMMIT DROP AS
        WITH money AS (
          SELECT b.*, a.round_id, r.pot_id FROM bench_app b JOIN application a ON a.id = b.app_id JOIN funding_round r ON r.id = a.round_id
          WHERE b.story IN ('offered', 'declined', 'expired', 'withdrawn', 'accepted', 'enrolled', 'completed', 'not_passed', 'withdrawn_learner'))
        SELECT gen_random_uuid() AS id, m.pot_id, v.kind, v.bucket, v.amount, m.app_id, v.reference, v.reason, m.submitted_at + (v.d || ' days')::interval AS at, v.ord, m.i
        FROM money m LEFT JOIN bench_learner l ON l.app_id = m.app_id CROSS JOIN LATERAL (VALUES
          (1, 'reserve', NULL, 5000, NULL, NULL, 14, true),
          (2, 'release', 'reserved', 5000, NULL, 'bench: offer ended', 20, m.story IN ('declined', 'expired', 'withdrawn')),
          (3, 'commit', NULL, 5000, NULL, NULL, 45, l.start_on IS NOT NULL AND NOT (m.story = 'enrolled' AND m.i % 10 = 0)),
          (4, 'pay', NULL, 2500, l.enrolment_id || ':start', NULL, 46, l.start_on IS NOT NULL AND NOT (m.story = 'enrolled' AND m.i % 10 = 0)),
          (5, 'pay', NULL, 2500, l.enrolment_id || ':completion', NULL, 400, m.story = 'completed'),
          (6, 'release', 'committed', 2500, NULL, 'bench: learning ended', 400, m.story IN ('not_passed', 'withdrawn_learner'))
        ) AS v(ord, kind, bucket, amount, reference, reason, d, happened) WHERE v.happened;
      CREATE INDEX ON bench_entry (app_id);
      ANALYZE bench_entry;
      -- Each pot's funding is exactly what it holds for applications, then the rest of the million are funding movements
      -- (a fund and its reversal, netting to nothing), so every pot reconciles.
      INSERT INTO budget_ledger_entry (id, pot_id, kind, amount_pence, reason, actor_role, at)
        SELECT gen_random_uuid(), pot_id, 'fund', sum(amount) FILTER (WHERE kind = 'reserve'), NULL, 'system', now() - interval '720 days' FROM bench_entry GROUP BY pot_id;
      INSERT INTO budget_ledger_entry (id, pot_id, kind, bucket, amount_pence, application_id, reference, reason, actor_role, at)
        SELECT id, pot_id, kind, bucket, amount, app_id, reference, reason, 'system', at FROM bench_entry ORDER BY at, i, ord;`);
    await step('ledger filler to 1,000,000 (fund + reversal pairs)', `
      CREATE TEMP TABLE bench_fill ON COMMIT DROP AS
        SELECT gen_random_uuid() AS id, (SELECT id FROM budget_pot ORDER BY name LIMIT 1 OFFSET g % 2) AS pot_id, g
        FROM generate_series(1, (${SIZES.ledger} - (SELECT count(*) FROM budget_ledger_entry)::int) / 2) g;
      INSERT INTO budget_ledger_entry (id, pot_id, kind, amount_pence, reason, actor_role, at)
        SELECT id, pot_id, 'fund', 100, 'bench top-up', 'system', now() - ((g % 700) || ' days')::interval FROM bench_fill;
      INSERT INTO budget_ledger_entry (pot_id, kind, amount_pence, reverses_entry_id, reason, actor_role, at)
        SELECT pot_id, 'reverse', 100, id, 'bench top-up withdrawn', 'system', now() - ((g % 700) || ' days')::interval + interval '1 hour' FROM bench_fill;`);
    await step('pots and payments due from the ledger', `
      ANALYZE enrolment_report;
      UPDATE budget_pot p SET funded_pence = x.f, reserved_pence = x.r, committed_pence = x.c, paid_pence = x.pd, available_pence = x.f - x.r - x.c - x.pd
      FROM (SELECT pot_id, sum(amount) FILTER (WHERE kind = 'reserve') AS f,
                   sum(CASE WHEN kind = 'reserve' THEN amount WHEN kind = 'commit' OR (kind = 'release' AND bucket = 'reserved') THEN -amount ELSE 0 END) AS r,
                   sum(CASE WHEN kind = 'commit' THEN amount WHEN kind = 'pay' OR (kind = 'release' AND bucket = 'committed') THEN -amount ELSE 0 END) AS c,
                   coalesce(sum(amount) FILTER (WHERE kind = 'pay'), 0) AS pd
            FROM bench_entry GROUP BY pot_id) x WHERE x.pot_id = p.id;
      UPDATE budget_programme SET allocated_pence = (SELECT sum(funded_pence) FROM budget_pot) WHERE id = 1;
      INSERT INTO payment_due (enrolment_id, provider_id, report_id, kind, amount_pence, due_on, ledger_entry_id, paid_at)
        SELECT l.enrolment_id, l.provider_id, r.id, split_part(e.reference, ':', 2), e.amount, e.at::date, e.id, CASE WHEN e.at < now() - interval '90 days' THEN e.at + interval '30 days' END
        FROM bench_entry e JOIN bench_learner l ON l.app_id = e.app_id
        JOIN enrolment_report r ON r.enrolment_id = l.enrolment_id AND r.type = CASE WHEN e.reference LIKE '%:start' THEN 'start' ELSE 'completion' END
        WHERE e.kind = 'pay';`);
    await step('50,000 skills audits over two years, plan and counts', `
      INSERT INTO user_account (id, email, full_name, role, email_verified_at)
        SELECT gen_random_uuid(), 'bench.audit.' || i || '@example.org', 'Bench Workforce ' || i, 'applicant', now() FROM generate_series(1, ${SIZES.audits / 2}) i;
      INSERT INTO skills_audit (user_id, source, audit_year, job_role, region, employer_ods_code, skills, consented_at, submitted_at)
        SELECT u.id, 'audit', y.year, ${pick(ROLES, 'n / 3')}, ${pick(REGIONS, 'n')}, CASE WHEN n % 8 = 0 THEN NULL ELSE 'Y9' || lpad((n % 1000)::text, 4, '0') END,
               ${skillsJson('(n + y.k)')}, y.at, y.at
        FROM (SELECT id, row_number() OVER (ORDER BY email)::int AS n FROM user_account WHERE email LIKE 'bench.audit.%') u
        CROSS JOIN (VALUES ('${fy(now, -1)}', now() - interval '380 days', 0), ('${fy(now, 0)}', now() - interval '15 days', 1)) AS y(year, at, k);
      INSERT INTO workforce_plan_version (kind, version, body, note) VALUES
        ('role_profiles', 1, (SELECT jsonb_object_agg(r, (SELECT jsonb_object_agg(c, 3) FROM unnest(ARRAY[${COMPETENCIES.map((c) => `'${c}'`).join(',')}]) c)) FROM unnest(ARRAY[${ROLES.map((r) => `'${r}'`).join(',')}]) r), 'bench'),
        ('targets', 1, (SELECT jsonb_agg(jsonb_build_object('areaKind', 'region', 'areaCode', r, 'qualifiedNeeded', CASE WHEN r = 'north_west' THEN 148 ELSE 142 END)) FROM unnest(ARRAY[${REGIONS.map((r) => `'${r}'`).join(',')}]) r), 'bench');
      WITH u AS (INSERT INTO workforce_count_upload (source, period, row_count) VALUES ('bench', 'bench', 7) RETURNING id)
      INSERT INTO workforce_count (upload_id, area_kind, area_code, practice_managers) SELECT u.id, 'region', r, 20000 FROM u, unnest(ARRAY[${REGIONS.map((r) => `'${r}'`).join(',')}]) r;`);
    await db.query('COMMIT');
    const t0 = process.hrtime.bigint();
    // VACUUM too: a production database's autovacuum sets the visibility map soon after a bulk load (so index-only
    // scans stay in the index), but the CI server here runs with autovacuum off, and without it every index-only
    // scan fetched each row from the table (the forecast's median days took twice as long).
    await db.query('VACUUM ANALYZE');
    steps.push({ step: 'VACUUM ANALYZE', seconds: Number(process.hrtime.bigint() - t0) / 1e9 });
    return steps;
  } catch (err) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await db.end();
  }
}

/** The financial year label (April to March) `offset` years from the one `now` is in. */
function fy(now: Date, offset: number): string {
  const first = now.getUTCFullYear() - (now.getUTCMonth() < 3 ? 1 : 0) + offset;
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
}
