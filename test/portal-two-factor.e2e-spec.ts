/**
 * Two-factor authentication on pages (issue 15's "signing in as staff"):
 * the same AccountsService as /api/v1/me/mfa/*, through forms.
 */
import { generate } from 'otplib';
import { PortalClient } from './support/portal-client';
import { PASSWORD, World } from './support/world';

const secretIn = (html: string) => /<code>([A-Z2-7 ]{16,})<\/code>/.exec(html)?.[1].replace(/ /g, '');
const recoveryCodesIn = (html: string) => [...html.matchAll(/<li><code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})<\/code><\/li>/g)].map((m) => m[1]);
const nextStepCode = (secret: string) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });

describe('two-factor authentication on pages', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.start({ worker: false, config: (c) => ({ auth: { ...c.auth, requireStaffMfa: true } }) });
  });
  afterAll(() => w.stop());

  it('a staff member who must set it up reaches only its pages, scans the code, keeps the recovery codes and confirms', async () => {
    const admin = await w.user('admin');
    const c = new PortalClient(w.api.url);
    const signIn = await c.signIn(admin.email, PASSWORD);
    expect(signIn.location).toBe('/portal/account/two-factor');
    expect((await c.get('/portal/account/email-settings')).status).toBe(403);

    const status = await c.get('/portal/account/two-factor');
    expect(status.status).toBe(200);
    expect(status.html).toContain('Set this up before you continue');

    const setup = await c.post('/portal/account/two-factor/start', { _csrf: c.csrf });
    expect(setup.status).toBe(200);
    expect(setup.html).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+"/);
    const secret = secretIn(setup.html)!;
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(recoveryCodesIn(setup.html)).toHaveLength(10);

    const wrong = await c.post('/portal/account/two-factor/confirm', { _csrf: c.csrf, otp: '000000' });
    expect(wrong.status).toBe(422);
    expect(wrong.html).toContain('That code is not right');
    expect(secretIn(wrong.html)).toBe(secret);
    expect(recoveryCodesIn(wrong.html)).toEqual([]);

    const done = await c.post('/portal/account/two-factor/confirm', { _csrf: c.csrf, otp: await generate({ secret }) });
    expect([done.status, done.location]).toEqual([303, '/portal/account/two-factor?done=on']);
    expect((await c.get(done.location!)).html).toContain('Two-factor authentication is on');
    expect((await c.get('/portal/account/email-settings')).status).toBe(200);
    const [{ enabled }] = await w.db.query(`SELECT mfa_enabled_at IS NOT NULL AS enabled FROM user_account WHERE id = $1`, [admin.id]);
    expect(enabled).toBe(true);

    // Staff cannot switch it off while the programme requires it; moving it to a new phone needs the password and a code.
    expect((await c.get('/portal/account/two-factor')).html).not.toContain('/portal/account/two-factor/remove');
    const bare = await c.post('/portal/account/two-factor/start', { _csrf: c.csrf, currentPassword: '', code: '' });
    expect(bare.status).toBe(422);
    expect(bare.html).toContain('Enter your current password');
    const wrongPassword = await c.post('/portal/account/two-factor/start', { _csrf: c.csrf, currentPassword: 'not my password at all', code: await nextStepCode(secret) });
    expect(wrongPassword.status).toBe(422);
    expect(wrongPassword.html).toContain('Your current password is not right');
    const moved = await c.post('/portal/account/two-factor/start', { _csrf: c.csrf, currentPassword: PASSWORD, code: await nextStepCode(secret) });
    expect(moved.status).toBe(200);
    expect(secretIn(moved.html)).not.toBe(secret);
  });

  it('a provider user switches it off after a confirmation page, with the password and a recovery code', async () => {
    const user = await w.signedIn('provider');
    const setupApi = await w.call('POST', '/me/mfa/setup', { token: user.token, body: { currentPassword: PASSWORD } });
    expect((await w.call('POST', '/me/mfa/confirm', { token: user.token, body: { otp: await generate({ secret: setupApi.body.secret }) } })).status).toBe(204);
    const c = new PortalClient(w.api.url);
    await c.get('/portal/sign-in');
    const signIn = await c.post('/portal/sign-in', { email: user.email, password: PASSWORD, otp: await nextStepCode(setupApi.body.secret) });
    expect(signIn.status).toBe(303);

    expect((await c.get('/portal/account/two-factor')).html).toContain('/portal/account/two-factor/remove');
    const confirm = await c.get('/portal/account/two-factor/remove');
    expect(confirm.html).toContain('Are you sure you want to switch off two-factor authentication?');
    const refused = await c.post('/portal/account/two-factor/remove', { _csrf: c.csrf, currentPassword: PASSWORD, code: '111111' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('That code is not right');
    const off = await c.post('/portal/account/two-factor/remove', { _csrf: c.csrf, currentPassword: PASSWORD, code: setupApi.body.recoveryCodes[0] });
    expect([off.status, off.location]).toEqual([303, '/portal/account/two-factor?done=off']);
    const [{ enabled }] = await w.db.query(`SELECT mfa_enabled_at IS NOT NULL AS enabled FROM user_account WHERE id = $1`, [user.id]);
    expect(enabled).toBe(false);
  });

  it('another session of the account never sees a set-up begun elsewhere', async () => {
    const user = await w.signedIn('provider');
    const owner = new PortalClient(w.api.url);
    await owner.signIn(user.email, PASSWORD);
    await owner.get('/portal/account/two-factor');
    const setup = await owner.post('/portal/account/two-factor/start', { _csrf: owner.csrf, currentPassword: PASSWORD });
    const secret = secretIn(setup.html)!;
    const thief = new PortalClient(w.api.url);
    await thief.signIn(user.email, PASSWORD);
    await thief.get('/portal/account/two-factor');
    const peek = await thief.post('/portal/account/two-factor/confirm', { _csrf: thief.csrf, otp: 'x' });
    expect([peek.status, peek.location]).toEqual([303, '/portal/account/two-factor']);
    expect(peek.html).not.toContain(secret);
    const take = await thief.post('/portal/account/two-factor/confirm', { _csrf: thief.csrf, otp: await generate({ secret }) });
    expect(take.location).not.toBe('/portal/account/two-factor?done=on');
    // The owner's own wrong code shows the same set-up again.
    const again = await owner.post('/portal/account/two-factor/confirm', { _csrf: owner.csrf, otp: '000000' });
    expect([again.status, secretIn(again.html)]).toEqual([422, secret]);
  });

  it('applicants have no two-factor pages', async () => {
    const applicant = await w.user('applicant');
    const c = new PortalClient(w.api.url);
    await c.signIn(applicant.email, PASSWORD);
    expect((await c.get('/portal/account/two-factor')).status).toBe(403);
  });
});
