import { DataSource } from 'typeorm';
import type { AppConfig } from '@app/config';
import { dataSourceOptions } from './data-source-options';
import { runMigrations } from './migrate';
import { ensureDatabase } from './preflight';

/**
 * Before anything serves: PostgreSQL is reachable (else one line saying so),
 * the database exists (created in development), and every migration has run.
 */
export async function prepareDatabase(config: AppConfig): Promise<{ created: boolean; applied: string[] }> {
  const { created } = await ensureDatabase(config.database.url, config.database.createIfMissing);
  const dataSource = new DataSource(dataSourceOptions(config, { extra: { max: 2 } }));
  await dataSource.initialize();
  try {
    const applied = await runMigrations(dataSource);
    return { created, applied };
  } finally {
    await dataSource.destroy();
  }
}
