import { Queue } from 'bullmq';
import { TOPIC } from '@app/notifications';
import { JOB, QUEUE } from '@app/queue';
import { SkillsAuditInvitationsService } from '@app/workforce';
import { goodProfile } from './factories/intake.factory';
import { until } from './support/outbox';
import { PortalClient } from './support/portal-client';
import { PASSWORD, World } from './support/world';

const SKILLS = { finance: 2, hr_workforce: 3, governance_compliance: 1, it_data: 4, contracts_commissioning: 2, leadership_change: 3, patient_services: 4, premises_operations: 1 };
const AUDIT = { currentRole: 'practice_manager', region: 'north_west', employerOdsCode: 'p84001', skills: SKILLS, consent: true };
/** Early in the 2026-27 audit year (the programme's financial year starts on 1 April). */
const IN_2026_27 = new Date('2026-06-01T10:00:00Z');

describe('the skills audit', () => {
  let w: World;

  beforeAll(async () => {
    w = await World.start();
    w.clock.set(IN_2026_27);
  });
  afterAll(() => w.stop());

  const rowsOf = (userId: string) =>
    w.db.query(`SELECT source, audit_year, job_role, region, employer_ods_code, skills, consented_at IS NOT NULL AS consented FROM skills_audit WHERE user_id = $1 ORDER BY submitted_at`, [userId]);

  it('anyone signed in records one; each update is a new row, and history shows both, newest first', async () => {
    // A member of staff, not an applicant: no application is needed.
    const person = await w.signedIn('reviewer');
    const first = await w.call('POST', '/skills-audits', { token: person.token, body: AUDIT });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ source: 'audit', auditYear: '2026-27', currentRole: 'practice_manager', region: 'north_west', employerOdsCode: 'P84001', skills: SKILLS });
    w.clock.advance({ days: 30 });
    const second = await w.call('POST', '/skills-audits', { token: person.token, body: { ...AUDIT, employerOdsCode: undefined, skills: { ...SKILLS, finance: 3 } } });
    expect(second.status).toBe(201);

    const rows = await rowsOf(person.id);
    expect(rows).toHaveLength(2);
    expect(rows.map((r: { skills: { finance: number } }) => r.skills.finance)).toEqual([2, 3]);
    expect(rows[1].employer_ods_code).toBeNull();
    const mine = await w.call('GET', '/skills-audits/mine', { token: person.token });
    expect(mine.status).toBe(200);
    expect(mine.body.map((a: { id: string }) => a.id)).toEqual([second.body.id, first.body.id]);
    // Nobody else's rows.
    const other = await w.signedIn('applicant');
    expect((await w.call('GET', '/skills-audits/mine', { token: other.token })).body).toEqual([]);
  });

  it('names every bad field (problem+json), and keeps nothing', async () => {
    const person = await w.signedIn('applicant');
    const res = await w.call('POST', '/skills-audits', {
      token: person.token,
      body: { currentRole: 'astronaut', region: 'mars', employerOdsCode: 'ABC', skills: { ...SKILLS, finance: 5, it_data: undefined, cooking: 2 }, consent: true },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['currentRole', 'employerOdsCode', 'region', 'skills.cooking', 'skills.finance', 'skills.it_data']);
    const shape = await w.call('POST', '/skills-audits', { token: person.token, body: { currentRole: 'practice_manager' } });
    expect(shape.status).toBe(400);
    expect(shape.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['region', 'skills', 'consent']));
    expect(await rowsOf(person.id)).toEqual([]);
    expect((await w.call('POST', '/skills-audits', { body: AUDIT })).status).toBe(401);
  });

  it('consent is required', async () => {
    const person = await w.signedIn('applicant');
    const res = await w.call('POST', '/skills-audits', { token: person.token, body: { ...AUDIT, consent: false } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'consent', message: expect.stringContaining('must be given') }]);
    expect(await rowsOf(person.id)).toEqual([]);
  });

  it('an applicant saving their profile writes a profile row, and the profile page says what the answers are for', async () => {
    const person = await w.signedIn('applicant');
    const profile = goodProfile({ region: 'london', currentRole: 'receptionist_or_administrator', employerOdsCode: 'f84001' });
    expect((await w.call('PUT', '/me/profile', { token: person.token, body: profile })).status).toBe(200);
    expect((await w.call('PUT', '/me/profile', { token: person.token, body: { ...profile, skills: { ...profile.skills, finance: 4 } } })).status).toBe(200);
    const rows = await rowsOf(person.id);
    expect(rows).toEqual([
      { source: 'profile', audit_year: '2026-27', job_role: 'receptionist_or_administrator', region: 'london', employer_ods_code: 'F84001', skills: profile.skills, consented: true },
      { source: 'profile', audit_year: '2026-27', job_role: 'receptionist_or_administrator', region: 'london', employer_ods_code: 'F84001', skills: { ...profile.skills, finance: 4 }, consented: true },
    ]);
    // A refused profile writes nothing.
    expect((await w.call('PUT', '/me/profile', { token: person.token, body: { ...profile, region: 'mars' } })).status).toBe(400);
    expect(await rowsOf(person.id)).toHaveLength(2);

    const c = new PortalClient(w.api.url);
    await c.signIn(person.email, PASSWORD);
    const page = await c.get('/portal/profile/skills');
    expect(page.html).toContain('Reports only show figures about 5 people or more');
    expect(page.html).toContain('Only the programme team can see your individual answers');
  });

  it('the pages: start (public), consent, role, skills, check, confirmation, history with change', async () => {
    const anonymous = new PortalClient(w.api.url);
    const start = await anonymous.get('/portal/skills-audit');
    expect(start.status).toBe(200);
    expect(start.html).toContain('Reports only show figures about 5 people or more');
    expect(start.html).toContain('href="/portal/sign-in?next=/portal/skills-audit/consent"');
    expect((await anonymous.get('/portal/skills-audit/consent')).status).toBe(401);

    const person = await w.signedIn('applicant');
    await w.call('PUT', '/me/profile', { token: person.token, body: goodProfile({ region: 'south_west', currentRole: 'assistant_practice_manager', employerOdsCode: 'L81001' }) });
    const c = new PortalClient(w.api.url);
    const signedIn = await c.post('/portal/sign-in', { email: person.email, password: PASSWORD, next: '/portal/skills-audit/consent' });
    expect(signedIn.location).toBe('/portal/skills-audit/consent');

    await c.get('/portal/skills-audit/consent');
    const noConsent = await c.post('/portal/skills-audit/consent', { _csrf: c.csrf });
    expect(noConsent.status).toBe(422);
    expect(noConsent.html).toMatch(/href="#consent"[^>]*>\s*Confirm that you agree/);
    expect((await c.post('/portal/skills-audit/consent', { _csrf: c.csrf, consent: 'yes' })).location).toBe('/portal/skills-audit/role');

    // Prefilled from the profile.
    const role = await c.get('/portal/skills-audit/role');
    expect(role.html).toMatch(/value="assistant_practice_manager"[^>]*checked/);
    expect(role.html).toMatch(/value="south_west"[^>]*selected/);
    expect(role.html).toContain('value="L81001"');
    const badRole = await c.post('/portal/skills-audit/role', { _csrf: c.csrf, currentRole: '', region: '', employerOdsCode: 'L8' });
    expect(badRole.status).toBe(422);
    expect(badRole.html).toMatch(/href="#currentRole"[^>]*>\s*Select your current role/);
    expect(badRole.html).toMatch(/href="#region"[^>]*>\s*Select the NHS England region/);
    expect(badRole.html).toMatch(/href="#employerOdsCode"[^>]*>\s*Enter your practice/);
    expect((await c.post('/portal/skills-audit/role', { _csrf: c.csrf, currentRole: 'practice_manager', region: 'south_west', employerOdsCode: '' })).location).toBe('/portal/skills-audit/skills');

    const skills = await c.get('/portal/skills-audit/skills');
    expect(skills.html).toContain('Budgets, financial and risk management, contract income and claims');
    const missing = await c.post('/portal/skills-audit/skills', { _csrf: c.csrf, 'skills[finance]': '4' });
    expect(missing.status).toBe(422);
    expect(missing.html).toMatch(/href="#skills-hr_workforce"[^>]*>\s*Select how much experience you have of HR and workforce/);
    const ratings = Object.fromEntries(Object.entries(SKILLS).map(([k, v]) => [`skills[${k}]`, String(v)]));
    expect((await c.post('/portal/skills-audit/skills', { _csrf: c.csrf, ...ratings })).location).toBe('/portal/skills-audit/check');

    const check = await c.get('/portal/skills-audit/check');
    expect(check.html).toContain('Practice manager');
    expect(check.html).toContain('South West');
    expect(check.html).toContain('4: Could teach it');
    const sent = await c.post('/portal/skills-audit/check', { _csrf: c.csrf });
    expect(sent.location).toBe('/portal/skills-audit/done');
    expect((await c.get('/portal/skills-audit/done')).html).toContain('Skills audit sent');
    const rows = await rowsOf(person.id);
    expect(rows.map((r: { source: string }) => r.source)).toEqual(['profile', 'audit']);
    expect(rows[1]).toMatchObject({ job_role: 'practice_manager', region: 'south_west', employer_ods_code: null, skills: SKILLS });
    // The journey is spent: the next one starts from this audit, and asks for consent again.
    expect(await w.db.query(`SELECT 1 FROM skills_audit_draft WHERE user_id = $1`, [person.id])).toEqual([]);
    expect((await c.get('/portal/skills-audit/consent')).html).not.toMatch(/value="yes"[^>]*checked/);
    const incomplete = await c.post('/portal/skills-audit/check', { _csrf: c.csrf });
    expect(incomplete.status).toBe(422);
    expect(await rowsOf(person.id)).toHaveLength(2);

    // goodProfile rates finance 2 (SKILLS: 2), governance_compliance 3 (SKILLS: 1), it_data 3 (SKILLS: 4).
    const history = await c.get('/portal/skills-audit/history');
    expect(history.status).toBe(200);
    expect(history.html.match(/<caption/g)).toHaveLength(2);
    const cells = (name: string) => new RegExp(`${name}\\s*</th>\\s*<td[^>]*>\\s*([^<]*?)\\s*</td>\\s*<td[^>]*>\\s*([^<]*?)\\s*</td>`, 'g');
    const newestAndOldest = (name: string) => [...history.html.matchAll(cells(name))].map((m) => `${m[1]} / ${m[2]}`);
    expect(newestAndOldest('IT and data')).toEqual(['4: Could teach it / Up 1', '3: Confident / First assessment']);
    expect(newestAndOldest('Finance')).toEqual(['2: Some experience / No change', '2: Some experience / First assessment']);
    expect(newestAndOldest('Governance, compliance and CQC')).toEqual(['1: New to it / Down 2', '3: Confident / First assessment']);
  });

  it('invites each person whose newest audit is from an earlier year, once a year, unless they opted out', async () => {
    const invitations = w.api.app.get(SkillsAuditInvitationsService);
    const keen = await w.signedIn('applicant');
    const muted = await w.signedIn('applicant');
    const current = await w.signedIn('applicant');
    for (const p of [keen, muted]) expect((await w.call('POST', '/skills-audits', { token: p.token, body: AUDIT })).status).toBe(201);
    const off = await w.call('PUT', '/me/notification-preferences', { token: muted.token, body: { skillsAuditInvitations: false } });
    expect(off.body).toEqual({ reminders: true, digests: true, skillsAuditInvitations: false });

    // Nobody is due in the year they last answered.
    await invitations.inviteDue();
    expect(await w.db.query(`SELECT 1 FROM outbox WHERE topic = $1`, [TOPIC.skillsAuditInvitation])).toEqual([]);

    // A year on, in 2027-28: `current` has already answered this year.
    w.clock.set(new Date('2027-05-03T09:00:00Z'));
    expect((await w.call('POST', '/skills-audits', { token: await w.signIn(current.email), body: AUDIT })).status).toBe(201);
    const invited = await invitations.inviteDue();
    expect(await invitations.inviteDue()).toBe(0);
    const sent = await w.db.query(`SELECT recipient_user_id, data FROM outbox WHERE topic = $1`, [TOPIC.skillsAuditInvitation]);
    const to = sent.map((s: { recipient_user_id: string }) => s.recipient_user_id);
    expect(to).toEqual(expect.arrayContaining([keen.id, muted.id]));
    expect(to).not.toContain(current.id);
    expect(new Set(to).size).toBe(to.length);
    expect(invited).toBe(to.length);
    expect(sent.find((s: { recipient_user_id: string }) => s.recipient_user_id === keen.id).data).toEqual({ auditYear: '2027-28', lastAuditYear: '2026-27' });

    const email = await w.smtp.waitFor(keen.email, /Update your practice management skills audit for 2027-28/);
    expect(email.text).toContain('/portal/skills-audit');
    expect(email.text).toContain('email settings');
    await until(async () => (await w.db.query(`SELECT status FROM outbox WHERE recipient_user_id = $1 AND topic = $2`, [muted.id, TOPIC.skillsAuditInvitation]))[0]?.status === 'skipped', 15_000, 'the muted invitation skipped');
    expect(w.smtp.messages.filter((m) => m.to.includes(muted.email))).toEqual([]);

    // Later the same year: still once.
    w.clock.advance({ days: 100 });
    expect(await invitations.inviteDue()).toBe(0);
    // The next year, again.
    w.clock.set(new Date('2028-04-02T09:00:00Z'));
    expect(await invitations.inviteDue()).toBeGreaterThanOrEqual(3);
    expect((await w.db.query(`SELECT audit_year FROM skills_audit_invitation WHERE user_id = $1 ORDER BY audit_year`, [keen.id])).map((r: { audit_year: string }) => r.audit_year)).toEqual(['2027-28', '2028-29']);
  });

  it('the worker schedules the invitation daily, and its job invites', async () => {
    const queue = new Queue(QUEUE.schedules, { connection: { url: w.api.config.redis.url }, prefix: w.api.config.redis.queuePrefix });
    try {
      expect(await queue.getJobScheduler(JOB.inviteSkillsAudits)).toMatchObject({ pattern: '0 9 * * *', tz: 'Europe/London' });
      const person = await w.signedIn('finance');
      expect((await w.call('POST', '/skills-audits', { token: person.token, body: AUDIT })).status).toBe(201);
      w.clock.advance({ days: 400 });
      await queue.add(JOB.inviteSkillsAudits, {});
      await until(async () => (await w.db.query(`SELECT 1 FROM outbox WHERE recipient_user_id = $1 AND topic = $2`, [person.id, TOPIC.skillsAuditInvitation])).length === 1, 15_000, 'the scheduled invitation');
    } finally {
      await queue.close();
    }
  });
});
