import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
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
 * completed, emails in the outbox), against PostgreSQL COPY inserting "the
 * same rows" in the same run. Target: at least 0.25 of COPY.
 *
 * "The same rows" reads two ways, so both baselines are printed:
 * A. COPY of the CSV's rows into the reports table;
 * B. COPY of every row the upload inserts (its reports, payments due, ledger
 *    entries, application history and outbox messages, read back from the
 *    app's database) into a copy of the database taken before the uploads:
 *    the fastest way to write the same data.
 * And the floor under the app: the very statements the app sent for the
 * upload (captured with their parameters in the server) replayed by a bare
 * pg client, one after another on one connection, against another copy taken
 * before the uploads: what the app's SQL costs without HTTP, CSV parsing,
 * validation or the framework.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const WARMUP_ROWS = 1_000;

@Module({})
class CompletionsBenchModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: CompletionsBenchModule, imports: [ConfigModule.forRoot(config), DatabaseModule, QueueModule, IdentityModule, TrainingModule] };
  }
}

/**
 * Started learners with their money reserved and committed. Made in bulk, they
 * have no placement or start reports and no start payments, and the whole
 * bursary is committed: the app's reads see a little less than in real use.
 */
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

/** Where the rows an upload of completions for `enrolments` inserted live, table by table, in an order their keys allow. */
const WRITTEN: { table: string; where: string }[] = [
  { table: 'enrolment_report', where: `enrolment_id = ANY($1::uuid[]) AND type = 'completion'` },
  { table: 'budget_ledger_entry', where: `id IN (SELECT ledger_entry_id FROM payment_due WHERE enrolment_id = ANY($1::uuid[]) AND kind = 'completion')` },
  { table: 'payment_due', where: `enrolment_id = ANY($1::uuid[]) AND kind = 'completion'` },
  { table: 'application_transition', where: `to_status = 'completed' AND application_id IN (SELECT application_id FROM enrolment WHERE id = ANY($1::uuid[]))` },
  { table: 'outbox', where: `topic = 'training.completed' AND data->>'enrolmentId' = ANY($1::text[])` },
];

/**
 * Reads back every row the upload inserted for `enrolments` from `fromUrl`,
 * then COPYs them into the same tables at `toUrl` (a copy taken before the
 * upload); returns the seconds the COPYs took and the rows copied.
 */
async function copyWritten(fromUrl: string, toUrl: string, enrolments: string[]): Promise<{ seconds: number; rows: number }> {
  const source = new Client({ connectionString: fromUrl });
  const target = new Client({ connectionString: toUrl });
  await source.connect();
  await target.connect();
  try {
    const batches: { table: string; columns: string; data: Buffer; rows: number }[] = [];
    for (const { table, where } of WRITTEN) {
      // Every column the app wrote, but not one the table generates itself (the ledger's seq).
      const [{ columns }] = (
        await source.query(
          `SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS columns FROM information_schema.columns
           WHERE table_name = $1 AND is_generated = 'NEVER' AND identity_generation IS DISTINCT FROM 'ALWAYS'`,
          [table],
        )
      ).rows;
      const sql = (await source.query(`SELECT format('COPY (SELECT %s FROM %I WHERE %s) TO STDOUT', $1::text, $2::text, replace($3::text, '$1', quote_literal($4::text))) AS sql`, [columns, table, where, `{${enrolments.join(',')}}`])).rows[0].sql as string;
      const chunks: Buffer[] = [];
      for await (const chunk of source.query(copyTo(sql))) chunks.push(chunk as Buffer);
      const data = Buffer.concat(chunks);
      // COPY's text format is a line a row (newlines inside values are escaped), so the lines are the rows.
      const rows = data.reduce((n, byte) => n + (byte === 0x0a ? 1 : 0), 0);
      if (process.env.BENCH_PROFILE) console.log(`  copy-all ${table}: ${rows} rows`);
      batches.push({ table, columns, data, rows });
    }
    const t0 = process.hrtime.bigint();
    for (const b of batches) await pipeline(Readable.from([b.data]), target.query(copyFrom(`COPY ${b.table} (${b.columns}) FROM STDIN`)));
    return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, rows: batches.reduce((n, b) => n + b.rows, 0) };
  } finally {
    await source.end();
    await target.end();
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
  // The copies and the capture file go even when a step fails (dropping a database twice is harmless).
  const leftovers: (() => Promise<void> | void)[] = [];
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
    leftovers.push(() => before.close());
    const beforeForCopy = await cloneDatabase(db.config.database.url, 'copy_all');
    leftovers.push(() => beforeForCopy.close());

    const capture = join(tmpdir(), `pmdp-bench-completions-${process.pid}.json`);
    leftovers.push(() => rmSync(capture, { force: true }));
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
    const floor = await replay(before.url, statements.filter((s) => s.at >= warmStart && s.at < measuredStart), statements.filter((s) => s.at >= measuredStart));
    await before.close();

    // Baseline B: read back what the upload wrote (before baseline A adds reports to the app's database) and COPY it into the copy.
    await copyWritten(db.config.database.url, beforeForCopy.url, warm);
    const copyAll = await copyWritten(db.config.database.url, beforeForCopy.url, measured);
    await beforeForCopy.close();
    // Baseline A: COPY the CSV's rows into the reports table itself, with its keys and indexes (warmed up once).
    await copyRows(db.config.database.url, 'enrolment_report', warm);
    const copySeconds = await copyRows(db.config.database.url, 'enrolment_report', measured);

    const check = await NestFactory.createApplicationContext(CompletionsBenchModule.forRoot(db.config), { logger: ['error', 'warn'] });
    const reconciliation = await check.get(ReconciliationService).reconcile();
    const [{ payments }] = await check.get(DataSource).query(`SELECT count(*)::int AS payments FROM payment_due WHERE kind = 'completion'`);
    await check.close();

    const line = (name: string, seconds: number, ratio: string) =>
      console.log(name.padEnd(58) + seconds.toFixed(3).padStart(9) + (measured.length / seconds).toFixed(0).padStart(12) + ratio.padStart(16));
    const ratio = (baseline: number) => (baseline / app.seconds).toFixed(2);
    console.log(`\nbench/completions: a ${measured.length}-row completions CSV through POST /provider/reports/csv, after a ${WARMUP_ROWS}-row warm-up`);
    console.log('name'.padEnd(58) + 'seconds'.padStart(9) + 'CSV rows/s'.padStart(12) + 'app ratio to it'.padStart(16));
    line(`A: COPY of the CSV's ${measured.length} rows into the reports table`, copySeconds, ratio(copySeconds));
    line(`B: COPY of all ${copyAll.rows} rows the upload inserts (5 tables)`, copyAll.seconds, ratio(copyAll.seconds));
    line(`floor: the app's ${floor.count} statements, replayed by bare pg`, floor.seconds, ratio(floor.seconds));
    line('app: upload, validate, apply in sets', app.seconds, '');
    console.log(`Target: ratio >= 0.25. Against A: ${ratio(copySeconds)}; against B: ${ratio(copyAll.seconds)}.`);
    console.log(
      `Inserting the upload's rows by the fastest means (B) takes ${(copyAll.seconds / copySeconds).toFixed(1)}x A, before the enrolments and applications are updated; ` +
        `the app's own SQL (floor) is ${(floor.seconds / app.seconds).toFixed(2)} of its time.`,
    );
    console.log(`Completion payments made: ${payments}; reconciliation ${reconciliation.ok ? 'clean' : 'NOT CLEAN'}.`);
  } finally {
    for (const leave of leftovers) await leave();
    await db.close();
  }
}
