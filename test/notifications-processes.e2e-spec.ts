import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/database';
import { QUEUE } from '@app/queue';
import { testConfig } from './support/app';
import { bulkUsers, delivered, outboxRows, until } from './support/outbox';
import { run, type Running } from './support/processes';
import { RedisServer } from './support/redis-server';
import { SmtpSink } from './support/smtp-sink';
import { uniqueName } from './support/test-env';

const WORKER = 'apps/worker/src/main.js';
/** The worker runs 40 x WORKER_CONCURRENCY (default 5) email jobs at once. */
const EMAIL_CONCURRENCY = 200;

/**
 * The built worker as a separate process, against the test database, a
 * queue prefix of its own and a real SMTP server in this process: killed
 * mid-run, and its Redis restarted mid-run.
 */
describe('email survives a crashed worker and a restarted Redis', () => {
  let db: DataSource;
  let sink: SmtpSink;
  let users: string[];
  const workers: Running[] = [];

  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(testConfig())).initialize();
    sink = await new SmtpSink().start();
    // A worker killed mid-message resets its SMTP connections: the sink sees ECONNRESET, which is expected here.
    (sink as unknown as { server: { on(event: 'error', listener: () => void): void } }).server.on('error', () => undefined);
    users = await bulkUsers(db, 25);
  });
  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await sink.stop();
    await db.destroy();
  });

  function worker(env: Record<string, string>): Running {
    const w = run(WORKER, { SMTP_URL: sink.url, LOG_LEVEL: 'info', ...env });
    workers.push(w);
    return w;
  }

  const statuses = async (ids: string[]) =>
    Object.fromEntries((await db.query(`SELECT status, count(*)::int AS n FROM outbox WHERE id = ANY($1::uuid[]) GROUP BY status`, [ids])).map((r: { status: string; n: number }) => [r.status, r.n]));

  it('500 messages, the worker killed with SIGKILL mid-run and started again: none lost, duplicates no more than the jobs in flight', async () => {
    const prefix = uniqueName('crash').toLowerCase();
    const queue = new Queue(QUEUE.notifications, { connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, prefix });
    const ids = await outboxRows(db, users, 500);
    const mine = new Set(ids);

    const first = worker({ QUEUE_PREFIX: prefix });
    await until(() => delivered(sink, mine).distinct >= 100, 30_000, '100 messages before the kill');
    const inFlight = await queue.getActiveCount();
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = delivered(sink, mine).distinct;
    expect(atKill).toBeLessThan(500);

    const second = worker({ QUEUE_PREFIX: prefix });
    await second.waitForOutput(/Worker consuming jobs/);
    // Jobs the dead worker held are found stalled when their 10 s lock lapses, then run again.
    await until(() => delivered(sink, mine).distinct === 500, 45_000, 'all 500 messages');
    await until(async () => (await statuses(ids)).sent === 500, 10_000, 'all 500 marked sent');
    const { duplicates } = delivered(sink, mine);
    process.stdout.write(`SIGKILL run: ${atKill} of 500 delivered at the kill, ${inFlight} jobs in flight, ${duplicates} duplicates (by Message-ID)\n`);
    expect(duplicates).toBeLessThanOrEqual(Math.max(inFlight, EMAIL_CONCURRENCY));
    expect(duplicates).toBeLessThanOrEqual(EMAIL_CONCURRENCY);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    await queue.obliterate({ force: true });
    await queue.close();
  }, 90_000);

  it('Redis restarted mid-run: the outbox holds messages until Redis is back, then all go', async () => {
    const redis = await new RedisServer().start();
    const prefix = uniqueName('redis').toLowerCase();
    try {
      const w = worker({ REDIS_URL: redis.url, QUEUE_PREFIX: prefix });
      await w.waitForOutput(/Worker consuming jobs/);
      const before = await outboxRows(db, users, 200);
      const all = new Set(before);
      await until(() => delivered(sink, all).distinct >= 20, 20_000, 'some messages before Redis stops');

      await redis.kill();
      const during = await outboxRows(db, users, 100);
      for (const id of during) all.add(id);
      // While Redis is away the new messages wait in the outbox, committed and pending.
      await new Promise((r) => setTimeout(r, 1_500));
      const held = await statuses(during);
      expect(held).toEqual({ pending: 100 });
      expect(delivered(sink, new Set(during)).distinct).toBe(0);

      // Back, empty: jobs queued before the restart are gone; the relay sees it and puts their rows back.
      await redis.start();
      await until(() => delivered(sink, all).distinct === 300, 30_000, 'all 300 messages after Redis is back');
      await until(async () => (await statuses([...all])).sent === 300, 10_000, 'all 300 marked sent');
      const { duplicates } = delivered(sink, all);
      process.stdout.write(`Redis restart run: 300 of 300 delivered, ${duplicates} duplicates\n`);
      expect(duplicates).toBeLessThanOrEqual(EMAIL_CONCURRENCY);
      expect(w.output()).toMatch(/Redis has no record of earlier jobs/);

      w.child.kill('SIGTERM');
      expect(await w.exited).toBe(0);
    } finally {
      await redis.kill();
    }
  }, 90_000);
});
