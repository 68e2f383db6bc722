import { randomBytes } from 'node:crypto';
import { applicant, openRound, pot, qualification } from './factories/intake.factory';
import { PortalClient, hiddenField } from './support/portal-client';
import { PASSWORD, World } from './support/world';

/**
 * An applicant's whole journey in the portal: registering, the profile,
 * starting an application from the open rounds, its task list, submitting and
 * withdrawing, each through the same service as the API. Real PostgreSQL,
 * Redis, worker and SMTP.
 */
describe('applying through the portal', () => {
  let w: World;
  let level5: { id: string; title: string };
  let level3: { id: string; title: string };
  let round: { id: string; name: string };

  beforeAll(async () => {
    w = await World.start();
    level5 = await qualification(w, { level: 5 });
    level3 = await qualification(w, { level: 3 });
    round = await openRound(w, [level5.id, level3.id], { potId: (await pot(w, 10_000_000)).id });
  });
  afterAll(() => w.stop());

  const client = () => new PortalClient(w.api.url);
  const uniqueEmail = (tag: string) => `${tag}.${randomBytes(4).toString('hex')}@example.org`;
  const count = async (sql: string, params: unknown[]) => (await w.db.query(sql, params))[0].n as number;

  /** The profile form filled in as a person would, with `overrides`. */
  const profileForm = (overrides: Record<string, string> = {}) => ({
    fullName: 'Pat Portal',
    'dateOfBirth[day]': '14',
    'dateOfBirth[month]': '3',
    'dateOfBirth[year]': '1985',
    postcode: 'ls1 4ap',
    region: 'north_east_and_yorkshire',
    currentRole: 'assistant_practice_manager',
    employerOdsCode: 'B82005',
    yearsInRole: '4',
    highestQualificationLevel: '3',
    hasLevel2EnglishAndMaths: 'yes',
    'skills[finance]': '2',
    'skills[hr_workforce]': '2',
    'skills[governance_compliance]': '3',
    'skills[it_data]': '3',
    'skills[contracts_commissioning]': '1',
    'skills[leadership_change]': '2',
    'skills[patient_services]': '4',
    'skills[premises_operations]': '2',
    ...overrides,
  });

  /** A verified applicant (with a profile unless told not), signed in to the portal. */
  async function signedInApplicant(options: { profile?: boolean } = {}) {
    const user = options.profile === false ? await w.signedIn('applicant') : await applicant(w);
    const c = client();
    await c.signIn(user.email, PASSWORD);
    return { user, c };
  }

  /** Presses Apply on the rounds page for `qualificationId`; returns the response. */
  async function apply(c: PortalClient, qualificationId = level5.id) {
    await c.get('/portal/rounds');
    return c.post('/portal/applications', { _csrf: c.csrf, roundId: round.id, qualificationId });
  }

  describe('registering', () => {
    it('the sign-in and rounds pages link to it; registering signs the person in, sends the confirmation email and says to check it', async () => {
      expect((await client().get('/portal/sign-in')).html).toContain('href="/portal/register"');
      expect((await client().get('/portal/rounds')).html).toContain('href="/portal/register"');
      const page = await client().get('/portal/register');
      expect(page.status).toBe(200);
      expect(page.html).toContain('<h1>Create an account</h1>');

      const email = uniqueEmail('register');
      const browser = client();
      const res = await browser.post('/portal/register', { fullName: 'Reg Ister', email, password: PASSWORD, confirmPassword: PASSWORD });
      expect(res.status).toBe(303);
      expect(res.location).toBe('/portal/register?sent=1');
      // Signed in by registering: a session cookie, and the page says so with the header's Sign out.
      expect(browser.cookie).toBeDefined();
      const sent = await browser.get(res.location!);
      expect(sent.html).toContain('<h1>Your account has been created</h1>');
      expect(sent.html).toContain('Sign out');
      expect((await browser.get('/portal/applications')).status).toBe(200);
      const [session] = await w.db.query(`SELECT s.kind FROM auth_session s JOIN user_account u ON u.id = s.user_id WHERE u.email = $1`, [email]);
      expect(session).toEqual({ kind: 'cookie' });
      // Anyone else opening the same address sees the page every registration gets.
      expect((await client().get(res.location!)).html).toContain('<h1>Check your email</h1>');
      const mail = await w.smtp.waitFor(email, /Confirm your email address/);
      expect(mail.text).toContain('/portal/verify-email?token=');
      const [user] = await w.db.query(`SELECT role, full_name FROM user_account WHERE email = $1`, [email]);
      expect(user).toEqual({ role: 'applicant', full_name: 'Reg Ister' });
      // The new account signs in and lands on its applications.
      expect((await client().signIn(email, PASSWORD)).location).toBe('/portal/applications');
    });

    it('names each problem in the error summary and keeps what was typed (never the password)', async () => {
      const blank = await client().post('/portal/register', { fullName: '', email: '', password: '', confirmPassword: '' });
      expect(blank.status).toBe(422);
      expect(blank.html).toContain('<title>Error: Create an account');
      for (const [id, text] of [['fullName', 'Enter your full name'], ['email', 'Enter your email address'], ['password', 'Enter a password'], ['confirm-password', 'Enter the password again']]) {
        expect(blank.html).toMatch(new RegExp(`href="#${id}"[^>]*>\\s*${text}`));
      }
      const email = uniqueEmail('weak');
      const mismatch = await client().post('/portal/register', { fullName: 'Mis Match', email, password: 'one long passphrase here', confirmPassword: 'another long passphrase' });
      expect(mismatch.status).toBe(422);
      expect(mismatch.html).toMatch(/href="#confirm-password"[^>]*>\s*The passwords do not match/);
      expect(mismatch.html).toContain(`value="${email}"`);
      expect(mismatch.html).not.toContain('one long passphrase here');
      const short = await client().post('/portal/register', { fullName: 'Short', email, password: 'too short', confirmPassword: 'too short' });
      expect(short.status).toBe(422);
      expect(short.html).toMatch(/href="#password"[^>]*>\s*Your password must be 12 characters or more/);
      const common = await client().post('/portal/register', { fullName: 'Common', email, password: 'password1234', confirmPassword: 'password1234' });
      expect(common.html).toMatch(/href="#password"[^>]*>\s*Your password is too commonly used/);
      expect(await count(`SELECT count(*)::int AS n FROM user_account WHERE email = $1`, [email])).toBe(0);
    });

    it('an address that already has an account gets the same page as before, no second account, and is not signed in, even with its password', async () => {
      const existing = await w.user('applicant');
      const c = client();
      const res = await c.post('/portal/register', { fullName: 'Someone Else', email: existing.email.toUpperCase(), password: PASSWORD, confirmPassword: PASSWORD });
      expect(res.status).toBe(303);
      expect(res.location).toBe('/portal/register?sent=1');
      expect(c.cookie).toBeUndefined();
      expect((await c.get(res.location!)).html).toContain('<h1>Check your email</h1>');
      expect(await count(`SELECT count(*)::int AS n FROM user_account WHERE lower(email) = lower($1)`, [existing.email])).toBe(1);
    });

    it('refuses a post without the form token, or with a token from another browser (400), and makes no account', async () => {
      const email = uniqueEmail('forged');
      const bare = await fetch(`${w.api.url}/portal/register`, {
        method: 'POST',
        body: new URLSearchParams({ fullName: 'Forged', email, password: PASSWORD, confirmPassword: PASSWORD }),
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(bare.status).toBe(400);
      const other = client();
      await other.get('/portal/register');
      const mine = client();
      await mine.get('/portal/register');
      const foreign = await mine.post('/portal/register', { fullName: 'Forged', email, password: PASSWORD, confirmPassword: PASSWORD, _csrf: other.csrf });
      expect(foreign.status).toBe(400);
      expect(foreign.html).toContain('did not come from this site');
      expect(await count(`SELECT count(*)::int AS n FROM user_account WHERE email = $1`, [email])).toBe(0);
    });
  });

  describe('am I eligible?', () => {
    /** Answers one question page as a browser would: open it (for its form token), then post. */
    async function answer(c: PortalClient, path: string, form: Record<string, string>) {
      const page = await c.get(path);
      expect(page.status).toBe(200);
      return c.post(path, { ...form, _csrf: c.csrf });
    }

    it('asks one question a page, only what the rules read, and judges the answers; nothing is stored', async () => {
      const c = client();
      const profiles = await count(`SELECT count(*)::int AS n FROM applicant_profile`, []);
      const start = await c.get('/portal/eligibility');
      expect(start.html).toContain('href="/portal/eligibility/date-of-birth"');

      const empty = await answer(c, '/portal/eligibility/date-of-birth', {});
      expect(empty.status).toBe(422);
      expect(empty.html).toMatch(/href="#dateOfBirth-day"[^>]*>\s*Enter your date of birth/);
      const future = await answer(c, '/portal/eligibility/date-of-birth', { 'dateOfBirth[day]': '1', 'dateOfBirth[month]': '1', 'dateOfBirth[year]': String(new Date().getFullYear() + 1) });
      expect(future.html).toContain('Your date of birth must be in the past');

      const steps: [string, Record<string, string>, string][] = [
        ['date-of-birth', { 'dateOfBirth[day]': '14', 'dateOfBirth[month]': '3', 'dateOfBirth[year]': '1985' }, 'role'],
        ['role', { currentRole: 'assistant_practice_manager' }, 'where'],
        ['where', { region: 'north_east_and_yorkshire' }, 'practice-code'],
        ['practice-code', { employerOdsCode: 'b82005' }, 'postcode'],
        // English and maths is for school leavers only; the skills, years in role and qualification no rule reads.
        ['postcode', { postcode: 'ls1 4ap' }, 'check-answers'],
      ];
      for (const [slug, form, next] of steps) {
        const res = await answer(c, `/portal/eligibility/${slug}`, form);
        expect([slug, res.status, res.location]).toEqual([slug, 303, `/portal/eligibility/${next}`]);
      }
      expect((await c.get('/portal/eligibility/english-and-maths')).location).toBe('/portal/eligibility/check-answers');
      const check = await c.get('/portal/eligibility/check-answers');
      expect(check.html).toContain('14 March 1985');
      expect(check.html).toContain('B82005');
      expect(check.html).toContain('href="/portal/eligibility/postcode?change=1"');
      expect(check.html).not.toContain('skills');

      const result = await c.get('/portal/eligibility/result');
      expect(result.status).toBe(200);
      expect(result.html).toMatch(/<h1>Meets the eligibility rules<\/h1>/);
      expect(result.html).toContain('version 2026-1');
      expect(result.html).toContain('href="/portal/register"');

      // Changing the date of birth goes back to check your answers, every other answer kept.
      const changed = await answer(c, '/portal/eligibility/date-of-birth?change=1', { 'dateOfBirth[day]': '14', 'dateOfBirth[month]': '3', 'dateOfBirth[year]': String(new Date().getFullYear() - 12) });
      expect(changed.location).toBe('/portal/eligibility/check-answers');
      const tooYoung = await c.get('/portal/eligibility/result');
      expect(tooYoung.html).toContain('<h1>Does not meet the eligibility rules</h1>');
      expect(tooYoung.html).toContain('You must be aged 16 or over.');
      expect(tooYoung.html).not.toContain('href="/portal/register"');
      expect(await count(`SELECT count(*)::int AS n FROM applicant_profile`, [])).toBe(profiles);
    });

    it('asks a school leaver about English and maths, and someone in Wales is told why they cannot get one', async () => {
      const c = client();
      await answer(c, '/portal/eligibility/date-of-birth', { 'dateOfBirth[day]': '1', 'dateOfBirth[month]': '9', 'dateOfBirth[year]': String(new Date().getFullYear() - 18) });
      await answer(c, '/portal/eligibility/role', { currentRole: 'school_leaver' });
      expect((await answer(c, '/portal/eligibility/where', { region: 'wales' })).location).toBe('/portal/eligibility/postcode');
      expect((await answer(c, '/portal/eligibility/postcode', { postcode: 'CF10 1AA' })).location).toBe('/portal/eligibility/english-and-maths');
      const blank = await answer(c, '/portal/eligibility/english-and-maths', {});
      expect(blank.status).toBe(422);
      expect(blank.html).toContain('Select yes if you have English and maths at level 2 or above');
      expect((await answer(c, '/portal/eligibility/english-and-maths', { hasLevel2EnglishAndMaths: 'no' })).location).toBe('/portal/eligibility/check-answers');
      const check = await c.get('/portal/eligibility/check-answers');
      expect(check.html).toContain('Wales (outside England)');
      expect(check.html).not.toContain('Practice ODS code');
      const result = await c.get('/portal/eligibility/result');
      expect(result.html).toContain('<h1>Does not meet the eligibility rules</h1>');
      expect(result.html).toContain('You must live in England or work for a GP practice or primary care provider in England.');
    });

    it('works signed in too, the forms carrying the session’s CSRF token; without one the post is refused', async () => {
      const { c } = await signedInApplicant();
      const dob = { 'dateOfBirth[day]': '14', 'dateOfBirth[month]': '3', 'dateOfBirth[year]': '1985' };
      expect((await answer(c, '/portal/eligibility/date-of-birth', dob)).location).toBe('/portal/eligibility/role');
      // Without the session's token the post runs as anonymous, and has no form token either.
      const forged = await c.post('/portal/eligibility/role', { currentRole: 'practice_manager' });
      expect(forged.status).toBe(400);
      expect(forged.html).toContain('did not come from this site');
    });

    it('keeps answers only in a sealed cookie for the checker: altered, another site’s post, or none, and there are no answers', async () => {
      const c = client();
      const res = await answer(c, '/portal/eligibility/date-of-birth', { 'dateOfBirth[day]': '14', 'dateOfBirth[month]': '3', 'dateOfBirth[year]': '1985' });
      const set = res.headers.getSetCookie().find((h) => h.startsWith('pmdp_eligibility='))!;
      expect(set).toMatch(/; Path=\/portal\/eligibility; Max-Age=3600; HttpOnly; SameSite=Lax/);
      const sealed = c.otherCookies.get('pmdp_eligibility')!;
      expect(sealed).not.toContain('1985');
      expect((await c.get('/portal/eligibility/role')).status).toBe(200);
      const [version, iv, tag, data] = sealed.split('.');
      c.otherCookies.set('pmdp_eligibility', [version, iv, tag, (data.startsWith('AAAA') ? 'BBBB' : 'AAAA') + data.slice(4)].join('.'));
      expect((await c.get('/portal/eligibility/role')).location).toBe('/portal/eligibility/date-of-birth');

      const forged = await client().post('/portal/eligibility/date-of-birth', { 'dateOfBirth[day]': '14', 'dateOfBirth[month]': '3', 'dateOfBirth[year]': '1985' });
      expect(forged.status).toBe(400);
      expect(forged.html).toContain('did not come from this site');
      expect(forged.headers.getSetCookie().some((h) => h.startsWith('pmdp_eligibility='))).toBe(false);
      expect((await client().get('/portal/eligibility/result')).location).toBe('/portal/eligibility/date-of-birth');
    });
  });

  describe('the profile', () => {
    const SECTIONS = ['about-you', 'role', 'skills'] as const;

    it('a summary of the three sections, each saved on its own page through the service, and back to next', async () => {
      const { user, c } = await signedInApplicant({ profile: false });
      const empty = await c.get('/portal/profile?next=/portal/rounds');
      expect(empty.status).toBe(200);
      expect(empty.html).toContain('<h1>Your profile</h1>');
      expect(empty.html.match(/Not started/g)).toHaveLength(3);
      for (const slug of SECTIONS) expect(empty.html).toContain(`href="/portal/profile/${slug}?next=/portal/rounds"`);
      const role = await c.get('/portal/profile/role?next=/portal/rounds');
      expect(role.html).toContain('North East and Yorkshire');
      expect(role.html).toContain('name="next" value="/portal/rounds"');
      expect(role.html).not.toContain('name="dateOfBirth[day]"');
      expect((await c.get('/portal/profile/skills')).html).toContain('Could teach it');
      expect((await c.get('/portal/profile/about-you')).html).toMatch(/id="fullName"[^>]*value="Test applicant"|value="Test applicant"[^>]*id="fullName"/);
      expect((await c.get('/portal/profile/statement')).status).toBe(404);

      // One section saved: a draft of the profile, shown on the summary with the others still to start.
      const first = await c.post('/portal/profile/about-you', { ...profileForm(), _csrf: c.csrf });
      expect(first.location).toBe('/portal/profile?saved=1');
      expect((await w.call('GET', '/me/profile', { token: user.token })).status).toBe(404);
      const partial = await c.get(first.location!);
      expect(partial.html).toContain('Your profile has been saved');
      expect(partial.html).toContain('14 March 1985');
      expect(partial.html.match(/Not started/g)).toHaveLength(2);
      expect(partial.html).toContain('You need to complete every section of your profile');

      // Not complete yet: back to the summary, keeping where the person was going; the last section goes there.
      expect((await c.post('/portal/profile/role', { ...profileForm(), next: '/portal/rounds', _csrf: c.csrf })).location).toBe('/portal/profile?saved=1&next=%2Fportal%2Frounds');
      const saved = await c.post('/portal/profile/skills', { ...profileForm(), next: '/portal/rounds', _csrf: c.csrf });
      expect(saved.status).toBe(303);
      expect(saved.location).toBe('/portal/rounds');
      const api = await w.call('GET', '/me/profile', { token: user.token });
      expect(api.body).toMatchObject({
        fullName: 'Pat Portal',
        dateOfBirth: '1985-03-14',
        postcode: 'LS1 4AP',
        region: 'north_east_and_yorkshire',
        employerOdsCode: 'B82005',
        yearsInRole: 4,
        highestQualificationLevel: 3,
        hasLevel2EnglishAndMaths: true,
        skills: expect.objectContaining({ finance: 2, patient_services: 4 }),
      });
      // The summary in words: names from config/workforce.yaml, ratings by name.
      const summary = await c.get('/portal/profile');
      for (const text of ['Pat Portal', '14 March 1985', 'LS1 4AP', 'Level 3', 'Assistant practice manager', 'B82005', 'North East and Yorkshire', '4: Could teach it']) expect(summary.html).toContain(text);
      expect(summary.html).not.toContain('Not started');
      expect(summary.html).not.toContain('You need to complete every section');
      expect(summary.html.match(/>\s*Change<span class="nhsuk-u-visually-hidden">/g)).toHaveLength(3);
      // A section shown again as saved; a next that is not a portal path is ignored.
      expect((await c.get('/portal/profile/about-you')).html).toMatch(/name="dateOfBirth\[year\]"[^>]*value="1985"/);
      const plain = await c.post('/portal/profile/role', { ...profileForm({ yearsInRole: '5' }), next: 'https://evil.example/', _csrf: c.csrf });
      expect(plain.location).toBe('/portal/profile?saved=1');
      expect((await w.call('GET', '/me/profile', { token: user.token })).body.yearsInRole).toBe(5);
    });

    it("names the page's and the service's problems by field, all at once, keeping what was typed (422)", async () => {
      const { user, c } = await signedInApplicant({ profile: false });
      await c.get('/portal/profile');
      const blank = await c.post('/portal/profile/about-you', { _csrf: c.csrf });
      expect(blank.status).toBe(422);
      expect(blank.html).toMatch(/href="#fullName"[^>]*>\s*Enter your full name/);
      expect(blank.html).toMatch(/href="#dateOfBirth-day"[^>]*>\s*Enter your date of birth/);
      expect(blank.html).toMatch(/href="#postcode"[^>]*>\s*Enter your postcode/);
      // Only this section's questions are asked, so only its problems are named.
      expect(blank.html).not.toContain('Select your current role');
      const skills = await c.post('/portal/profile/skills', { _csrf: c.csrf });
      expect(skills.html).toMatch(/href="#skills-finance"[^>]*>\s*Select how much experience you have of finance/);

      const refused = await c.post('/portal/profile/about-you', { ...profileForm({ postcode: 'NOT A CODE', 'dateOfBirth[year]': String(new Date().getUTCFullYear() + 1) }), _csrf: c.csrf });
      expect(refused.status).toBe(422);
      expect(refused.html).toMatch(/href="#postcode"[^>]*>\s*Enter a real UK postcode/);
      expect(refused.html).toMatch(/href="#dateOfBirth-day"[^>]*>\s*Your date of birth must be in the past/);
      expect(refused.html).toContain('value="NOT A CODE"');
      const role = await c.post('/portal/profile/role', { ...profileForm({ employerOdsCode: 'X1', yearsInRole: '' }), _csrf: c.csrf });
      expect(role.status).toBe(422);
      expect(role.html).toMatch(/href="#yearsInRole"[^>]*>\s*Enter how many years/);
      expect(role.html).toMatch(/href="#employerOdsCode"[^>]*>\s*Enter your practice code/);
      expect((await w.call('GET', '/me/profile', { token: user.token })).status).toBe(404);
      expect((await c.get('/portal/profile')).html.match(/Not started/g)).toHaveLength(3);
    });
  });

  describe('starting, filling in and submitting an application', () => {
    /** Completes the sections that are not the profile's, as a person would on their pages. */
    async function completeApplicationSections(c: PortalClient, id: string) {
      const base = `/portal/applications/${id}/tasks`;
      await c.get(`${base}/employer-support`);
      expect((await c.post(`${base}/employer-support`, { _csrf: c.csrf, hasSupport: 'yes', employerName: 'Dr Jane Rahman', employerEmail: 'jane.rahman@nhs.example' })).location).toBe(`/portal/applications/${id}`);
      expect((await c.post(`${base}/statement`, { _csrf: c.csrf, statement: 'I run the rota and want to manage the practice.' })).location).toBe(`/portal/applications/${id}`);
      expect((await c.post(`${base}/declaration`, { _csrf: c.csrf, declaration: 'confirmed' })).location).toBe(`/portal/applications/${id}`);
    }

    it('Apply on the rounds page starts a draft (as POST /applications) and opens its task list; the sections are saved and it is submitted as the API would', async () => {
      const { user, c } = await signedInApplicant();
      const rounds = await c.get('/portal/rounds');
      expect(rounds.html).toContain('<form action="/portal/applications" method="post"');
      expect(rounds.html).toContain(`name="qualificationId" value="${level5.id}"`);

      const started = await apply(c);
      expect(started.status).toBe(303);
      const id = /^\/portal\/applications\/([0-9a-f-]{36})\?done=started$/.exec(started.location!)![1];
      const api = await w.call('GET', `/applications/${id}`, { token: user.token });
      expect(api.body).toMatchObject({ status: 'draft', roundId: round.id, qualificationId: level5.id });

      const draftPage = await c.get(started.location!);
      expect(draftPage.html).toContain('Your application has been started');
      // The profile was filled in before: its three sections are complete already, as is the qualification.
      expect(draftPage.html).toContain('You have completed 4 of 7 sections');
      expect(draftPage.html).toContain(`href="/portal/applications/${id}/tasks/statement"`);
      expect(draftPage.html).not.toContain('Check your answers and submit');

      await completeApplicationSections(c, id);
      expect((await w.call('GET', `/applications/${id}`, { token: user.token })).body).toMatchObject({
        statement: 'I run the rota and want to manage the practice.',
        employerSupport: { name: 'Dr Jane Rahman', email: 'jane.rahman@nhs.example' },
      });
      expect((await c.get(`/portal/applications/${id}`)).html).toContain(`href="/portal/applications/${id}/check"`);
      const checked = await c.get(`/portal/applications/${id}/check`);
      expect(checked.html).toContain('Dr Jane Rahman, jane.rahman@nhs.example');
      expect(checked.html).toContain('Submit application');

      const submitted = await c.post(`/portal/applications/${id}/submit`, { _csrf: c.csrf });
      expect(submitted.status).toBe(303);
      expect(submitted.location).toBe(`/portal/applications/${id}/confirmation`);
      const after = await w.call('GET', `/applications/${id}`, { token: user.token });
      expect(after.body.status).toBe('under_review');
      expect(after.body.eligibility.outcome).toBe('eligible');
      const confirmation = await c.get(submitted.location!);
      expect(confirmation.html).toContain('Application submitted');
      expect(confirmation.html).toContain(after.body.reference);
      const page = await c.get(`/portal/applications/${id}`);
      expect(page.html).toContain('Meets the eligibility rules');
      expect(page.html).not.toContain('Submit application');
      expect(page.html).toContain(`href="/portal/applications/${id}/answers"`);
      // A submitted application can no longer be changed through the pages: they send back to it.
      const late = await c.post(`/portal/applications/${id}/tasks/statement`, { _csrf: c.csrf, statement: 'changed' });
      expect(late.location).toBe(`/portal/applications/${id}`);
      expect((await w.call('GET', `/applications/${id}`, { token: user.token })).body.statement).toBe('I run the rota and want to manage the practice.');
    });

    it('one active application per round: a second Apply is refused on the rounds page', async () => {
      const { c } = await signedInApplicant();
      expect((await apply(c)).status).toBe(303);
      const rounds = await c.get('/portal/rounds');
      expect(rounds.html).toContain('You have an application in this round');
      const again = await c.post('/portal/applications', { _csrf: c.csrf, roundId: round.id, qualificationId: level3.id });
      expect(again.status).toBe(422);
      expect(again.html).toContain('<h1 id="rounds" tabindex="-1">Funding rounds open now</h1>');
      expect(again.html).toMatch(new RegExp(`href="#round-${round.id}"[^>]*>\\s*You already have an application in this funding round`));
      const closed = await openRound(w, [level5.id], { opensAt: new Date(Date.now() - 7200_000), closesAt: new Date(Date.now() - 3600_000) });
      const refused = await c.post('/portal/applications', { _csrf: c.csrf, roundId: closed.id, qualificationId: level5.id });
      expect(refused.status).toBe(422);
      expect(refused.html).toMatch(/href="#rounds"[^>]*>\s*This funding round is not taking applications now/);
    });

    it('without a profile, submitting is refused naming each section still to do; the profile page completes three of them', async () => {
      const { user, c } = await signedInApplicant({ profile: false });
      const started = await apply(c);
      const id = started.location!.split('/').at(-1)!.split('?')[0];
      const check = await c.get(`/portal/applications/${id}/check`);
      expect(check.html).toContain('You need to complete these sections before you can submit');
      expect(check.html).not.toContain('Submit application');
      const refused = await c.post(`/portal/applications/${id}/submit`, { _csrf: c.csrf });
      expect(refused.status).toBe(422);
      for (const [slug, title] of [['about-you', 'About you'], ['role', 'Your role and employer'], ['skills', 'Your skills'], ['declaration', 'Declaration']]) {
        expect(refused.html).toMatch(new RegExp(`href="#section-${slug}"[^>]*>\\s*${title}: complete this section before you submit`));
      }
      expect((await w.call('GET', `/applications/${id}`, { token: user.token })).body.status).toBe('draft');
      // The profile's own section pages fill the same profile: with them and the other sections, the draft submits.
      for (const slug of ['about-you', 'role', 'skills']) {
        const saved = await c.post(`/portal/profile/${slug}`, { ...profileForm(), next: `/portal/applications/${id}`, _csrf: c.csrf });
        expect(saved.location).toBe(slug === 'skills' ? `/portal/applications/${id}` : `/portal/profile?saved=1&next=${encodeURIComponent(`/portal/applications/${id}`)}`);
      }
      expect((await c.get(`/portal/applications/${id}`)).html).toContain('You have completed 4 of 7 sections');
      await completeApplicationSections(c, id);
      expect((await c.post(`/portal/applications/${id}/submit`, { _csrf: c.csrf })).status).toBe(303);
    });

    it('a profile section changes the saved profile; only the skills section adds a skills audit row', async () => {
      const { user, c } = await signedInApplicant();
      const id = (await apply(c)).location!.split('/').at(-1)!.split('?')[0];
      const audits = () => count(`SELECT count(*)::int AS n FROM skills_audit WHERE user_id = $1`, [user.id]);
      const before = await audits();
      const form = profileForm({ fullName: 'Pat Renamed' });
      const about = await c.post(`/portal/applications/${id}/tasks/about-you`, { ...form, _csrf: c.csrf, from: 'check' });
      expect(about.location).toBe(`/portal/applications/${id}/check`);
      expect((await w.call('GET', '/me/profile', { token: user.token })).body).toMatchObject({ fullName: 'Pat Renamed', region: 'north_east_and_yorkshire' });
      expect(await audits()).toBe(before);
      expect((await c.post(`/portal/applications/${id}/tasks/skills`, { ...profileForm({ 'skills[finance]': '4' }), _csrf: c.csrf })).location).toBe(`/portal/applications/${id}`);
      expect((await w.call('GET', '/me/profile', { token: user.token })).body.skills.finance).toBe(4);
      expect(await audits()).toBe(before + 1);
    });

    it('section errors are shown by field with the values kept', async () => {
      const { c } = await signedInApplicant();
      const id = (await apply(c)).location!.split('/').at(-1)!.split('?')[0];
      await c.get(`/portal/applications/${id}/tasks/employer-support`);
      const res = await c.post(`/portal/applications/${id}/tasks/employer-support`, { _csrf: c.csrf, hasSupport: 'yes', employerName: 'Dr No Email', employerEmail: '' });
      expect(res.status).toBe(422);
      expect(res.html).toMatch(/href="#employer-email"[^>]*>\s*Enter the email address of the person/);
      expect(res.html).toContain('value="Dr No Email"');
      const long = await c.post(`/portal/applications/${id}/tasks/statement`, { _csrf: c.csrf, statement: `Kept ${'x'.repeat(5000)}` });
      expect(long.status).toBe(422);
      expect(long.html).toMatch(/href="#statement"[^>]*>\s*Your statement must be 5,000 characters or fewer/);
      expect(long.html).toContain('>Kept x');
      const role = await c.post(`/portal/applications/${id}/tasks/role`, { _csrf: c.csrf, employerOdsCode: 'X1' });
      expect(role.status).toBe(422);
      // Missing answers and a malformed code reported together.
      expect(role.html).toMatch(/href="#currentRole"[^>]*>\s*Select your current role/);
      expect(role.html).toMatch(/href="#employerOdsCode"[^>]*>\s*Enter your practice code/);
      const notOffered = await c.post(`/portal/applications/${id}/tasks/qualification`, { _csrf: c.csrf, qualificationId: '00000000-0000-4000-8000-000000000000' });
      expect(notOffered.status).toBe(422);
      expect(notOffered.html).toMatch(/href="#qualificationId"[^>]*>\s*Select the qualification you want to apply for/);
      expect(notOffered.html).toMatch(new RegExp(`value="${level5.id}"[^>]*checked`));
      expect((await c.get(`/portal/applications/${id}/tasks/nonsense`)).status).toBe(404);
    });
  });

  describe('withdrawing', () => {
    it('asks first and needs a reason; withdrawn as the API would, after which the round can be applied for again', async () => {
      const { user, c } = await signedInApplicant();
      const id = (await apply(c)).location!.split('/').at(-1)!.split('?')[0];
      expect((await c.get(`/portal/applications/${id}`)).html).toContain(`href="/portal/applications/${id}/withdraw"`);
      const confirm = await c.get(`/portal/applications/${id}/withdraw`);
      expect(confirm.status).toBe(200);
      expect(confirm.html).toContain('Are you sure you want to withdraw your application?');

      const noReason = await c.post(`/portal/applications/${id}/withdraw`, { _csrf: c.csrf, reason: '  ' });
      expect(noReason.status).toBe(422);
      expect(noReason.html).toMatch(/href="#reason"[^>]*>\s*Enter why you are withdrawing your application/);
      expect((await w.call('GET', `/applications/${id}`, { token: user.token })).body.status).toBe('draft');

      const done = await c.post(`/portal/applications/${id}/withdraw`, { _csrf: c.csrf, reason: 'I have changed job' });
      expect(done.status).toBe(303);
      expect(done.location).toBe(`/portal/applications/${id}?done=withdrawn`);
      const api = await w.call('GET', `/applications/${id}`, { token: user.token });
      expect(api.body.status).toBe('withdrawn');
      expect(api.body.history.at(-1)).toMatchObject({ status: 'withdrawn', by: 'applicant', note: 'I have changed job' });
      const page = await c.get(done.location!);
      expect(page.html).toContain('Your application has been withdrawn');
      expect(page.html).not.toContain('/withdraw"');
      // Not withdrawable any more: the confirmation page sends back to the application.
      expect((await c.get(`/portal/applications/${id}/withdraw`)).status).toBe(303);
      expect((await c.post(`/portal/applications/${id}/withdraw`, { _csrf: c.csrf, reason: 'again' })).status).toBe(422);
      expect((await apply(c)).status).toBe(303);
    });
  });

  describe('access and forgery', () => {
    it('CSRF: every new signed-in form refuses a post without the token or with another session\'s (403), and nothing changes', async () => {
      const { user, c } = await signedInApplicant();
      const id = (await apply(c)).location!.split('/').at(-1)!.split('?')[0];
      const other = (await signedInApplicant()).c;
      await other.get('/portal/rounds');
      const forms: [string, Record<string, string>][] = [
        ['/portal/profile/about-you', profileForm({ fullName: 'Forged Name' })],
        ['/portal/applications', { roundId: round.id, qualificationId: level3.id }],
        [`/portal/applications/${id}/tasks/statement`, { statement: 'forged' }],
        [`/portal/applications/${id}/tasks/about-you`, { fullName: 'Forged Name' }],
        [`/portal/applications/${id}/submit`, {}],
        [`/portal/applications/${id}/withdraw`, { reason: 'forged' }],
      ];
      for (const [path, form] of forms) {
        expect(`${path} ${(await c.post(path, form)).status}`).toBe(`${path} 403`);
        expect(`${path} ${(await c.post(path, { ...form, _csrf: other.csrf })).status}`).toBe(`${path} 403`);
      }
      const api = await w.call('GET', `/applications/${id}`, { token: user.token });
      expect(api.body).toMatchObject({ status: 'draft', statement: null });
      expect((await w.call('GET', '/me/profile', { token: user.token })).body.fullName).not.toBe('Forged Name');
    });

    it("another applicant's draft is a 404 on every page and form; signed out is 401 with next", async () => {
      const { c } = await signedInApplicant();
      const id = (await apply(c)).location!.split('/').at(-1)!.split('?')[0];
      const stranger = (await signedInApplicant()).c;
      await stranger.get('/portal/applications');
      const csrf = stranger.csrf;
      for (const suffix of ['', '/withdraw', '/check', '/confirmation', '/answers', '/tasks/statement', '/tasks/about-you']) expect(`${suffix} ${(await stranger.get(`/portal/applications/${id}${suffix}`)).status}`).toBe(`${suffix} 404`);
      for (const [path, form] of [
        [`/portal/applications/${id}/tasks/statement`, { statement: 'mine now' }],
        [`/portal/applications/${id}/tasks/about-you`, { fullName: 'Mine Now' }],
        [`/portal/applications/${id}/submit`, {}],
        [`/portal/applications/${id}/withdraw`, { reason: 'not mine' }],
      ] as const) {
        expect((await stranger.post(path, { ...form, _csrf: csrf })).status).toBe(404);
      }
      const anonymous = await client().get('/portal/profile');
      expect(anonymous.status).toBe(401);
      // The sign-in form itself, coming back to the page asked for.
      expect(anonymous.html).toContain('<form action="/portal/sign-in" method="post"');
      expect(hiddenField(anonymous.html, 'next')).toBe('/portal/profile');
      const rounds = await client().get('/portal/rounds');
      expect(rounds.html).toContain('href="/portal/sign-in?next=/portal/rounds"');
      expect(rounds.html).not.toContain('<form action="/portal/applications"');
    });
  });
});
