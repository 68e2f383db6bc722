import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { BudgetService, financialYearOf, PotsService, ReconciliationService } from '@app/budget';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { ApiKeysService, IdentityModule, SYSTEM_ACTOR } from '@app/identity';
import { QualificationsService, RoundsService } from '@app/intake';
import { QueueModule } from '@app/queue';
import { CohortsService, ProvidersService, TrainingModule } from '@app/training';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloneDatabase, scratchDatabase, startServer } from './harness';
import type { CapturedStatement } from './servers/count-queries';

/**
 * A 10,000-row completions CSV through POST /provider/reports/csv (parse,
 * validate every row against the same rules as single calls, then apply:
 * reports, enrolments, completion payments in the ledger, applications
 * completed), against a baseline of PostgreSQL COPY inserting the same rows
 * in the same run. Target: at least 0.25 of COPY.
 *
 * A second line shows the floor under the app: the very statements the app
 * sent for the upload (captured with their parameters in the server) replayed
 * by a bare pg client, one after another on one connection, against a copy of
 * the database taken before the uploads. It is what the writes themselves
 * cost, without HTTP, CSV parsing, validation or the framework.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const WARMUP_ROWS = 1_000;

@Module({})
class CompletionsBenchModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: CompletionsBenchModule, imports: [ConfigModule.forRoot(config), DatabaseModule, QueueModule, IdentityModule, TrainingModule] };
  }
}

/** Started learners with their money reserved and committed, as real starts leave them. */
async function seed(app: INestApplicationContext, config: AppConfig, count: number) {
  const provider = await app.get(ProvidersService).create({ name: 'Bench College (example)', ukprn: '10099999' }, SYSTEM_ACTOR);
  const key = (await app.get(ApiKeysService).create(provider.id, 'bench', SYSTEM_ACTOR)).key;
  const q = await app.get(QualificationsService).create({ title: 'Level 5 Diploma (example)', awardingBody: 'Example Body', level: 5, durationMonths: 12 }, SYSTEM_ACTOR);
  const year = financialYearOf(new Date(), config.programme.financialYearStart).label;
  const pot = await app.get(PotsService).create({ name: 'Bench bursaries', financialYear: year, amountPence: count * q.bursaryPence, purpose: 'bursaries' }, SYSTEM_ACTOR);
  const round = await app.get(RoundsService).create({ name: 'Bench round', opensAt: new Date(Date.now() - 86_400_000), closesAt: new Date(Date.now() + 86_400_000), potId: pot.id, qualificationIds: [q.id] }, SYSTEM_ACTOR);
  const cohort = await app.get(CohortsService).create({ providerId: provider.id, qualificationId: q.id, startDate: '2026-01-05', capacity: 1000 }, SYSTEM_ACTOR);
  const db = app.get(DataSource);
  const rows: { application_id: string; enrolment_id: string }[] = await db.query(
    `WITH u AS (
       INSERT INTO user_account (email, full_name, role, email_verified_at)
       SELECT 'bench.learner.' || i || '@example.org', 'Bench Learner ' || i, 'applicant', now() FROM generate_series(1, $1) AS i RETURNING id
     ), a AS (
       INSERT INTO application (reference, applicant_id, round_id, qualification_id, status, submitted_at)
       SELECT 'PMB-B-' || row_number() OVER (), u.id, $2, $3, 'enrolled', now() FROM u RETURNING id
     )
     INSERT INTO enrolment (application_id, cohort_id, provider_id, status, start_date)
     SELECT a.id, $4, $5, 'started', DATE '2026-01-05' FROM a RETURNING application_id, id AS enrolment_id`,
    [count, round.id, q.id, cohort.id, provider.id],
  );
  const budget = app.get(BudgetService);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < rows.length) {
        const r = rows[next++];
        await db.transaction(async (m) => {
          await budget.reserve(m, { potId: pot.id, applicationId: r.application_id, amountPence: q.bursaryPence, actor: SYSTEM_ACTOR });
          await budget.commit(m, { applicationId: r.application_id, actor: SYSTEM_ACTOR });
        });
      }
    }),
  );
  await db.query('ANALYZE');
  return { key, enrolments: rows.map((r) => r.enrolment_id) };
}

const csvOf = (ids: string[]) =>
  'enrolmentId,type,date,outcome,certificateReference\r\n' + ids.map((id, i) => `${id},completion,2026-11-20,passed,CERT-${i}`).join('\r\n') + '\r\n';

