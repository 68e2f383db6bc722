export { DatabaseModule } from './database.module';
export { dataSourceOptions, MIGRATIONS_TABLE } from './data-source-options';
export { pendingMigrations, pendingMigrationsVia, runMigrations } from './migrate';
export {
  createDatabase,
  dropDatabase,
  ensureDatabase,
  START_POSTGRES_HINT,
} from './preflight';
export { SnakeNamingStrategy } from './snake-naming.strategy';
export { prepareDatabase } from './prepare';
export { rowsOf } from './rows';
export { isDatabaseUnavailable } from './unavailable';
