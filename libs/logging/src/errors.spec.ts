import { describeError } from './errors';

/** A pg DatabaseError as the driver raises it, and TypeORM's QueryFailedError around it. */
function pgError(code: string, message: string, extra: Record<string, unknown> = {}): Error & Record<string, unknown> {
  return Object.assign(new Error(message), { name: 'error', severity: 'ERROR', code, ...extra }) as unknown as Error & Record<string, unknown>;
}
function queryFailed(driver: Error & Record<string, unknown>, query: string, parameters: unknown[]) {
  class QueryFailedError extends Error {}
  return Object.assign(new QueryFailedError(driver.message), { query, parameters, driverError: driver, code: driver.code, detail: driver.detail });
}

describe('describeError', () => {
  const secret = ['priya@example.org', 'Priya Shah', '$argon2id$v=19$m=19456,t=2,p=1$abc'];
  const violation = pgError('23514', 'new row for relation "user_account" violates check constraint "x"', {
    detail: `Failing row contains (1, ${secret.join(', ')}).`,
    table: 'user_account',
    constraint: 'x',
  });

  it('keeps a database error parameters, detail and quoted values out', () => {
    const described = describeError(queryFailed(violation, 'INSERT INTO user_account (email, full_name, password_hash) VALUES ($1, $2, $3)', secret));
    const text = JSON.stringify(described);
    for (const value of secret) expect(text).not.toContain(value);
    expect(described).toMatchObject({ type: 'QueryFailedError', sqlState: '23514', table: 'user_account', constraint: 'x', statement: expect.stringContaining('VALUES ($1, $2, $3)') });
  });

  it('says only the SQLSTATE for a data exception, whose message quotes the value', () => {
    const bad = pgError('22P02', 'invalid input syntax for type uuid: "priya@example.org"');
    const text = JSON.stringify(describeError(bad));
    expect(text).not.toContain('priya@example.org');
    expect(text).toContain('22P02');
  });

  it('keeps the message of other database errors, which name no values', () => {
    const gone = pgError('57P01', 'terminating connection due to administrator command');
    expect(describeError(gone)).toMatchObject({ sqlState: '57P01', message: 'terminating connection due to administrator command' });
  });

  it('reads pino’s serialised form of an error the same way', () => {
    const serialised = { type: 'QueryFailedError', message: violation.message, stack: violation.stack, query: 'INSERT ...', parameters: secret, driverError: { ...violation, code: '23514' }, detail: violation.detail };
    const text = JSON.stringify(describeError(serialised));
    for (const value of secret) expect(text).not.toContain(value);
    expect(describeError(serialised)).toMatchObject({ type: 'QueryFailedError', sqlState: '23514' });
  });

  it('keeps an ordinary error as it is, with its cause', () => {
    const err = new Error('outer', { cause: new TypeError('inner') });
    expect(describeError(err)).toMatchObject({ type: 'Error', message: 'outer', cause: { type: 'TypeError', message: 'inner' } });
  });
});
