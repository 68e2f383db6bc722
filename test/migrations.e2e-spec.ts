import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createDatabase, dataSourceOptions, dropDatabase, pendingMigrations, runMigrations } from '@app/database';
import { migrations } from '../migrations';
import { testConfig } from './support/app';
import { databaseUrl, uniqueName } from './support/test-env';

const tables = async (ds: DataSource) =>
  (await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).map(
    (r: { table_name: string }) => r.table_name,
  );

describe('migrations', () => {
  const name = uniqueName('pmdp_migrations');
  let ds: DataSource;

  beforeAll(async () => {
    const config = testConfig((c) => ({ database: { ...c.database, url: databaseUrl(name) } }));
    await createDatabase(config.database.url);
    ds = await new DataSource(dataSourceOptions(config)).initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await dropDatabase(databaseUrl(name));
  });

  it('lists every migration file in migrations/index.ts, oldest first', () => {
    const files = readdirSync(join(__dirname, '../migrations'))
      .filter((f) => /^\d{13}-[A-Za-z0-9]+\.ts$/.test(f))
      .sort();
    const listed = migrations.map((m) => {
      const [, ts] = /(\d{13})$/.exec(m.name)!;
      return `${ts}-${m.name.replace(/\d{13}$/, '')}.ts`;
    });
    expect(listed).toEqual(files);
  });

  it('go up, all the way down, and up again', async () => {
    expect(await runMigrations(ds)).toHaveLength(migrations.length);
    expect(await pendingMigrations(ds)).toEqual([]);
    const schema = await tables(ds);
    expect(schema).toContain('seed_run');

    for (let i = 0; i < migrations.length; i++) await ds.undoLastMigration();
    expect(await pendingMigrations(ds)).toHaveLength(migrations.length);
    expect(await tables(ds)).toEqual(['migrations']);

    expect(await runMigrations(ds)).toHaveLength(migrations.length);
    expect(await tables(ds)).toEqual(schema);
  });

  it('run once when several processes start together', async () => {
    const config = testConfig((c) => ({ database: { ...c.database, url: databaseUrl(name) } }));
    for (let i = 0; i < migrations.length; i++) await ds.undoLastMigration();
    const others = await Promise.all([1, 2, 3].map(() => new DataSource(dataSourceOptions(config)).initialize()));
    const applied = await Promise.all(others.map((o) => runMigrations(o)));
    await Promise.all(others.map((o) => o.destroy()));
    expect(applied.flat()).toHaveLength(migrations.length);
    expect(await pendingMigrations(ds)).toEqual([]);
  });
});
