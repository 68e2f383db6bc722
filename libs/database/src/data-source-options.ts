import type { AppConfig } from '@app/config';
import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../../migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export const MIGRATIONS_TABLE = 'migrations';

/**
 * The one description of how the system talks to PostgreSQL, shared by the
 * Nest module, the CLI and the tests. The schema comes from migrations only:
 * `synchronize` is false everywhere.
 */
export function dataSourceOptions(config: AppConfig, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.database.url,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    applicationName: `pmdp-${config.nodeEnv}`,
    extra: {
      max: config.database.poolSize,
      // Waiting for a connection (a busy pool, or a server not answering): past this the request is a 503.
      connectionTimeoutMillis: config.database.poolWaitMs,
      // A request that waits this long on one statement is broken; fail it rather than hold a connection.
      statement_timeout: 30_000,
    },
    ...extra,
  } as DataSourceOptions;
}
