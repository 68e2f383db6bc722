/**
 * The attacks a hostile probe found (issue 12), each reproduced as it was
 * made and shown to fail now. Requests come from addresses of their own
 * (X-Forwarded-For, with TRUST_PROXY on) so the limits per address are
 * exercised without touching the rest of the run.
 */
import { generate } from 'otplib';
import { randomBytes, randomUUID } from 'node:crypto';
import { reserve, pot } from './factories/budget.factory';
import { PASSWORD, World } from './support/world';

let address = 0;
/** A documentation address (RFC 5737) no other test uses. */
const newAddress = () => `198.51.100.${++address}`;
const nextStepCode = (secret: string) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });

describe('security (issue 12)', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.start({ config: (c) => ({ http: { ...c.http, trustProxy: true }, redis: { ...c.redis, queuePrefix: `${c.redis.queuePrefix}-security` } }) });
  });
  afterAll(() => w.stop());

  const login = (body: Record<string, unknown>, ip: string) => w.call('POST', '/auth/login', { body, headers: { 'x-forwarded-for': ip } });
  const failures = async (userId: string, reason?: string) => {
    const [{ n }] = await w.db.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'auth.sign_in_failed' AND target_id = $1 AND ($2::text IS NULL OR after->>'reason' = $2)`,
      [userId, reason ?? null],
    );
    return n as number;
  };

  /** A provider user with two-factor on; returns the secret and a bearer token. */
  async function enrolled() {
    const user = await w.user('provider');
    const ip = newAddress();
    const token = (await login({ email: user.email, password: PASSWORD }, ip)).body.accessToken;
    const setup = await w.call('POST', '/me/mfa/setup', { token, body: { currentPassword: PASSWORD } });
    expect(setup.status).toBe(200);
    expect((await w.call('POST', '/me/mfa/confirm', { token, body: { otp: await generate({ secret: setup.body.secret }) } })).status).toBe(204);
    return { ...user, secret: setup.body.secret as string, recoveryCodes: setup.body.recoveryCodes as string[], token, ip };
  }

  describe('1. the lockout holds against guesses sent at once', () => {
    it('50 concurrent wrong passwords then the right one: at most 5 passwords checked and no token', async () => {
      const user = await w.user('applicant');
      const ip = newAddress();
      const wrong = await Promise.all(Array.from({ length: 50 }, (_, i) => login({ email: user.email, password: `wrong guess number ${i}` }, ip)));
      const right = await login({ email: user.email, password: PASSWORD }, ip);
      const statuses = wrong.map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).toBe(5);
      expect(statuses.filter((s) => s === 429).length).toBe(45);
      expect(right.status).toBe(429);
      expect(right.body.accessToken).toBeUndefined();
      expect(await failures(user.id)).toBe(5);
    });

    it('14 concurrent wrong and the right one 30 ms later: no token', async () => {
      const user = await w.user('applicant');
      const ip = newAddress();
      const wrong = Promise.all(Array.from({ length: 14 }, (_, i) => login({ email: user.email, password: `wrong guess number ${i}` }, ip)));
      await new Promise((r) => setTimeout(r, 30));
      const right = await login({ email: user.email, password: PASSWORD }, ip);
      await wrong;
      expect(right.status).toBe(429);
      expect(await failures(user.id)).toBeLessThanOrEqual(5);
    });

    it('one address guessing across many accounts at once has at most 50 passwords checked', async () => {
      const ip = newAddress();
      const emails = Array.from({ length: 70 }, () => `nobody.${randomBytes(5).toString('hex')}@example.org`);
      const res = await Promise.all(emails.map((email) => login({ email, password: 'a wrong guess at it' }, ip)));
      expect(res.filter((r) => r.status === 401).length).toBe(50);
      expect(res.filter((r) => r.status === 429).length).toBe(20);
      const [{ n }] = await w.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'auth.sign_in_failed' AND ip = $1`, [ip]);
      expect(n).toBe(50);
    });

    it('wrong one-time codes sent at once are limited the same way', async () => {
      const user = await enrolled();
      const ip = newAddress();
      const res = await Promise.all(Array.from({ length: 20 }, (_, i) => login({ email: user.email, password: PASSWORD, otp: String(100000 + i) }, ip)));
      expect(res.filter((r) => r.status === 401).length).toBeLessThanOrEqual(5);
      expect(await failures(user.id, 'wrong_or_used_otp')).toBeLessThanOrEqual(5);
      const right = await login({ email: user.email, password: PASSWORD, otp: await generate({ secret: user.secret }) }, ip);
      expect(right.status).toBe(429);
    });

    it('a right sign-in clears the account count, and gives its point back to the address', async () => {
      const user = await w.user('applicant');
      const ip = newAddress();
      for (let i = 0; i < 4; i++) expect((await login({ email: user.email, password: `wrong ${i} password` }, ip)).status).toBe(401);
      expect((await login({ email: user.email, password: PASSWORD }, ip)).status).toBe(200);
      for (let i = 0; i < 4; i++) expect((await login({ email: user.email, password: `wrong ${i} password` }, ip)).status).toBe(401);
      expect((await login({ email: user.email, password: PASSWORD }, ip)).status).toBe(200);
    });
  });

  describe('2. a session alone cannot remove or replace two-factor', () => {
    it('setting it up again or removing it needs the current password and a current code', async () => {
      const user = await enrolled();
      const [{ before }] = await w.db.query(`SELECT mfa_secret_sealed AS before FROM user_account WHERE id = $1`, [user.id]);

      const bare = await w.call('POST', '/me/mfa/setup', { token: user.token });
      expect([bare.status, bare.body.code]).toEqual([400, 'reauthentication_required']);
      expect(bare.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['currentPassword', 'otp']);
      const noCode = await w.call('POST', '/me/mfa/setup', { token: user.token, body: { currentPassword: PASSWORD } });
      expect(noCode.status).toBe(400);
      const wrongPassword = await w.call('POST', '/me/mfa/setup', { token: user.token, body: { currentPassword: 'not my password at all', otp: await generate({ secret: user.secret }) } });
      expect(wrongPassword.status).toBe(401);
      const wrongCode = await w.call('POST', '/me/mfa/remove', { token: user.token, body: { currentPassword: PASSWORD, otp: '000000' } });
      expect([wrongCode.status, wrongCode.body.code]).toEqual([400, 'mfa_invalid']);
      expect((await w.call('POST', '/me/mfa/remove', { token: user.token })).status).toBe(400);

      const [{ after, enabled }] = await w.db.query(`SELECT mfa_secret_sealed AS after, mfa_enabled_at IS NOT NULL AS enabled FROM user_account WHERE id = $1`, [user.id]);
      expect([after, enabled]).toEqual([before, true]);
      const withoutCode = await login({ email: user.email, password: PASSWORD }, newAddress());
      expect(withoutCode.body.code).toBe('mfa_required');
    });

    it('a first set-up needs the password too, so a stolen session cannot put its own phone on the account', async () => {
      const user = await w.signedIn('provider');
      const bare = await w.call('POST', '/me/mfa/setup', { token: user.token });
      expect([bare.status, bare.body.code, bare.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, 'reauthentication_required', ['currentPassword']]);
      expect((await w.call('POST', '/me/mfa/setup', { token: user.token, body: { currentPassword: 'not my password at all' } })).status).toBe(401);
    });

    it('a set-up belongs to the session that began it: another session can neither read its secret back nor confirm it', async () => {
      const user = await enrolled();
      const thief = (await login({ email: user.email, password: PASSWORD, otp: await generate({ secret: user.secret }) }, newAddress())).body.accessToken;
      const begun = await w.call('POST', '/me/mfa/setup', { token: user.token, body: { currentPassword: PASSWORD, otp: await nextStepCode(user.secret) } });
      expect(begun.status).toBe(200);
      const stolen = await w.call('POST', '/me/mfa/confirm', { token: thief, body: { otp: await generate({ secret: begun.body.secret }) } });
      expect([stolen.status, stolen.body.code]).toEqual([400, 'mfa_invalid']);
      // The session that began it still confirms.
      expect((await w.call('POST', '/me/mfa/confirm', { token: user.token, body: { otp: await generate({ secret: begun.body.secret }) } })).status).toBe(204);
      expect((await w.call('GET', '/me', { token: thief })).status).toBe(401);
    });

    it('a set-up begun but not confirmed changes nothing about signing in', async () => {
      const user = await enrolled();
      const begun = await w.call('POST', '/me/mfa/setup', { token: user.token, body: { currentPassword: PASSWORD, otp: await generate({ secret: user.secret }) } });
      expect(begun.status).toBe(200);
      const ip = newAddress();
      expect((await login({ email: user.email, password: PASSWORD }, ip)).body.code).toBe('mfa_required');
      expect((await login({ email: user.email, password: PASSWORD, otp: await nextStepCode(user.secret) }, ip)).status).toBe(200);
    });

    it('replacing it with the password and a code: takes effect on confirmation, ends other sessions, is audited and emailed', async () => {
      const user = await enrolled();
      const other = (await login({ email: user.email, password: PASSWORD, otp: await generate({ secret: user.secret }) }, newAddress())).body.accessToken;
      const begun = await w.call('POST', '/me/mfa/setup', { token: user.token, body: { currentPassword: PASSWORD, otp: await nextStepCode(user.secret) } });
      expect(begun.status).toBe(200);
      expect(begun.body.recoveryCodes).toHaveLength(10);
      expect((await w.call('GET', '/me', { token: other })).status).toBe(200);
      expect((await w.call('POST', '/me/mfa/confirm', { token: user.token, body: { otp: await generate({ secret: begun.body.secret }) } })).status).toBe(204);

      expect((await w.call('GET', '/me', { token: other })).status).toBe(401);
      expect((await w.call('GET', '/me', { token: user.token })).status).toBe(200);
      const ip = newAddress();
      expect((await login({ email: user.email, password: PASSWORD, otp: await generate({ secret: user.secret }) }, ip)).status).toBe(401);
      expect((await login({ email: user.email, password: PASSWORD, otp: await nextStepCode(begun.body.secret) }, ip)).status).toBe(200);
      const [{ n }] = await w.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'auth.mfa_replaced' AND target_id = $1`, [user.id]);
      expect(n).toBe(1);
      await w.smtp.waitFor(user.email, /moved to a new device/);
    });

    it('removing it with the password and a recovery code: other sessions end, it is audited and emailed', async () => {
      const user = await enrolled();
      const other = (await login({ email: user.email, password: PASSWORD, otp: await generate({ secret: user.secret }) }, newAddress())).body.accessToken;
      const removed = await w.call('POST', '/me/mfa/remove', { token: user.token, body: { currentPassword: PASSWORD, recoveryCode: user.recoveryCodes[0].toUpperCase() } });
      expect(removed.status).toBe(204);
      expect((await w.call('GET', '/me', { token: other })).status).toBe(401);
      expect((await w.call('GET', '/me', { token: user.token })).body.mfaEnabled).toBe(false);
      expect((await login({ email: user.email, password: PASSWORD }, newAddress())).status).toBe(200);
      const [{ n }] = await w.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'auth.mfa_removed' AND target_id = $1`, [user.id]);
      expect(n).toBe(1);
      await w.smtp.waitFor(user.email, /switched off/);
    });

    it('a recovery code signs in once, in place of a code', async () => {
      const user = await enrolled();
      const ip = newAddress();
      expect((await login({ email: user.email, password: PASSWORD, recoveryCode: user.recoveryCodes[3] }, ip)).status).toBe(200);
      expect((await login({ email: user.email, password: PASSWORD, recoveryCode: user.recoveryCodes[3] }, ip)).status).toBe(401);
    });
  });

  describe('3. a one-time code works once', () => {
    it('the second sign-in with the same code is refused, and of three at once only one gets through', async () => {
      const user = await enrolled();
      const ip = newAddress();
      const code = await nextStepCode(user.secret);
      expect((await login({ email: user.email, password: PASSWORD, otp: code }, ip)).status).toBe(200);
      expect((await login({ email: user.email, password: PASSWORD, otp: code }, ip)).status).toBe(401);

      const other = await enrolled();
      const same = await nextStepCode(other.secret);
      const three = await Promise.all([1, 2, 3].map(() => login({ email: other.email, password: PASSWORD, otp: same }, newAddress())));
      expect(three.map((r) => r.status).sort()).toEqual([200, 401, 401]);
    });
  });

  describe('5. wrong current passwords on a password change', () => {
    it('are audited and limited, and the session ends at the limit', async () => {
      const user = await w.user('applicant');
      const token = (await login({ email: user.email, password: PASSWORD }, newAddress())).body.accessToken;
      const res = await Promise.all(Array.from({ length: 48 }, (_, i) => w.call('POST', '/me/password', { token, body: { currentPassword: `wrong current ${i}`, newPassword: 'a brand new passphrase 2026' } })));
      const statuses = res.map((r) => r.status);
      expect(res.filter((r) => r.body.code === 'invalid_credentials').length).toBe(5);
      const [{ n }] = await w.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'auth.reauthentication_failed' AND target_id = $1`, [user.id]);
      expect(n).toBe(5);
      expect(statuses.filter((s) => s === 429).length + statuses.filter((s) => s === 401).length).toBe(48);
      expect((await w.call('GET', '/me', { token })).status).toBe(401);

      // A new session is still held to the same count until the window passes.
      const again = (await login({ email: user.email, password: PASSWORD }, newAddress())).body.accessToken;
      const refused = await w.call('POST', '/me/password', { token: again, body: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase 2026' } });
      expect(refused.status).toBe(429);
    });
  });

  describe('7. API responses are not cached', () => {
    it('sign-in and authenticated responses carry Cache-Control: no-store', async () => {
      const user = await w.user('applicant');
      const signedIn = await login({ email: user.email, password: PASSWORD }, newAddress());
      expect(signedIn.headers.get('cache-control')).toBe('no-store');
      expect((await w.call('GET', '/me', { token: signedIn.body.accessToken })).headers.get('cache-control')).toBe('no-store');
      expect((await w.call('GET', '/me')).headers.get('cache-control')).toBe('no-store');
    });
  });

  describe('8. the smaller findings', () => {
    it('a text/plain body to the CSV route meets the 5 MB limit too', async () => {
      const provider = await w.signedIn('provider');
      const res = await fetch(w.url('/provider/reports/csv'), {
        method: 'POST',
        headers: { authorization: `Bearer ${provider.token}`, 'content-type': 'text/plain', 'idempotency-key': 'big-text-plain' },
        body: 'a'.repeat(5.5 * 1024 * 1024),
      });
      expect(res.status).toBe(413);
    });

    it('a provider API key keeps working after its creator is disabled, and the list names the creator', async () => {
      const admin = await w.signedIn('admin');
      const creator = await w.signedIn('provider');
      const made = await w.call('POST', '/provider/api-keys', { token: creator.token, body: { name: 'Records system' } });
      expect(made.status).toBe(201);
      expect(made.body.createdBy).toMatchObject({ id: creator.id, disabled: false });
      expect((await w.call('POST', `/admin/users/${creator.id}/disable`, { token: admin.token })).status).toBeLessThan(300);
      expect((await w.call('GET', '/provider/learners', { token: made.body.key })).status).toBe(200);
      const list = await w.call('GET', `/admin/providers/${creator.providerId}/api-keys`, { token: admin.token });
      expect(list.body.find((k: { id: string }) => k.id === made.body.id).createdBy).toEqual({ id: creator.id, fullName: 'Test provider', disabled: true });
    });

    it('finance cannot reverse an application’s reservation by hand', async () => {
      const admin = await w.signedIn('admin');
      const p = await pot(w);
      const applicationId = randomUUID();
      await reserve(w, p.id, applicationId);
      const [entry] = await w.db.query(`SELECT id FROM budget_ledger_entry WHERE application_id = $1 AND kind = 'reserve'`, [applicationId]);
      const res = await w.call('POST', `/admin/budget/entries/${entry.id}/reverse`, { token: admin.token, body: { reason: 'trying it' } });
      expect([res.status, res.body.code]).toEqual([422, 'not_reversible']);
      expect(res.body.detail).toMatch(/moves with the application/);
    });

    it('registering with a taken address answers like a new one and emails the owner', async () => {
      const owner = await w.user('applicant');
      const res = await w.call('POST', '/auth/register', { body: { email: owner.email.toUpperCase(), password: PASSWORD, fullName: 'Someone Else' }, headers: { 'x-forwarded-for': newAddress() } });
      const fresh = await w.call('POST', '/auth/register', { body: { email: `new.${randomBytes(4).toString('hex')}@example.org`, password: PASSWORD, fullName: 'New Person' }, headers: { 'x-forwarded-for': newAddress() } });
      expect([res.status, res.body.message]).toEqual([fresh.status, fresh.body.message]);
      expect(res.status).toBe(201);
      await w.smtp.waitFor(owner.email, /Someone tried to register/);
      const [{ n }] = await w.db.query(`SELECT count(*)::int AS n FROM user_account WHERE email = $1`, [owner.email]);
      expect(n).toBe(1);
    });
  });
});

describe('security (issue 12): probes and metrics', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.start({
      worker: false,
      config: (c) => ({
        rateLimits: { ...c.rateLimits, apiPerMinute: 10 },
        redis: { ...c.redis, queuePrefix: `${c.redis.queuePrefix}-probes` },
        metrics: { open: false, token: 'a-metrics-token-for-the-scraper' },
      }),
    });
  });
  afterAll(() => w.stop());

  it('health probes never count against the anonymous limit', async () => {
    for (let i = 0; i < 25; i++) expect((await fetch(`${w.api.url}/health/live`)).status).toBe(200);
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await w.call('GET', '/rounds')).status);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect((await fetch(`${w.api.url}/health/live`)).status).toBe(200);
  });

  it('/metrics needs the token when it is not open', async () => {
    expect((await fetch(`${w.api.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${w.api.url}/metrics`, { headers: { authorization: 'Bearer the-wrong-token-entirely-xx' } })).status).toBe(401);
    const ok = await fetch(`${w.api.url}/metrics`, { headers: { authorization: 'Bearer a-metrics-token-for-the-scraper' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/http_request/);
  });
});

describe('security (issue 12): metrics in production without a token', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.start({ worker: false, config: () => ({ metrics: { open: false } }) });
  });
  afterAll(() => w.stop());

  it('are not served', async () => {
    expect((await fetch(`${w.api.url}/metrics`)).status).toBe(404);
  });
});
