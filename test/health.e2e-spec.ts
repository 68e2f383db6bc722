import { json } from './support/http';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations, createDatabase, dropDatabase } from '@app/database';
import { migrations } from '../migrations';
import { startTestApp, testConfig, type TestApp } from './support/app';
import { TcpProxy } from './support/tcp-proxy';
import { databaseUrl, uniqueName } from './support/test-env';

async function ready(t: TestApp) {
  const res = await fetch(`${t.url}/health/ready`);
  return { status: res.status, type: res.headers.get('content-type'), body: await json(res) };
}

describe('readiness reports each dependency', () => {
  let pgProxy: TcpProxy;
  let redisProxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    const base = testConfig();
    pgProxy = await new TcpProxy('127.0.0.1', Number(new URL(base.database.url).port || 5432)).start();
    redisProxy = await new TcpProxy('127.0.0.1', Number(new URL(base.redis.url).port || 6379)).start();
    t = await startTestApp({
      config: testConfig((c) => ({
        database: { ...c.database, url: pgProxy.via(c.database.url), poolSize: 2 },
        redis: { ...c.redis, url: redisProxy.via(c.redis.url) },
      })),
    });
  });
  afterAll(async () => {
    await t.close();
    await pgProxy.stop();
    await redisProxy.stop();
  });

  it('is ready when PostgreSQL, Redis and migrations are up', async () => {
    const r = await ready(t);
    expect(r.status).toBe(200);
    expect(r.body.details).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' }, migrations: { status: 'up' } });
  });

  it('is not ready while PostgreSQL is down, and ready again after', async () => {
    pgProxy.down();
    const r = await ready(t);
    expect(r.status).toBe(503);
    expect(r.type).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ type: '/problems/not-ready', status: 503 });
    expect(r.body.checks.postgres.status).toBe('down');
    expect(r.body.checks.redis).toBeUndefined();
    // Liveness does not depend on anything: the process is fine.
    expect((await fetch(`${t.url}/health/live`)).status).toBe(200);
    pgProxy.restore();
    await waitFor(async () => (await ready(t)).status === 200);
  });

  it('stays ready while Redis is down, reporting it, and reports it up again after (issue 13)', async () => {
    redisProxy.down();
    const r = await ready(t);
    expect(r.status).toBe(200);
    expect(r.body.details).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'down' } });
    redisProxy.restore();
    await waitFor(async () => (await ready(t)).body.details?.redis?.status === 'up');
  });
});

describe('readiness reports migrations not yet run', () => {
  const name = uniqueName('pmdp_behind');
  let t: TestApp;

  beforeAll(async () => {
    const config = testConfig((c) => ({ database: { ...c.database, url: databaseUrl(name) } }));
    await createDatabase(config.database.url);
    const ds = await new DataSource(dataSourceOptions(config)).initialize();
    await runMigrations(ds);
    await ds.undoLastMigration();
    await ds.destroy();
    t = await startTestApp({ config });
  });
  afterAll(async () => {
    await t.close();
    await dropDatabase(databaseUrl(name));
  });

  it('names the pending migration', async () => {
    const r = await ready(t);
    expect(r.status).toBe(503);
    expect(r.body.checks.migrations).toMatchObject({ status: 'down', pending: [migrations[migrations.length - 1].name] });
  });
});

async function waitFor(ok: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not met in time');
}
