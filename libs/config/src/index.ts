export { AppConfig } from './app-config';
export { Clock, SystemClock, TestClock } from './clock';
export { ConfigModule } from './config.module';
export { ConfigError, DependencyUnavailableError, loadConfig, loadProgrammeFacts, loadWorkforce, projectRoot, redactUrl } from './load-config';
export type { ProgrammeFacts } from './programme.schema';
export { closeOnSignal, runMain } from './run-main';
export type { Closeable } from './run-main';
export { isOutsideEngland, places } from './workforce.schema';
export type { Place, WorkforceFramework } from './workforce.schema';
