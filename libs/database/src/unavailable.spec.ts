import { isDatabaseUnavailable } from './unavailable';

describe('isDatabaseUnavailable', () => {
  const pg = (code: string, message = 'x') => Object.assign(new Error(message), { code });

  it.each([
    ['a pool that waited too long for a connection', new Error('timeout exceeded when trying to connect')],
    ['a connection lost mid-statement', new Error('Connection terminated unexpectedly')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['the server shutting down', pg('57P01')],
    ['the server starting up', pg('57P03')],
    ['no connection slots', pg('53300')],
    ['a statement timeout', pg('57014')],
    ['a connection exception', pg('08006')],
    ['TypeORM wrapping one', Object.assign(new Error('q'), { driverError: pg('57P01') })],
  ])('%s is unavailability', (_, err) => expect(isDatabaseUnavailable(err)).toBe(true));

  it.each([
    ['a unique violation', pg('23505')],
    ['a syntax error', pg('42601')],
    ['a programming error', new TypeError('cannot read x of undefined')],
    ['nothing', undefined],
  ])('%s is not', (_, err) => expect(isDatabaseUnavailable(err)).toBe(false));
});
