/**
 * Whether an error means the database could not be had, rather than that a
 * statement was wrong: it is down or restarting, refused the connection,
 * has no connection slots, or this process waited too long for one of its
 * pool's connections (or for a statement) because it is busy. The API
 * answers these with 503 and Retry-After: they pass, and the caller should
 * try again, where a 500 says something is broken.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && UNAVAILABLE_SQLSTATES.has(code)) return true;
  if (code && /^08/.test(code)) return true; // connection exceptions
  if (code && NETWORK_CODES.has(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (POOL_MESSAGES.some((pattern) => pattern.test(message))) return true;
  return isDatabaseUnavailable(e.driverError) || (e.cause !== err && isDatabaseUnavailable(e.cause));
}

/** admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections, query_canceled (statement timeout), lock timeout. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014', '55P03']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);
/** What pg and pg-pool say when a connection cannot be had or is lost (they set no code). */
const POOL_MESSAGES = [/timeout exceeded when trying to connect/i, /Connection terminated/i, /Client has encountered a connection error/i, /connection timeout/i];
