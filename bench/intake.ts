import autocannon from 'autocannon';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { scratchDatabase, settings, startServer } from './harness';

const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const APPLICANTS = Number(process.env.BENCH_APPLICANTS ?? 40_000);

const tokenFor = (i: number) => `pmdp_s_bench_applicant_${i}`;

/** Applicants with profiles and live sessions, a qualification, and one open round per phase. */
async function seed(url: string, phases: string[]): Promise<{ qualificationId: string; rounds: Record<string, string> }> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const [{ id: qualificationId }] = (
      await db.query(`INSERT INTO qualification (title, awarding_body, level, bursary_pence, duration_months, is_example)
                      VALUES ('Level 5 Diploma in Primary Care Management (example)', 'Example Awarding Body', 5, 50000, 12, true) RETURNING id`)
    ).rows;
    const rounds: Record<string, string> = {};
    for (const phase of phases) {
      const [{ id }] = (
        await db.query(`INSERT INTO funding_round (name, opens_at, closes_at, rule_set_version) VALUES ($1, now() - interval '1 hour', now() + interval '1 day', '2026-1') RETURNING id`, [
          `Bench round ${phase}`,
        ])
      ).rows;
      await db.query(`INSERT INTO round_qualification VALUES ($1, $2)`, [id, qualificationId]);
      rounds[phase] = id;
    }
    const skills = { finance: 2, hr_workforce: 2, governance_compliance: 3, it_data: 3, contracts_commissioning: 1, leadership_change: 2, patient_services: 4, premises_operations: 2 };
    for (let from = 0; from < APPLICANTS; from += 5000) {
      const ids = Array.from({ length: Math.min(5000, APPLICANTS - from) }, (_, k) => from + k);
      await db.query(
        `WITH u AS (
           INSERT INTO user_account (email, full_name, role, email_verified_at)
           SELECT 'bench.applicant.' || i || '@example.org', 'Bench Applicant ' || i, 'applicant', now() FROM unnest($1::int[]) AS i
           RETURNING id, email, full_name
         ), p AS (
           INSERT INTO applicant_profile (user_id, full_name, email_normalised, date_of_birth, postcode, region, job_role, employer_ods_code,
                                          years_in_role, highest_qualification_level, has_level2_english_and_maths, skills)
           SELECT id, full_name, email, '1985-03-14', 'LS1 4AP', 'north_east_and_yorkshire', 'assistant_practice_manager', 'B82005', 4, 3, true, $2 FROM u
         )
         INSERT INTO auth_session (user_id, token_hash, expires_at)
         SELECT u.id, t.hash, now() + interval '1 day' FROM u JOIN unnest($1::int[], $3::bytea[]) AS t(i, hash) ON u.email = 'bench.applicant.' || t.i || '@example.org'`,
        [ids, skills, ids.map((i) => createHash('sha256').update(tokenFor(i)).digest())],
      );
    }
    await db.query('ANALYZE');
    return { qualificationId, rounds };
  } finally {
    await db.end();
  }
}

interface Phase {
  requestsPerSecond: number;
  p99Ms: number;
  p50Ms: number;
  errors: number;
  non2xx: number;
  requests: number;
}

/** Each connection repeatedly: create a draft as the next applicant, then submit it. */
async function load(url: string, roundId: string, qualificationId: string, duration: number): Promise<Phase> {
  let next = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/applications',
        setupRequest: (req, context) => {
          const ctx = context as { token: string };
          ctx.token = tokenFor(next++ % APPLICANTS);
          return { ...req, headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.token}` }, body: JSON.stringify({ roundId, qualificationId }) };
        },
        onResponse: (_status, body, context) => {
          (context as { id?: string }).id = JSON.parse(body).id;
        },
      },
      {
        method: 'POST',
        setupRequest: (req, context) => {
          const ctx = context as { token: string; id: string };
          return { ...req, path: `/api/v1/applications/${ctx.id}/submit`, headers: { authorization: `Bearer ${ctx.token}` } };
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    p50Ms: result.latency.p50,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
}

/**
 * Create-and-submit by signed-in applicants at 50 connections: the app
 * against a bare Fastify + pg baseline issuing the same SQL statements in the
 * same transactions (and running the same eligibility engine), so the ratio
 * is what the framework, ORM and validation cost.
 */
export async function run(): Promise<void> {
  const db = await scratchDatabase();
  const rows: (Phase & { name: string; sqlPerRequest: number })[] = [];
  try {
    const { qualificationId, rounds } = await seed(db.config.database.url, ['baseline-warm', 'baseline', 'app-warm', 'app']);
    for (const [name, script, phase] of [
      ['baseline: raw fastify + pg', 'raw-intake', 'baseline'],
      ['app (NestJS + TypeORM)', 'app', 'app'],
    ] as const) {
      const server = await startServer(script, { ...db.env, RATE_LIMIT_API_PER_MINUTE: '1000000' });
      let warm: Phase | undefined;
      let measured: Phase | undefined;
      try {
        warm = await load(server.url, rounds[`${phase}-warm`], qualificationId, settings.warmupSeconds);
        measured = await load(server.url, rounds[phase], qualificationId, DURATION);
      } finally {
        const total = Number(/queries (\d+)/.exec(await server.stop())?.[1] ?? NaN);
        // Every request the server saw (warm-up included) over every statement it sent.
        if (warm && measured) rows.push({ name, ...measured, sqlPerRequest: total / (warm.requests + measured.requests) });
      }
    }
  } finally {
    await db.close();
  }
  const [baseline] = rows;
  console.log(`\nbench/intake: create draft + submit with eligibility, signed-in applicants, ${CONNECTIONS} connections, ${DURATION}s after ${settings.warmupSeconds}s warm-up`);
  console.log('name'.padEnd(30) + 'applications/s'.padStart(16) + 'req/s'.padStart(9) + 'p50 ms'.padStart(8) + 'p99 ms'.padStart(8) + 'SQL/req'.padStart(9) + 'non-2xx'.padStart(9) + '  ratio');
  for (const r of rows) {
    console.log(
      r.name.padEnd(30) +
        (r.requestsPerSecond / 2).toFixed(0).padStart(16) +
        r.requestsPerSecond.toFixed(0).padStart(9) +
        r.p50Ms.toFixed(0).padStart(8) +
        r.p99Ms.toFixed(0).padStart(8) +
        r.sqlPerRequest.toFixed(1).padStart(9) +
        String(r.non2xx + r.errors).padStart(9) +
        `  ${(r.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)}`,
    );
  }
  console.log('Targets: ratio >= 0.50 and app p99 < 100 ms.');
}
