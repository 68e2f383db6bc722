import { generate } from 'otplib';
import { tokenIn } from './support/smtp-sink';
import { PASSWORD, World } from './support/world';

describe('accounts', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.start();
  });
  afterAll(() => w.stop());

  describe('an applicant registers', () => {
    const email = `priya.${Date.now()}@example.org`;

    it('gets a verification email, verifies once, and signs in', async () => {
      const reg = await w.call('POST', '/auth/register', { body: { email, password: PASSWORD, fullName: 'Priya Shah' } });
      expect(reg.status).toBe(201);
      // No id: a taken address gets the same answer (issue 12), so the answer cannot carry one.
      expect(reg.body).toEqual({ message: 'Check your email to confirm your address' });

      const token = await w.signIn(email);
      expect((await w.call('GET', '/me', { token })).body).toMatchObject({ email, role: 'applicant', emailVerified: false });

      const mail = await w.smtp.waitFor(email, /Confirm your email address/);
      expect(mail.text).not.toMatch(/<[a-z]/i);
      const link = tokenIn(mail);
      expect((await w.call('POST', '/auth/verify-email', { body: { token: link } })).status).toBe(204);
      expect((await w.call('GET', '/me', { token })).body.emailVerified).toBe(true);

      const again = await w.call('POST', '/auth/verify-email', { body: { token: link } });
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({ code: 'token_invalid', errors: [{ field: 'token' }] });
    });

    it('makes no second account for the same email, whatever its case, and says the same as for a new one', async () => {
      const res = await w.call('POST', '/auth/register', { body: { email: email.toUpperCase(), password: PASSWORD, fullName: 'Priya' } });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ message: 'Check your email to confirm your address' });
      const [{ n }] = await w.db.query(`SELECT count(*)::int AS n FROM user_account WHERE email = $1`, [email]);
      expect(n).toBe(1);
      await w.smtp.waitFor(email, /Someone tried to register/);
    });

    it('is refused a weak password, with the field named, and nothing is written', async () => {
      const other = `weak.${Date.now()}@example.org`;
      const res = await w.call('POST', '/auth/register', { body: { email: other, password: 'password1234', fullName: 'Weak' } });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'password', message: 'is too commonly used; choose a password others are unlikely to pick' }]);
      const [{ n }] = await w.db.query(`SELECT count(*)::int AS n FROM user_account WHERE email = $1`, [other]);
      expect(n).toBe(0);
    });

    it('names every bad field', async () => {
      const res = await w.call('POST', '/auth/register', { body: { email: 'not-an-email', fullName: '', role: 'admin' } });
      expect(res.status).toBe(400);
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['email', 'fullName', 'password', 'role']);
    });
  });

  describe('signing in', () => {
    it('says the same whether the email exists or the password is wrong', async () => {
      const user = await w.user('applicant');
      const unknown = await w.call('POST', '/auth/login', { body: { email: `nobody.${Date.now()}@example.org`, password: PASSWORD } });
      const wrong = await w.call('POST', '/auth/login', { body: { email: user.email, password: 'not the right password' } });
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect({ ...unknown.body, requestId: 0 }).toEqual({ ...wrong.body, requestId: 0 });
    });

    it('refuses the sixth rapid wrong password with 429 and Retry-After, and audits the lockout', async () => {
      const user = await w.user('applicant');
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        statuses.push((await w.call('POST', '/auth/login', { body: { email: user.email, password: `wrong password ${i}` } })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      const locked = await w.call('POST', '/auth/login', { body: { email: user.email, password: PASSWORD } });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      const [{ n }] = await w.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'auth.locked_out' AND target_id = $1`, [user.id]);
      expect(n).toBe(1);
    });

    it('ends a session on sign-out', async () => {
      const { token } = await w.signedIn('applicant');
      expect((await w.call('GET', '/me', { token })).status).toBe(200);
      expect((await w.call('POST', '/auth/logout', { token })).status).toBe(204);
      const after = await w.call('GET', '/me', { token });
      expect(after.status).toBe(401);
      expect(after.headers.get('www-authenticate')).toContain('Bearer');
    });

    it('stops a disabled user’s live token at once, and lets them back when enabled', async () => {
      const admin = await w.signedIn('admin');
      const user = await w.signedIn('reviewer');
      expect((await w.call('GET', '/me', { token: user.token })).status).toBe(200);
      expect((await w.call('POST', `/admin/users/${user.id}/disable`, { token: admin.token })).body.disabled).toBe(true);
      expect((await w.call('GET', '/me', { token: user.token })).status).toBe(401);
      expect((await w.call('POST', '/auth/login', { body: { email: user.email, password: PASSWORD } })).status).toBe(401);
      await w.call('POST', `/admin/users/${user.id}/enable`, { token: admin.token });
      expect((await w.call('POST', '/auth/login', { body: { email: user.email, password: PASSWORD } })).status).toBe(200);
    });

    it('expires a session left idle', async () => {
      const { token } = await w.signedIn('applicant');
      await w.db.query(`UPDATE auth_session SET last_seen_at = now() - interval '31 minutes'`);
      expect((await w.call('GET', '/me', { token })).status).toBe(401);
    });
  });

  describe('password reset', () => {
    it('answers 202 for unknown addresses too, and a reset link works once and ends sessions', async () => {
      expect((await w.call('POST', '/auth/password-reset/request', { body: { email: `ghost.${Date.now()}@example.org` } })).status).toBe(202);

      const user = await w.signedIn('applicant');
      expect((await w.call('POST', '/auth/password-reset/request', { body: { email: user.email } })).status).toBe(202);
      const token = tokenIn(await w.smtp.waitFor(user.email, /Reset your password/));
      const newPassword = 'a brand new passphrase here';
      expect((await w.call('POST', '/auth/password-reset/confirm', { body: { token, password: newPassword } })).status).toBe(204);
      expect((await w.call('GET', '/me', { token: user.token })).status).toBe(401);
      expect((await w.call('POST', '/auth/password-reset/confirm', { body: { token, password: newPassword } })).status).toBe(400);
      await w.signIn(user.email, newPassword);
    });

    it('refuses an expired link', async () => {
      const user = await w.user('applicant');
      await w.call('POST', '/auth/password-reset/request', { body: { email: user.email } });
      const token = tokenIn(await w.smtp.waitFor(user.email, /Reset your password/));
      await w.db.query(`UPDATE email_token SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
      expect((await w.call('POST', '/auth/password-reset/confirm', { body: { token, password: 'another fine passphrase' } })).status).toBe(400);
    });
  });

  describe('invitations and roles', () => {
    it('an admin invites a reviewer, who sets a password and signs in', async () => {
      const admin = await w.signedIn('admin');
      const email = `invited.${Date.now()}@example.org`;
      const invited = await w.call('POST', '/admin/users', { token: admin.token, body: { email, fullName: 'Ina Vited', role: 'reviewer' } });
      expect(invited.status).toBe(201);
      expect((await w.call('POST', '/auth/login', { body: { email, password: PASSWORD } })).status).toBe(401);
      const token = tokenIn(await w.smtp.waitFor(email, /invited/));
      expect((await w.call('POST', '/auth/invitations/accept', { body: { token, password: PASSWORD } })).status).toBe(204);
      const session = await w.signIn(email);
      expect((await w.call('GET', '/me', { token: session })).body).toMatchObject({ role: 'reviewer', emailVerified: true });

      const changed = await w.call('PATCH', `/admin/users/${invited.body.id}`, { token: admin.token, body: { role: 'finance' } });
      expect(changed.body.role).toBe('finance');
      const audit = await w.call('GET', `/admin/audit?targetId=${invited.body.id}&action=account.role_changed`, { token: admin.token });
      expect(audit.body.items[0]).toMatchObject({ actorId: admin.id, before: { role: 'reviewer' }, after: { role: 'finance' } });
    });

    it('refuses to invite an applicant or make anyone an applicant', async () => {
      const admin = await w.signedIn('admin');
      const res = await w.call('POST', '/admin/users', { token: admin.token, body: { email: `x.${Date.now()}@example.org`, fullName: 'X', role: 'applicant' } });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'role', message: 'role must be one of reviewer, finance, admin' }]);
    });
  });

  describe('two-factor authentication', () => {
    it('a provider user enrols TOTP, after which sign-in needs a code', async () => {
      const user = await w.signedIn('provider');
      const setup = await w.call('POST', '/me/mfa/setup', { token: user.token, body: { currentPassword: PASSWORD } });
      expect(setup.status).toBe(200);
      expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
      expect((await w.call('POST', '/me/mfa/confirm', { token: user.token, body: { otp: '000000' } })).status).toBe(400);
      const otp = await generate({ secret: setup.body.secret });
      expect((await w.call('POST', '/me/mfa/confirm', { token: user.token, body: { otp } })).status).toBe(204);

      const without = await w.call('POST', '/auth/login', { body: { email: user.email, password: PASSWORD } });
      expect(without.status).toBe(401);
      expect(without.body.code).toBe('mfa_required');
      await w.signIn(user.email, PASSWORD, await generate({ secret: setup.body.secret }));
      const [{ sealed }] = await w.db.query(`SELECT mfa_secret_sealed AS sealed FROM user_account WHERE id = $1`, [user.id]);
      expect(sealed).not.toContain(setup.body.secret);
    });
  });

  it('the audit log refuses changes', async () => {
    await expect(w.db.query(`UPDATE audit_event SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(w.db.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
  });
});

describe('when staff must use two-factor authentication', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.start({ worker: false, config: (c) => ({ auth: { ...c.auth, requireStaffMfa: true } }) });
  });
  afterAll(() => w.stop());

  it('a staff member without it can only enrol, then everything opens', async () => {
    const admin = await w.user('admin');
    const login = await w.call('POST', '/auth/login', { body: { email: admin.email, password: PASSWORD } });
    expect(login.body.mfaSetupRequired).toBe(true);
    const token = login.body.accessToken;
    const blocked = await w.call('GET', '/admin/users', { token });
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('mfa_setup_required');
    const setup = await w.call('POST', '/me/mfa/setup', { token });
    await w.call('POST', '/me/mfa/confirm', { token, body: { otp: await generate({ secret: setup.body.secret }) } });
    expect((await w.call('GET', '/admin/users', { token })).status).toBe(200);
  });

  it('applicants are not asked', async () => {
    const applicant = await w.user('applicant');
    const login = await w.call('POST', '/auth/login', { body: { email: applicant.email, password: PASSWORD } });
    expect(login.body.mfaSetupRequired).toBeUndefined();
  });
});

describe('the general API limit', () => {
  let w: World;
  beforeAll(async () => {
    // Its own key space, so the suite's other anonymous requests do not count against it.
    w = await World.start({
      worker: false,
      config: (c) => ({ rateLimits: { ...c.rateLimits, apiPerMinute: 5 }, redis: { ...c.redis, queuePrefix: `${c.redis.queuePrefix}-limit` } }),
    });
  });
  afterAll(() => w.stop());

  it('answers 429 with Retry-After past the limit', async () => {
    const { token } = await w.signedIn('applicant');
    const responses = [];
    for (let i = 0; i < 6; i++) responses.push(await w.call('GET', '/me', { token }));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(Number(responses[5].headers.get('retry-after'))).toBeGreaterThan(0);
    // Another caller has their own allowance.
    const other = await w.signedIn('applicant');
    expect((await w.call('GET', '/me', { token: other.token })).status).toBe(200);
  });
});
