/**
 * Database errors and malformed requests, as the log sees them (issue 12,
 * findings 4 and 6). The API runs as its own process with logging on, so the
 * test reads exactly what an operator's log would hold.
 *
 * A database error is forced on each kind of statement that writes personal
 * data by CHECK constraints that refuse only marker values (NOT VALID, so no
 * existing row is checked): PostgreSQL's own "Failing row contains (...)"
 * detail then carries the whole row, name, email, date of birth and the
 * password hash, exactly as the probe saw it reach the log.
 */
import { randomBytes } from 'node:crypto';
import { openRound, pot, qualification } from './factories/intake.factory';
import { freePort, run, type Running } from './support/processes';
import { PASSWORD, World } from './support/world';

const API = 'apps/api/src/main.js';
const tag = randomBytes(3).toString('hex');
const MARK = {
  registered: `Probe Register ${tag}`,
  invited: `Probe Invite ${tag}`,
  updated: `Probe Update ${tag}`,
  profile: `Probe Profile ${tag}`,
  supporterEmail: `probe.supporter.${tag}@nhs.example`,
};

describe('error logging (issue 12)', () => {
  let w: World;
  let p: Running;
  let base: string;
  let updating: { id: string; email: string };
  const sent: string[] = [];

  const call = async (method: string, path: string, options: { token?: string; body?: unknown; raw?: string | Buffer; type?: string } = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined || options.raw !== undefined ? { 'content-type': options.type ?? 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: options.raw ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
    });
    const text = await res.text();
    return { status: res.status, requestId: res.headers.get('x-request-id') ?? '', text };
  };
  const logLines = () =>
    (p.output() + p.stderr())
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; requestId?: string; req?: { id?: string }; err?: Record<string, unknown> });

  beforeAll(async () => {
    w = await World.start({ worker: false });
    const port = await freePort();
    p = run(API, { PORT: String(port), LOG_LEVEL: 'info', DEMO_DATA: 'false', WORKER_IN_PROCESS: 'false' }, ['--no-worker']);
    await p.waitForOutput(/is up at/, 60_000);
    base = `http://127.0.0.1:${port}`;
    // Named before the constraint exists: from then on any UPDATE of the row fails.
    updating = await w.user('applicant');
    await w.db.query(`UPDATE user_account SET full_name = $2 WHERE id = $1`, [updating.id, MARK.updated]);
    await w.db.query(`ALTER TABLE user_account ADD CONSTRAINT probe_user_${tag} CHECK (full_name NOT IN ('${MARK.registered}', '${MARK.invited}', '${MARK.updated}')) NOT VALID`);
    await w.db.query(`ALTER TABLE applicant_profile ADD CONSTRAINT probe_profile_${tag} CHECK (full_name <> '${MARK.profile}') NOT VALID`);
    await w.db.query(`ALTER TABLE application ADD CONSTRAINT probe_application_${tag} CHECK (employer_support_email IS DISTINCT FROM '${MARK.supporterEmail}') NOT VALID`);
  }, 90_000);

  afterAll(async () => {
    await w.db.query(`ALTER TABLE user_account DROP CONSTRAINT IF EXISTS probe_user_${tag}`);
    await w.db.query(`ALTER TABLE applicant_profile DROP CONSTRAINT IF EXISTS probe_profile_${tag}`);
    await w.db.query(`ALTER TABLE application DROP CONSTRAINT IF EXISTS probe_application_${tag}`);
    p?.child.kill('SIGTERM');
    await p?.exited;
    await w.stop();
  });

  const signIn = async (email: string) => JSON.parse((await call('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } })).text).accessToken as string;

  it('a failed statement writing personal data logs its SQLSTATE and statement, never a parameter value', async () => {
    const failed: string[] = [];
    const expectFailure = async (res: { status: number; requestId: string }) => {
      expect(res.status).toBe(500);
      failed.push(res.requestId);
    };

    // INSERT of an account (register): email, name and the argon2 hash.
    const email = `probe.register.${tag}@example.org`;
    sent.push(email, MARK.registered);
    await expectFailure(await call('POST', '/api/v1/auth/register', { body: { email, password: PASSWORD, fullName: MARK.registered } }));

    // INSERT of an invited account.
    const admin = await w.user('admin');
    const invitee = `probe.invite.${tag}@example.org`;
    sent.push(invitee, MARK.invited);
    await expectFailure(await call('POST', '/api/v1/admin/users', { token: await signIn(admin.email), body: { email: invitee, fullName: MARK.invited, role: 'reviewer' } }));

    // UPDATE of an account (a password change): the new hash.
    sent.push(updating.email, MARK.updated);
    await expectFailure(await call('POST', '/api/v1/me/password', { token: await signIn(updating.email), body: { currentPassword: PASSWORD, newPassword: 'a new probe passphrase 2026' } }));

    // INSERT of an applicant's profile: name, date of birth, postcode.
    const applicant = await w.user('applicant');
    const applicantToken = await signIn(applicant.email);
    sent.push(MARK.profile, '1979-11-23', 'LS1 4AP');
    const profile = {
      fullName: MARK.profile, dateOfBirth: '1979-11-23', postcode: 'LS1 4AP', region: 'north_east_and_yorkshire', currentRole: 'assistant_practice_manager',
      employerOdsCode: 'B82005', yearsInRole: 4, highestQualificationLevel: 3, hasLevel2EnglishAndMaths: true,
      skills: { finance: 2, hr_workforce: 2, governance_compliance: 3, it_data: 3, contracts_commissioning: 1, leadership_change: 2, patient_services: 4, premises_operations: 2 },
    };
    await expectFailure(await call('PUT', '/api/v1/me/profile', { token: applicantToken, body: profile }));

    // UPDATE of an application: the employer supporter's name and email.
    const q = await qualification(w);
    const round = await openRound(w, [q.id], { potId: (await pot(w)).id });
    await call('PUT', '/api/v1/me/profile', { token: applicantToken, body: { ...profile, fullName: `Probe Fine ${tag}` } });
    const created = JSON.parse((await call('POST', '/api/v1/applications', { token: applicantToken, body: { roundId: round.id, qualificationId: q.id } })).text);
    sent.push(MARK.supporterEmail, `Dr Probe ${tag}`);
    await expectFailure(await call('PATCH', `/api/v1/applications/${created.id}`, { token: applicantToken, body: { employerSupport: { name: `Dr Probe ${tag}`, email: MARK.supporterEmail } } }));

    await new Promise((r) => setTimeout(r, 300)); // the last lines reach stdout
    const errors = logLines().filter((l) => l.level >= 50 && failed.includes(String(l.requestId ?? l.req?.id)));
    expect(errors.length).toBeGreaterThanOrEqual(failed.length);
    for (const line of errors) expect(line.err).toMatchObject({ sqlState: '23514', statement: expect.stringMatching(/\$1/) });
    const everything = p.output() + p.stderr();
    for (const value of sent) expect(everything).not.toContain(value);
    expect(everything).not.toMatch(/\$argon2id\$/);
    expect(everything).not.toMatch(/Failing row contains/);
  });

  it('malformed bodies get 400, 413 or 415, never 500, and no error-level line', async () => {
    const deepArray = '['.repeat(5000) + ']'.repeat(5000);
    const deepObject = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const truncated = '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\nsomeone@example.org';
    const provider = await w.user('provider');
    const providerToken = await signIn(provider.email);
    const cases: { name: string; res: Promise<{ status: number; requestId: string; text: string }>; want: number[] }[] = [
      { name: 'multipart without a boundary to sign-in', res: call('POST', '/api/v1/auth/login', { raw: 'xx', type: 'multipart/form-data' }), want: [415] },
      { name: 'truncated multipart to sign-in', res: call('POST', '/api/v1/auth/login', { raw: truncated, type: 'multipart/form-data; boundary=xyz' }), want: [415] },
      { name: 'truncated multipart to the portal sign-in', res: call('POST', '/portal/sign-in', { raw: truncated, type: 'multipart/form-data; boundary=xyz' }), want: [415] },
      { name: 'truncated multipart to the eligibility check', res: call('POST', '/api/v1/eligibility/check', { raw: truncated, type: 'multipart/form-data; boundary=xyz' }), want: [415] },
      { name: 'truncated multipart to the CSV upload', res: call('POST', '/portal/provider/reports/upload', { raw: truncated, type: 'multipart/form-data; boundary=xyz' }), want: [400] },
      { name: 'multipart without a boundary to the CSV upload', res: call('POST', '/portal/provider/reports/upload', { raw: truncated, type: 'multipart/form-data' }), want: [400] },
      { name: 'multipart to the API CSV route', res: call('POST', '/api/v1/provider/reports/csv', { token: providerToken, raw: truncated, type: 'multipart/form-data; boundary=xyz' }), want: [415] },
      { name: 'JSON 5,000 arrays deep', res: call('POST', '/api/v1/eligibility/check', { raw: deepArray }), want: [400] },
      { name: 'JSON 5,000 objects deep', res: call('POST', '/api/v1/auth/login', { raw: deepObject }), want: [400] },
      { name: 'a NUL byte in a name', res: call('POST', '/api/v1/auth/register', { raw: JSON.stringify({ email: `nul.${tag}@example.org`, password: PASSWORD, fullName: 'Nul\u0000Name' }) }), want: [400] },
      { name: 'a NUL byte in a portal form field', res: call('POST', '/portal/sign-in', { raw: 'email=a%00b%40example.org&password=x', type: 'application/x-www-form-urlencoded' }), want: [400] },
      { name: 'a NUL byte in a query', res: call('GET', '/api/v1/rounds?x=%00'), want: [400] },
      { name: 'a NUL byte in a CSV', res: call('POST', '/api/v1/provider/reports/csv', { token: providerToken, raw: 'reference,kind\nPMDP\u0000,start\n', type: 'text/csv' }), want: [400] },
    ];
    const results = await Promise.all(cases.map(async (c) => ({ ...c, got: await c.res })));
    for (const r of results) expect({ name: r.name, status: r.got.status }).toEqual({ name: r.name, status: r.want[0] });
    const named = results.find((r) => r.name === 'a NUL byte in a name')!;
    expect(JSON.parse(named.got.text).errors).toEqual([{ field: 'fullName', message: 'must not contain a NUL character (\\u0000)' }]);
    await new Promise((r) => setTimeout(r, 300));
    const ids = new Set(results.map((r) => r.got.requestId));
    expect(logLines().filter((l) => l.level >= 50 && ids.has(String(l.requestId ?? l.req?.id)))).toEqual([]);
  });
});
