import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ConfigModule, loadConfig, type AppConfig } from '@app/config';
import { DatabaseModule, prepareDatabase } from '@app/database';
import { AccountsService, IdentityModule, SYSTEM_ACTOR } from '@app/identity';
import { QueueModule } from '@app/queue';
import { scratchDatabase, startServer } from './harness';
import { loadReportsData, SIZES } from './reports-data';
import type { CapturedStatement } from './servers/count-queries';

/**
 * Every report through the real API, with 100,000 applications, 50,000 skills audits and
 * 1,000,000 ledger entries loaded: p95 of REQUESTS sequential requests per report (target
 * under 300 ms), beside the report's own SQL run directly by pg in the same run. The baseline
 * is exactly what the API sent for that report: the server records every statement with its
 * parameters (BENCH_CAPTURE), one untimed request per report marks which are its own (by
 * time: requests are one at a time), the sign-in check's statements are left out, and a bare
 * pg client replays the rest in order, REQUESTS times. The ratio (API p95 / SQL p95) is what
 * HTTP, authorisation, the framework and mapping cost on top of the SQL the report needs.
 *
 * Then the CSV export of one report streamed for 10,000 and 100,000 rows, with the server
 * process's peak RSS sampled during each (constant memory: the two peaks close).
 *
 * Reports are listed by GET /admin/reports when that route exists, else the known paths;
 * a path answering 404 is reported "not built yet" rather than failing the bench.
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 30);
const TARGET_MS = 300;
const KNOWN = [
  '/admin/workforce/gap',
  '/admin/workforce/coverage',
  '/admin/reports/funnel',
  '/admin/reports/durations',
  '/admin/reports/eligibility-rules',
  '/admin/reports/providers',
  '/admin/reports/qualified',
  '/admin/reports/cost-per-qualification',
  '/admin/reports/budget-use',
];
/**
 * Registered reports with no JSON route (GET /admin/reports lists them): only exported. The
 * "applications" report (one row per application) is the export measured at 10,000 and 100,000 rows.
 */
const EXPORT_ONLY = ['applications'];
/** Statements of the sign-in check every request makes: not the report's own SQL. */
const AUTH_SQL = /\b(auth_session|user_account|api_key|mfa_)\b/;
const ADMIN = { email: 'bench.admin@example.org', password: 'bench admin passphrase 2026' };

@Module({})
class ReportsBenchModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ReportsBenchModule, imports: [ConfigModule.forRoot(config), DatabaseModule, QueueModule, IdentityModule] };
  }
}

const p95 = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.max(0, Math.ceil(ms.length * 0.95) - 1)];
const elapsedMs = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function get(url: string, token: string): Promise<{ status: number; ms: number; body: string }> {
  const t0 = process.hrtime.bigint();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  const body = await res.text();
  return { status: res.status, ms: elapsedMs(t0), body };
}

/** The report paths to measure: from GET /admin/reports when it answers, else the known list. */
function reportPaths(listing: { status: number; body: string }): { paths: string[]; source: string } {
  if (listing.status !== 200) return { paths: KNOWN, source: `known paths (GET /admin/reports answered ${listing.status})` };
  const body = JSON.parse(listing.body) as unknown;
  const items = (Array.isArray(body) ? body : ((body as { items?: unknown[]; reports?: unknown[] }).items ?? (body as { reports?: unknown[] }).reports ?? [])) as Record<string, string>[];
  // Each report's `path` says where its JSON is (null: export only, such as the applications report).
  const paths = items
    .filter((r) => !EXPORT_ONLY.includes(r.key) && r.path !== null)
    .map((r) => r.path ?? r.href ?? (r.key ? `/admin/reports/${r.key}` : ''))
    .filter(Boolean)
    .map((p) => p.replace(/^\/api\/v1/, ''));
  return paths.length ? { paths: [...new Set(paths)], source: 'GET /admin/reports' } : { paths: KNOWN, source: 'known paths (GET /admin/reports listed none)' };
}

/** Replays `statements` in order on one bare connection, `times` times after one warm-up; each run's milliseconds. */
async function replay(url: string, statements: CapturedStatement[], times: number): Promise<number[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const once = async () => {
      for (const s of statements) await client.query(s.text, s.values);
    };
    await once();
    const runs: number[] = [];
    for (let i = 0; i < times; i++) {
      const t0 = process.hrtime.bigint();
      await once();
      runs.push(elapsedMs(t0));
    }
    return runs;
  } finally {
    await client.end();
  }
}

