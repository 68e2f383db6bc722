/**
 * What fault injection found (issue 13), each fault reproduced and shown
 * handled: PostgreSQL cut under the email sender, the API killed mid-upload
 * and just after its commit, SIGTERM with a keep-alive request in flight,
 * Redis away, a pool with no connection to give, a worker stopped mid-send,
 * and processes racing to create the database.
 */
import { Agent, request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { NotificationSender, PermanentSendFailure, TOPIC } from '@app/notifications';
import { openRound, pot, qualification } from './factories/intake.factory';
import { startedLearners } from './factories/training.factory';
import { testConfig } from './support/app';
import { bulkUsers, outboxRows, until } from './support/outbox';
import { freePort, run, type Running } from './support/processes';
import { SmtpSink } from './support/smtp-sink';
import { TcpProxy } from './support/tcp-proxy';
import { databaseUrl, uniqueName } from './support/test-env';
import { PASSWORD, World } from './support/world';
import { dropDatabase } from '@app/database';

const API = 'apps/api/src/main.js';
const WORKER = 'apps/worker/src/main.js';
const pgPort = () => Number(new URL(testConfig().database.url).port || 5432);
const redisPort = () => Number(new URL(testConfig().redis.url).port || 6379);
const today = () => new Date().toISOString().slice(0, 10);

async function api(env: Record<string, string> = {}): Promise<{ p: Running; base: string }> {
  const port = await freePort();
  const p = run(API, { PORT: String(port), LOG_LEVEL: 'info', DEMO_DATA: 'false', WORKER_IN_PROCESS: 'false', ...env }, ['--no-worker']);
  await p.waitForOutput(/is up at/, 60_000);
  return { p, base: `http://127.0.0.1:${port}` };
}

describe('1. a brief database error while preparing an email', () => {
  let proxy: TcpProxy;
  let w: World;
  beforeAll(async () => {
    proxy = await new TcpProxy('127.0.0.1', pgPort()).start();
    w = await World.start({ worker: false, config: (c) => ({ database: { ...c.database, url: proxy.via(c.database.url), poolSize: 4, poolWaitMs: 1_000 } }) });
  });
  afterAll(async () => {
    await w.stop();
    await proxy.stop();
  });

  it('connections cut every 150 ms while 150 emails are prepared: every one is sent in the end, none failed', async () => {
    const q = await qualification(w);
    const round = await openRound(w, [q.id], { potId: (await pot(w)).id });
    const users = await bulkUsers(w.db, 10);
    // round.opened loads its round from the database: the preparation the fault run broke.
    const ids = await outboxRows(w.db, users, 150, { roundId: round.id }, TOPIC.roundOpened);
    const sender = w.api.app.get(NotificationSender);
    const flapping = setInterval(() => {
      proxy.down();
      setTimeout(() => proxy.restore(), 40);
    }, 150);
    const permanent: string[] = [];
    // What BullMQ does with a job that throws: try again later (here after 50 ms rather than 30 s).
    const sendUntilDone = async (id: string) => {
      for (let attempt = 0; attempt < 200; attempt++) {
        try {
          return await sender.send(id);
        } catch (err) {
          if (err instanceof PermanentSendFailure) return permanent.push(`${id}: ${err.message}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      throw new Error(`${id} never went`);
    };
    const stopAt = Date.now() + 3_000;
    const sends = Promise.all(ids.map(sendUntilDone));
    await new Promise((r) => setTimeout(r, Math.max(0, stopAt - Date.now())));
    clearInterval(flapping);
    proxy.restore();
    await sends;
    expect(permanent).toEqual([]);
    const rows = await w.db.query(`SELECT status, count(*)::int AS n FROM outbox WHERE id = ANY($1::uuid[]) GROUP BY status`, [ids]);
    expect(rows).toEqual([{ status: 'sent', n: 150 }]);
  }, 60_000);
});

describe('2. an Idempotency-Key after a crash', () => {
  let w: World;
  let key: string;
  let learners: string[];
  beforeAll(async () => {
    w = await World.start({ worker: false, config: () => ({ idempotencyLeaseSeconds: 2 }) });
    const admin = await w.signedIn('admin');
    const provider = await w.provider();
    key = await w.apiKey(provider.id, admin.token);
    const q = await qualification(w, { level: 4, bursaryPence: 1000 });
    const round = await openRound(w, [q.id], { potId: (await pot(w, 100_000)).id });
    learners = await startedLearners(w, { providerId: provider.id, roundId: round.id, qualificationId: q.id, potId: round.potId!, count: 6, bursaryPence: 1000 });
  }, 60_000);
  afterAll(() => w.stop());
  let restart: Running | undefined;
  afterEach(async () => {
    restart?.child.kill('SIGKILL');
    await restart?.exited;
    restart = undefined;
  });

  const csvOf = (ids: string[]) => ['enrolmentId,type,date,outcome', ...ids.map((id) => `${id},completion,${today()},passed`)].join('\n');
  const upload = (base: string, csv: string, idempotencyKey: string) =>
    fetch(`${base}/api/v1/provider/reports/csv`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv', 'idempotency-key': idempotencyKey }, body: csv });
  const completions = async (ids: string[]) =>
    (await w.db.query(`SELECT count(*)::int AS n FROM enrolment_report WHERE enrolment_id = ANY($1::uuid[]) AND type = 'completion'`, [ids]))[0].n as number;

  it('a process killed before its commit: the same key runs again once its lease lapses, and applies once', async () => {
    const batch = learners.slice(0, 3);
    const idempotencyKey = `crash-before-${randomBytes(4).toString('hex')}`;
    const { p, base } = await api({ IDEMPOTENCY_LEASE_SECONDS: '5' });
    restart = p;
    // Hold the learners' rows, so the upload waits inside its transaction, after its claim.
    const blocker: QueryRunner = w.db.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    await blocker.query(`SELECT id FROM enrolment WHERE id = ANY($1::uuid[]) FOR UPDATE`, [batch]);
    const pending = upload(base, csvOf(batch), idempotencyKey).catch(() => 'the connection dropped');
    await until(async () => (await w.db.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE OF e%'`)).length > 0, 10_000, 'the upload waiting on the lock');
    p.child.kill('SIGKILL');
    await p.exited;
    // At once, the dead process's lease still holds the key; once it lapses, the key is free to run again.
    const again = w.api.url;
    const early = await upload(again, csvOf(batch), idempotencyKey);
    expect(early.status).toBe(409);
    expect(await pending).toBe('the connection dropped');
    await blocker.rollbackTransaction();
    await blocker.release();
    expect(await completions(batch)).toBe(0);

    await new Promise((r) => setTimeout(r, 5_200));
    const applied = await upload(again, csvOf(batch), idempotencyKey);
    expect(applied.status).toBe(201);
    expect(((await applied.json()) as { applied: number }).applied).toBe(3);
    const replay = await upload(again, csvOf(batch), idempotencyKey);
    expect([replay.status, replay.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(await completions(batch)).toBe(3);
  }, 90_000);

  it('a process killed right after its commit: the same key replays the result it stored with the work', async () => {
    const batch = learners.slice(3, 6);
    const idempotencyKey = `crash-after-${randomBytes(4).toString('hex')}`;
    const { p, base } = await api();
    restart = p;
    const pending = upload(base, csvOf(batch), idempotencyKey).catch(() => 'the connection dropped');
    // The moment the commit is visible, the process dies: whether its response got out or not is luck.
    await until(async () => (await w.db.query(`SELECT 1 FROM idempotency_key WHERE key = $1 AND response_status IS NOT NULL`, [idempotencyKey])).length > 0, 20_000, 'the commit');
    p.child.kill('SIGKILL');
    await p.exited;
    await pending;
    expect(await completions(batch)).toBe(3);

    const again = await fetch(w.url('/provider/reports/csv'), { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv', 'idempotency-key': idempotencyKey }, body: csvOf(batch) });
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(((await again.json()) as { applied: number }).applied).toBe(3);
    expect(await completions(batch)).toBe(3);
  }, 90_000);
});

describe('3. SIGTERM with a keep-alive request in flight', () => {
  it('answers it with Connection: close and exits 0', async () => {
    const w = await World.start({ worker: false });
    const { p, base } = await api({ SHUTDOWN_TIMEOUT_MS: '30000' });
    try {
      const user = await w.user('applicant');
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const call = (path: string, headers: Record<string, string> = {}, body?: string) =>
        new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
          const req = httpRequest(`${base}${path}`, { agent, method: body ? 'POST' : 'GET', headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
            let text = '';
            res.on('data', (d) => (text += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
          });
          req.on('error', reject);
          req.end(body);
        });
      const signedIn = await call('/api/v1/auth/login', {}, JSON.stringify({ email: user.email, password: PASSWORD }));
      expect(signedIn.headers.connection).toBe('keep-alive');
      const token = JSON.parse(signedIn.body).accessToken;
      // Hold the session's row: the next request on the same kept-alive connection waits in flight.
      const blocker = w.db.createQueryRunner();
      await blocker.connect();
      await blocker.startTransaction();
      await blocker.query(`SELECT id FROM auth_session WHERE user_id = $1 FOR UPDATE`, [user.id]);
      const inFlight = call('/api/v1/me', { authorization: `Bearer ${token}` });
      await until(async () => (await w.db.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE auth_session%'`)).length > 0, 10_000, 'the request in flight');
      const started = Date.now();
      p.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      await blocker.rollbackTransaction();
      await blocker.release();
      const answered = await inFlight;
      expect(answered.status).toBe(200);
      expect(answered.headers.connection).toBe('close');
      expect(await p.exited).toBe(0);
      // Well inside the shutdown limit, and far inside the 72 s keep-alive it used to wait out.
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(p.output()).toContain('Shut down cleanly');
      agent.destroy();
    } finally {
      if (p.child.exitCode === null) p.child.kill('SIGKILL');
      await w.stop();
    }
  }, 60_000);
});

describe('4. readiness while Redis is away', () => {
  let redisProxy: TcpProxy;
  let w: World;
  beforeAll(async () => {
    redisProxy = await new TcpProxy('127.0.0.1', redisPort()).start();
    w = await World.start({ worker: false, config: (c) => ({ redis: { ...c.redis, url: redisProxy.via(c.redis.url) } }) });
  });
  afterAll(async () => {
    await w.stop();
    await redisProxy.stop();
  });

  it('stays 200, reports Redis down, and the API keeps accepting changes', async () => {
    const admin = await w.signedIn('admin');
    redisProxy.down();
    await new Promise((r) => setTimeout(r, 200));
    const res = await fetch(`${w.api.url}/health/ready`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { details: unknown }).details).toMatchObject({ postgres: { status: 'up' }, migrations: { status: 'up' }, redis: { status: 'down' } });
    const invited = await w.call('POST', '/admin/users', { token: admin.token, body: { email: `redis.away.${randomBytes(4).toString('hex')}@example.org`, fullName: 'Rhona Away', role: 'reviewer' } });
    expect(invited.status).toBe(201);
    const [{ n }] = await w.db.query(`SELECT count(*)::int AS n FROM outbox WHERE recipient_user_id = $1`, [invited.body.id]);
    expect(n).toBe(1);
    const metrics = await (await fetch(`${w.api.url}/metrics`)).text();
    expect(metrics).toMatch(/pmdp_dependency_up\{dependency="redis"\} 0/);
    expect(metrics).toMatch(/pmdp_dependency_up\{dependency="postgres"\} 1/);
    redisProxy.restore();
  }, 30_000);
});

describe('5. a pool with no connection to give', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.start({ worker: false, config: (c) => ({ database: { ...c.database, poolSize: 1, poolWaitMs: 300 } }) });
  });
  afterAll(() => w.stop());

  it('answers 503 with Retry-After and a problem type saying the service is busy', async () => {
    const held = w.db.createQueryRunner();
    await held.connect();
    try {
      const res = await w.call('GET', '/rounds');
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(res.body).toMatchObject({ type: '/problems/service-unavailable', status: 503 });
    } finally {
      await held.release();
    }
    expect((await w.call('GET', '/rounds')).status).toBe(200);
  });
});

describe('5. 200 reconciliations at once on a small pool', () => {
  it('all answer, each with a check made after it asked', async () => {
    const w = await World.start({ worker: false, config: (c) => ({ database: { ...c.database, poolSize: 2 }, rateLimits: { ...c.rateLimits, apiPerMinute: 100_000 } }) });
    try {
      const finance = await w.signedIn('finance');
      const asked = new Date().toISOString();
      const res = await Promise.all(Array.from({ length: 200 }, () => w.call('GET', '/admin/budget/reconciliation', { token: finance.token })));
      expect(res.filter((r) => r.status !== 200).map((r) => r.status)).toEqual([]);
      expect(res.every((r) => r.body.ok === true && r.body.checkedAt >= asked)).toBe(true);
      // Shared runs: far fewer distinct checks than callers.
      expect(new Set(res.map((r) => r.body.checkedAt)).size).toBeLessThan(40);
    } finally {
      await w.stop();
    }
  }, 60_000);
});

describe('6. a worker stopped with SIGTERM mid-send', () => {
  it('finishes what it is sending before the mail pool closes: no email left waiting for a retry', async () => {
    const w = await World.start({ worker: false });
    const sink = await new SmtpSink().start();
    sink.delayMs = 300;
    const prefix = uniqueName('drain').toLowerCase();
    // A generous shutdown limit: this is about the order of the stop, not its speed on a loaded machine.
    const worker = run(WORKER, { SMTP_URL: sink.url, LOG_LEVEL: 'info', QUEUE_PREFIX: prefix, SHUTDOWN_TIMEOUT_MS: '60000' });
    try {
      await worker.waitForOutput(/Worker consuming jobs/, 60_000);
      const users = await bulkUsers(w.db, 5);
      const ids = await outboxRows(w.db, users, 20);
      await until(async () => (await w.db.query(`SELECT 1 FROM outbox WHERE id = ANY($1::uuid[]) AND attempts > 0`, [ids])).length > 0, 20_000, 'sends under way');
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      const waiting = await w.db.query(`SELECT id, status, last_error FROM outbox WHERE id = ANY($1::uuid[]) AND attempts > 0 AND status <> 'sent'`, [ids]);
      expect(waiting).toEqual([]);
      expect(worker.output()).not.toMatch(/Connection pool was closed/);
    } finally {
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
      await sink.stop();
      await w.stop();
    }
  }, 90_000);
});

describe('7. processes started together on a missing database', () => {
  it('four come up, and the demo data is loaded once', async () => {
    const name = uniqueName('pmdp_race');
    const url = databaseUrl(name);
    const ports = await Promise.all([1, 2, 3, 4].map(() => freePort()));
    const procs = ports.map((port) => run(API, { PORT: String(port), LOG_LEVEL: 'info', DATABASE_URL: url, DEMO_DATA: 'true', WORKER_IN_PROCESS: 'false' }, ['--no-worker']));
    try {
      await Promise.all(procs.map((p) => p.waitForOutput(/is up at/, 90_000)));
      const w = await World.start({ worker: false, config: (c) => ({ database: { ...c.database, url } }) });
      const [{ n }] = await w.db.query(`SELECT count(*)::int AS n FROM training_provider`);
      const [{ seeds }] = await w.db.query(`SELECT count(*)::int AS seeds FROM seed_run WHERE name = 'demo'`);
      await w.stop();
      expect([n, seeds]).toEqual([1, 1]);
    } finally {
      for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
      await Promise.all(procs.map((p) => p.exited));
      await dropDatabase(url);
    }
  }, 120_000);
});
