import { Queue, QueueEvents } from 'bullmq';
import { JOB, QUEUE } from '@app/queue';
import { freePort, run, type Running } from './support/processes';

const API = 'apps/api/src/main.js';
const WORKER = 'apps/worker/src/main.js';

function queue() {
  const connection = { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' };
  const prefix = process.env.QUEUE_PREFIX!;
  return { queue: new Queue(QUEUE.system, { connection, prefix }), events: new QueueEvents(QUEUE.system, { connection, prefix }) };
}

describe('start-up stops with one line when something is wrong', () => {
  it('names a bad variable', async () => {
    const p = run(API, { PORT: 'eighty' });
    expect(await p.exited).toBe(1);
    expect(p.stderr()).toBe('Configuration error: PORT must be a whole number from 1 to 65535 (got "eighty")\n');
  });

  it('names the PostgreSQL URL it tried and how to start it', async () => {
    const port = await freePort();
    const p = run(API, { DATABASE_URL: `postgres://postgres:hunter2@127.0.0.1:${port}/pmdp` });
    expect(await p.exited).toBe(1);
    const lines = p.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Cannot reach PostgreSQL at postgres://postgres:***@127.0.0.1:${port}/pmdp (ECONNREFUSED)`);
    expect(lines[0]).toContain('pg_ctlcluster');
    expect(lines[0]).not.toContain('hunter2');
  });

  it('names the Redis URL it tried and how to start it', async () => {
    const port = await freePort();
    const p = run(API, { REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(await p.exited).toBe(1);
    const lines = p.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Cannot reach Redis at redis://127.0.0.1:${port}`);
    expect(lines[0]).toContain('redis-server');
  });
});

describe('the whole system in one process', () => {
  let p: Running;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    p = run(API, { PORT: String(port), LOG_LEVEL: 'info' });
    await p.waitForOutput(/is up at/, 60_000);
  });
  afterAll(async () => {
    if (p.child.exitCode === null) p.child.kill('SIGKILL');
  });

  it('is ready, logs with the request id and without secrets, runs jobs, and shuts down cleanly', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(res.status).toBe(200);

    const secret = 'Bearer s3cr3t-token-value';
    await fetch(`http://127.0.0.1:${port}/api/v1/nothing-here?token=abc123`, {
      headers: { 'x-request-id': 'trace-abcdef123', authorization: secret },
    });
    await p.waitForOutput(/trace-abcdef123/);
    const line = p.output().split('\n').find((l) => l.includes('trace-abcdef123'))!;
    expect(JSON.parse(line)).toMatchObject({ req: { id: 'trace-abcdef123' }, res: { statusCode: 404 } });
    expect(p.output()).not.toContain('s3cr3t');
    expect(p.output()).not.toContain('abc123');

    // A sign-in attempt: neither the password nor the email reaches the logs.
    await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-signin-0001' },
      body: JSON.stringify({ email: 'leaky.person@example.org', password: 'leaky password value 123' }),
    });
    await p.waitForOutput(/trace-signin-0001/);
    expect(p.output()).not.toContain('leaky password value 123');
    expect(p.output()).not.toContain('leaky.person@example.org');

    // The worker in the same process consumes jobs.
    const { queue: q, events } = queue();
    await events.waitUntilReady();
    const job = await q.add(JOB.systemProbe, { requestedAt: new Date().toISOString() });
    const result = await job.waitUntilFinished(events, 10_000);
    expect(result.handledBy).toContain(String(p.child.pid));
    await events.close();
    await q.close();

    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.output()).toContain('Shut down cleanly');
  });
});

describe('a worker process', () => {
  it('finishes the job in flight on SIGTERM before it exits', async () => {
    const w = run(WORKER, { LOG_LEVEL: 'info' });
    await w.waitForOutput(/Worker consuming jobs/);
    const { queue: q, events } = queue();
    await events.waitUntilReady();
    const job = await q.add(JOB.systemProbe, { requestedAt: new Date().toISOString(), holdMs: 1500 });
    await w.waitForOutput(/Probe started/);

    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
    expect(await q.getJobState(job.id!)).toBe('completed');
    const finished = await q.getJob(job.id!);
    expect(finished?.returnvalue.handledBy).toContain(String(w.child.pid));
    await events.close();
    await q.close();
  });
});

describe('the CLI', () => {
  it('creates the first admin, who can then sign in', async () => {
    const email = `first.admin.${Date.now()}@example.org`;
    const p = run('apps/cli/src/main.js', {}, ['create-user', '--role', 'admin', '--email', email, '--password', 'the first admin passphrase', '--full-name', 'First Admin']);
    expect(await p.exited).toBe(0);
    expect(p.output()).toMatch(new RegExp(`Created admin ${email.replace(/\./g, '\\.')} \\(id [0-9a-f-]{36}\\)`));

    const weak = run('apps/cli/src/main.js', {}, ['create-user', '--role', 'admin', '--email', `weak.${email}`, '--password', 'short']);
    expect(await weak.exited).toBe(1);
    expect(weak.stderr()).toContain('password must be at least 12 characters');

    const missing = run('apps/cli/src/main.js', {}, ['create-user', '--role', 'provider', '--email', `p.${email}`, '--password', 'provider passphrase long']);
    expect(await missing.exited).toBe(1);
    expect(missing.stderr()).toContain('--provider-id');
  });
});