/** Streams `url`, counting lines, while sampling the server's resident memory; rows and peak RSS (MB). */
async function streamExport(url: string, token: string, pid: number): Promise<{ status: number; rows: number; peakMb: number; fromMb: number; seconds: number }> {
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  const fromMb = rss();
  let peak = fromMb;
  const timer = setInterval(() => (peak = Math.max(peak, rss())), 10);
  const t0 = process.hrtime.bigint();
  try {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    let lines = 0;
    if (res.body) for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) for (const b of chunk) if (b === 10) lines++;
    return { status: res.status, rows: lines, peakMb: Math.max(peak, rss()), fromMb, seconds: elapsedMs(t0) / 1000 };
  } finally {
    clearInterval(timer);
  }
}

/**
 * A database loaded by an earlier run (BENCH_KEEP_DB=1 printed its URL), reused: BENCH_REPORTS_DB=<url>.
 * Migrated first (the bench server does not migrate), so a branch's new tables, triggers and indexes
 * are there; their backfill time is printed.
 */
async function reused(url: string) {
  const env = { DATABASE_URL: url, LOG_LEVEL: 'silent', DEMO_DATA: 'false', WORKER_IN_PROCESS: 'false' };
  const t0 = process.hrtime.bigint();
  const { applied } = await prepareDatabase(loadConfig({ ...process.env, ...env }));
  if (applied.length) {
    console.log(`Migrated the reused database in ${(elapsedMs(t0) / 1000).toFixed(1)} s: ${applied.join(', ')}`);
    // As the loader ends (reports-data.ts): what the migrations wrote, vacuumed and analysed as autovacuum would.
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query('VACUUM ANALYZE').finally(() => client.end());
  }
  return { env, close: async () => undefined };
}