async function upload(url: string, key: string, csv: string, idempotencyKey: string): Promise<{ seconds: number; status: number; applied: number }> {
  const t0 = process.hrtime.bigint();
  const res = await fetch(`${url}/api/v1/provider/reports/csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv', 'idempotency-key': idempotencyKey },
    body: csv,
  });
  const body = (await res.json()) as { applied?: number };
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, status: res.status, applied: body.applied ?? 0 };
}

async function copyRows(url: string, table: string, ids: string[]): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const data = ids.map((id, i) => `${id},completion,passed,2026-11-20,CERT-${i}`).join('\n') + '\n';
    const t0 = process.hrtime.bigint();
    await pipeline(Readable.from([data]), client.query(copyFrom(`COPY ${table} (enrolment_id, type, outcome, on_date, certificate_reference) FROM STDIN WITH (FORMAT csv)`)));
    return Number(process.hrtime.bigint() - t0) / 1e9;
  } finally {
    await client.end();
  }
}

/** Replays captured statements on one bare connection: `warm` untimed, then `timed`, in order. */
async function replay(url: string, warm: CapturedStatement[], timed: CapturedStatement[]): Promise<{ seconds: number; count: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of warm) await client.query(s.text, s.values);
    const t0 = process.hrtime.bigint();
    for (const s of timed) {
      const t = process.hrtime.bigint();
      await client.query(s.text, s.values);
      // BENCH_PROFILE=1 shows where the floor goes, statement by statement.
      if (process.env.BENCH_PROFILE) console.log(`  floor ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(1).padStart(8)} ms  ${s.text.replace(/\s+/g, ' ').slice(0, 100)}`);
    }
    return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, count: timed.length };
  } finally {
    await client.end();
  }
}

export async function run(): Promise<void> {
  const db = await scratchDatabase();
  try {
    const ctx = await NestFactory.createApplicationContext(CompletionsBenchModule.forRoot(db.config), { logger: ['error', 'warn'] });
    let seeded: Awaited<ReturnType<typeof seed>>;
    try {
      console.log(`Seeding ${ROWS + WARMUP_ROWS} started learners...`);
      seeded = await seed(ctx, db.config, ROWS + WARMUP_ROWS);
    } finally {
      await ctx.close();
    }
    const warm = seeded.enrolments.slice(0, WARMUP_ROWS);
    const measured = seeded.enrolments.slice(WARMUP_ROWS);
    const before = await cloneDatabase(db.config.database.url);

    const capture = join(tmpdir(), `pmdp-bench-completions-${process.pid}.json`);
    const server = await startServer('app', { ...db.env, RATE_LIMIT_API_PER_MINUTE: '1000000', BENCH_CAPTURE: capture });
    let app: { seconds: number; status: number; applied: number };
    const warmStart = Date.now();
    let measuredStart: number;
    try {
      await upload(server.url, seeded.key, csvOf(warm), 'bench-warm');
      measuredStart = Date.now();
      app = await upload(server.url, seeded.key, csvOf(measured), 'bench-measured');
    } finally {
      await server.stop();
    }
    if (app.status !== 201 || app.applied !== measured.length) throw new Error(`the upload was refused: ${app.status}, applied ${app.applied}`);
    const statements = JSON.parse(readFileSync(capture, 'utf8')) as CapturedStatement[];
    rmSync(capture);
    const floor = await replay(before.url, statements.filter((s) => s.at >= warmStart && s.at < measuredStart), statements.filter((s) => s.at >= measuredStart));
    await before.close();

    // The baseline: COPY the same rows into the reports table itself, with its keys and indexes (warmed up once).
    await copyRows(db.config.database.url, 'enrolment_report', warm);
    const copySeconds = await copyRows(db.config.database.url, 'enrolment_report', measured);

    const check = await NestFactory.createApplicationContext(CompletionsBenchModule.forRoot(db.config), { logger: ['error', 'warn'] });
    const reconciliation = await check.get(ReconciliationService).reconcile();
    const [{ payments }] = await check.get(DataSource).query(`SELECT count(*)::int AS payments FROM payment_due WHERE kind = 'completion'`);
    await check.close();

    const appRate = measured.length / app.seconds;
    const copyRate = measured.length / copySeconds;
    console.log(`\nbench/completions: a ${measured.length}-row completions CSV through POST /provider/reports/csv, after a ${WARMUP_ROWS}-row warm-up`);
    console.log('name'.padEnd(44) + 'seconds'.padStart(9) + 'rows/s'.padStart(10) + '  ratio');
    console.log('baseline: COPY of the same rows'.padEnd(44) + copySeconds.toFixed(3).padStart(9) + copyRate.toFixed(0).padStart(10) + '  1.00');
    console.log(`floor: the app's ${floor.count} statements replayed`.padEnd(44) + floor.seconds.toFixed(3).padStart(9) + (measured.length / floor.seconds).toFixed(0).padStart(10) + `  ${(copySeconds / floor.seconds).toFixed(2)}`);
    console.log('app: upload, validate, apply in sets'.padEnd(44) + app.seconds.toFixed(3).padStart(9) + appRate.toFixed(0).padStart(10) + `  ${(appRate / copyRate).toFixed(2)}`);
    console.log(`Completion payments made: ${payments}; reconciliation ${reconciliation.ok ? 'clean' : 'NOT CLEAN'}. Target: ratio >= 0.25.`);
    console.log(`The app takes ${(floor.seconds / app.seconds).toFixed(2)} of its time in its own SQL's floor; the SQL alone is ${(floor.seconds / copySeconds).toFixed(1)}x the COPY.`);
  } finally {
    await db.close();
  }
}
