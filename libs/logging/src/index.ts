export { describeError } from './errors';
export { QuietBootLogger } from './boot-logger';
export { LoggingModule } from './logging.module';
export { REDACT_PATHS, redactUrlQuery } from './redaction';
