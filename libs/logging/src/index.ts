export { describeError } from './errors';
export { LoggingModule } from './logging.module';
export { REDACT_PATHS, redactUrlQuery } from './redaction';
