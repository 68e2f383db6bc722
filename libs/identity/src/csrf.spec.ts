import { AppConfig } from '@app/config';
import { CsrfTokens, csrfTokenOf, sessionCookieOf } from './csrf';

describe('CSRF tokens', () => {
  const tokens = new CsrfTokens({ sessionSecret: 's'.repeat(40) } as AppConfig);
  const session = '6f1c2d2e-8a55-4c1e-9f7a-2a0f3b9f0c11';

  it('are the same for a session, different for another session or secret', () => {
    expect(tokens.tokenFor(session)).toBe(tokens.tokenFor(session));
    expect(tokens.tokenFor(session)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.tokenFor(session)).not.toBe(tokens.tokenFor('7f1c2d2e-8a55-4c1e-9f7a-2a0f3b9f0c11'));
    expect(new CsrfTokens({ sessionSecret: 't'.repeat(40) } as AppConfig).tokenFor(session)).not.toBe(tokens.tokenFor(session));
  });

  it('match only the session’s own token', () => {
    const token = tokens.tokenFor(session);
    expect(tokens.matches(session, token)).toBe(true);
    for (const wrong of [undefined, '', token.slice(1), `${token}x`, token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), 42, { value: token }]) {
      expect(tokens.matches(session, wrong)).toBe(false);
    }
  });

  it('are read from the form field, a multipart field or the header', () => {
    expect(csrfTokenOf({ body: { _csrf: 'a' }, headers: {} })).toBe('a');
    expect(csrfTokenOf({ body: { _csrf: { value: 'b' } }, headers: {} })).toBe('b');
    expect(csrfTokenOf({ body: undefined, headers: { 'x-csrf-token': 'c' } })).toBe('c');
    expect(csrfTokenOf({ body: 'text/csv body', headers: {} })).toBeUndefined();
  });
});

describe('the session cookie', () => {
  it('is found among other cookies, and only by its exact name', () => {
    expect(sessionCookieOf('a=1; pmdp_session=tok_en; b=2')).toBe('tok_en');
    expect(sessionCookieOf('pmdp_session=abc')).toBe('abc');
    expect(sessionCookieOf('xpmdp_session=abc; pmdp_session_old=def')).toBeUndefined();
    expect(sessionCookieOf('pmdp_session=')).toBeUndefined();
    expect(sessionCookieOf(undefined)).toBeUndefined();
  });
});
