/**
 * What of an error may be written to the log. A database error carries the
 * statement's parameters (TypeORM's `parameters`, the driver's `detail`:
 * "Failing row contains (...)", "Key (email)=(...)") and redaction by field
 * name never reaches inside them, so errors are logged from an allow-list:
 * the kind, the message, the stack, and for a database error its SQLSTATE,
 * the statement's text (placeholders, never values), table, column and
 * constraint. Data exceptions (class 22) and integrity violations (class 23)
 * quote the offending value in their message, so for those the message and
 * the stack's first line say only the SQLSTATE.
 */
export function describeError(err: unknown, depth = 0): Record<string, unknown> {
  if (!isErrorLike(err)) return { type: typeof err, message: typeof err === 'string' ? err : '[a thrown value that is not an Error]' };
  const db = databaseFields(err);
  // pino-http hands a custom serializer what pino's own error serializer made: a plain object with `type`.
  const type = err instanceof Error ? (err.constructor?.name ?? 'Error') : typeof (err as { type?: unknown }).type === 'string' ? (err as unknown as { type: string }).type : 'Error';
  const out: Record<string, unknown> = { type };
  if (db) {
    const quotesValues = /^2[23]/.test(db.code);
    const message = quotesValues ? `database refused the statement (SQLSTATE ${db.code})` : err.message;
    out.message = message;
    out.sqlState = db.code;
    for (const field of ['table', 'column', 'constraint', 'routine'] as const) if (db[field]) out[field] = db[field];
    if (db.query) out.statement = db.query.length > 2000 ? `${db.query.slice(0, 2000)}...` : db.query;
    out.stack = quotesValues ? withoutFirstLine(err.stack, `${type}: ${message}`) : err.stack;
  } else {
    out.message = err.message;
    out.stack = err.stack;
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') out.code = code;
    const statusCode = (err as { statusCode?: unknown }).statusCode;
    if (typeof statusCode === 'number') out.statusCode = statusCode;
  }
  const cause = (err as { cause?: unknown }).cause;
  if (cause !== undefined && depth < 3) out.cause = describeError(cause, depth + 1);
  return out;
}

/** An Error, or pino's serialised form of one ({type, message, stack, ...}). */
function isErrorLike(err: unknown): err is Error {
  return err instanceof Error || (typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string' && 'stack' in err);
}

interface DatabaseFields {
  code: string;
  query?: string;
  table?: string;
  column?: string;
  constraint?: string;
  routine?: string;
}

/** The SQLSTATE and where it happened, from a pg DatabaseError or TypeORM's QueryFailedError around one. */
function databaseFields(err: Error): DatabaseFields | null {
  const e = err as { code?: unknown; query?: unknown; driverError?: Record<string, unknown>; severity?: unknown };
  const driver = (e.driverError ?? (e.severity !== undefined ? (err as unknown as Record<string, unknown>) : undefined)) as Record<string, unknown> | undefined;
  const code = typeof driver?.code === 'string' ? driver.code : typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.query === 'string' ? e.code : undefined;
  if (!code || !/^[0-9A-Z]{5}$/.test(code)) return null;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    code,
    query: text(e.query),
    table: text(driver?.table),
    column: text(driver?.column),
    constraint: text(driver?.constraint),
    routine: text(driver?.routine),
  };
}

function withoutFirstLine(stack: string | undefined, first: string): string | undefined {
  if (!stack) return undefined;
  const lines = stack.split('\n');
  const at = lines.findIndex((l) => /^\s+at /.test(l));
  return [first, ...(at >= 0 ? lines.slice(at) : [])].join('\n');
}