export async function run(): Promise<void> {
  const db = process.env.BENCH_REPORTS_DB ? await reused(process.env.BENCH_REPORTS_DB) : await scratchDatabase();
  const capture = join(tmpdir(), `pmdp-bench-reports-${process.pid}.json`);
  try {
    const t0 = process.hrtime.bigint();
    let steps: { step: string; seconds: number }[] = [];
    if ('config' in db) {
      const app = await NestFactory.createApplicationContext(ReportsBenchModule.forRoot(db.config), { logger: ['error'] });
      await app.get(AccountsService).createUser({ role: 'admin', email: ADMIN.email, password: ADMIN.password, fullName: 'Bench Admin' }, SYSTEM_ACTOR);
      await app.close();
      steps = await loadReportsData(db.env.DATABASE_URL);
    }
    const client = new Client({ connectionString: db.env.DATABASE_URL });
    await client.connect();
    const counts = (await client.query(`SELECT (SELECT count(*) FROM application)::int AS applications, (SELECT count(*) FROM skills_audit)::int AS audits, (SELECT count(*) FROM budget_ledger_entry)::int AS ledger`)).rows[0];
    const [small] = (await client.query(`SELECT id FROM funding_round WHERE name = 'Bench round small'`)).rows;
    await client.end();
    console.log(`\nLoaded ${counts.applications.toLocaleString('en-GB')} applications, ${counts.audits.toLocaleString('en-GB')} skills audits, ${counts.ledger.toLocaleString('en-GB')} ledger entries in ${(elapsedMs(t0) / 1000).toFixed(1)} s`);
    for (const s of steps) console.log(`  ${s.step.padEnd(52)} ${s.seconds.toFixed(1).padStart(6)} s`);

    const server = await startServer('app', { ...db.env, RATE_LIMIT_API_PER_MINUTE: '1000000', BENCH_CAPTURE: capture });
    const api = `${server.url}/api/v1`;
    const login = await fetch(`${api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    if (login.status !== 200) throw new Error(`bench admin sign-in: ${login.status} ${await login.text()}`);
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    // BENCH_REPORT_PATHS=/a,/b measures those paths instead (any admin GET, e.g. to try the bench on routes main has).
    const { paths, source } = process.env.BENCH_REPORT_PATHS
      ? { paths: process.env.BENCH_REPORT_PATHS.split(','), source: 'BENCH_REPORT_PATHS' }
      : reportPaths(await get(`${api}/admin/reports`, token));
    const year = new Date().getUTCMonth() < 3 ? new Date().getUTCFullYear() - 1 : new Date().getUTCFullYear();
    const auditYear = `${year}-${String((year + 1) % 100).padStart(2, '0')}`;

    const measured: { path: string; status: number; apiMs?: number[]; window?: [number, number] }[] = [];
    for (const path of paths) {
      const url = `${api}${path}${path.includes('/workforce/') ? `?auditYear=${auditYear}&areaKind=region` : ''}`;
      const marked = Date.now();
      const first = await get(url, token);
      const window: [number, number] = [marked, Date.now()];
      if (first.status !== 200) {
        measured.push({ path, status: first.status });
        continue;
      }
      await get(url, token);
      const ms: number[] = [];
      for (let i = 0; i < REQUESTS; i++) ms.push((await get(url, token)).ms);
      measured.push({ path, status: 200, apiMs: ms, window });
    }

    // The CSV export: the first report whose export answers (the one-row-per-application report first), for the
    // small round (10,000 applications) and for all.
    const exports: { label: string; key: string; status: number; rows: number; peakMb: number; fromMb?: number; seconds: number; error?: string }[] = [];
    for (const key of [...new Set([...EXPORT_ONLY, ...paths.filter((p) => p.startsWith('/admin/reports/')).map((p) => p.split('/')[3])])]) {
      const probe = await fetch(`${api}/admin/reports/${key}/export.csv?roundId=${small.id}`, { headers: { authorization: `Bearer ${token}` } });
      await probe.body?.cancel();
      if (probe.status !== 200) continue;
      // A report whose query fails part-way ends its stream early: say so and go on to the next.
      const attempt = (url: string) => streamExport(url, token, server.pid).catch((err: Error) => ({ status: -1, rows: 0, peakMb: 0, fromMb: 0, seconds: 0, error: err.message }));
      const tenK = await attempt(`${api}/admin/reports/${key}/export.csv?roundId=${small.id}`);
      const all = await attempt(`${api}/admin/reports/${key}/export.csv`);
      exports.push({ label: `${SIZES.smallRound.toLocaleString('en-GB')} applications`, key, ...tenK }, { label: `${SIZES.applications.toLocaleString('en-GB')} applications`, key, ...all });
      if (all.rows >= 50_000) {
        // Twice more: memory that grew with the rows would climb again; a heap that only had to grow once stays put.
        for (const n of [2, 3]) exports.push({ label: `${SIZES.applications.toLocaleString('en-GB')} again (${n})`, key, ...(await attempt(`${api}/admin/reports/${key}/export.csv`)) });
        break;
      }
    }
    await server.stop();

    const statements = JSON.parse(readFileSync(capture, 'utf8')) as CapturedStatement[];
    console.log(`\nReports through the API (${REQUESTS} sequential requests each, after 1 warm-up) against their own SQL replayed by pg; reports from ${source}`);
    console.log('report'.padEnd(42) + 'API p95 ms'.padStart(11) + 'SQL p95 ms'.padStart(11) + 'statements'.padStart(11) + '  ratio  target < 300 ms');
    for (const m of measured) {
      if (!m.apiMs) {
        console.log(`${m.path.padEnd(42)} ${m.status === 404 ? 'not built yet (404)' : `answered ${m.status}: not measured`}`);
        continue;
      }
      const own = statements.filter((s) => s.at >= m.window![0] && s.at <= m.window![1] && !AUTH_SQL.test(s.text));
      const sql = own.length ? await replay(db.env.DATABASE_URL, own, REQUESTS) : [];
      const api95 = p95(m.apiMs);
      const sql95 = sql.length ? p95(sql) : NaN;
      console.log(
        m.path.padEnd(42) +
          api95.toFixed(1).padStart(11) +
          (sql.length ? sql95.toFixed(1) : '-').padStart(11) +
          String(own.length).padStart(11) +
          `  ${sql.length ? (api95 / sql95).toFixed(2) : '-'}`.padEnd(7) +
          `  ${api95 < TARGET_MS ? 'met' : 'MISSED'}`,
      );
    }
    console.log(`\nCSV export streamed (peak RSS of the API process while streaming; constant memory when the two are close)`);
    if (!exports.length) console.log('  not built yet: no GET /admin/reports/{key}/export.csv answered 200');
    for (const e of exports) {
      console.log(`  ${e.key.padEnd(24)} ${e.label.padEnd(24)} ${e.status === 200 ? `${e.rows.toLocaleString('en-GB').padStart(9)} lines  ${e.seconds.toFixed(1).padStart(5)} s  peak RSS ${e.peakMb.toFixed(0)} MB (from ${e.fromMb?.toFixed(0)} MB)` : e.status === -1 ? `stopped part-way: ${e.error}` : `answered ${e.status}`}`);
    }
  } finally {
    rmSync(capture, { force: true });
    await db.close();
  }
}
