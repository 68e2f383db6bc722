/**
 * Issue 15, providers and people: admins register and correct providers,
 * invite their users, issue and revoke their keys; invite staff, change roles,
 * disable and enable (with the service's refusals); read the audit log and the
 * delivery log with their filters, and resend. Provider users manage their own keys.
 */
import { AuditService, SYSTEM_ACTOR } from '@app/identity';
import { applicant, draft, openRound, qualification } from './factories/intake.factory';
import { PortalClient } from './support/portal-client';
import { PASSWORD, World } from './support/world';

/** The error summary links to the field `id` with `text`. */
function expectSummary(html: string, id: string, text: string) {
  expect(html).toContain('There is a problem');
  expect(html.replace(/\s+/g, ' ')).toContain(`<a href="#${id}"> ${text} </a>`);
}

describe('providers and people on the staff pages', () => {
  let w: World;
  let admin: { id: string; email: string };
  let c: PortalClient;
  let providerId: string;

  beforeAll(async () => {
    w = await World.start({ worker: false });
    admin = await w.user('admin');
    c = new PortalClient(w.api.url);
    await c.signIn(admin.email, PASSWORD);
  }, 60_000);
  afterAll(() => w.stop());

  const ukprn = () => String(10_000_000 + Math.floor(Math.random() * 89_999_999));

  describe('training providers', () => {
    it('registers a provider: 422 naming the field, values kept; the UKPRN taken; 303 with a banner', async () => {
      expect((await c.get('/portal/staff/providers/new')).status).toBe(200);
      const bad = await c.post('/portal/staff/providers', { name: 'Northfield College', ukprn: '1234', _csrf: c.csrf });
      expect(bad.status).toBe(422);
      expect(bad.html).toContain('There is a problem');
      expectSummary(bad.html, 'ukprn', 'The UKPRN must be 8 digits, like 10012345');
      expect(bad.html).toContain('value="Northfield College"');

      const number = ukprn();
      const made = await c.post('/portal/staff/providers', { name: 'Northfield College', ukprn: number, _csrf: c.csrf });
      expect(made.status).toBe(303);
      expect(made.location).toMatch(/^\/portal\/staff\/providers\/[0-9a-f-]{36}\?registered=1$/);
      providerId = made.location!.split('/')[4].split('?')[0];
      const page = await c.get(made.location!);
      expect(page.html).toContain('Training provider registered');
      expect(page.html).toContain(number);
      expect(page.html).toContain(`href="/portal/staff/learners?providerId=${providerId}">0 learners</a>`);

      await c.get('/portal/staff/providers/new');
      const taken = await c.post('/portal/staff/providers', { name: 'Another College', ukprn: number, _csrf: c.csrf });
      expect(taken.status).toBe(422);
      expect(taken.html).toContain('Another provider is registered with this UKPRN');
      expect((await c.get('/portal/staff/providers')).html).toContain(`<a href="/portal/staff/providers/${providerId}">Northfield College</a>`);
    });

    it('corrects a provider on the page and through PATCH /admin/providers/:id, audited before and after', async () => {
      expect((await c.get(`/portal/staff/providers/${providerId}/edit`)).html).toContain('value="Northfield College"');
      const [{ ukprn: number }] = await w.db.query(`SELECT ukprn FROM training_provider WHERE id = $1`, [providerId]);
      const empty = await c.post(`/portal/staff/providers/${providerId}/edit`, { name: '', ukprn: number, _csrf: c.csrf });
      expect(empty.status).toBe(422);
      expect(empty.html).toContain('Enter the provider’s name');
      const saved = await c.post(`/portal/staff/providers/${providerId}/edit`, { name: 'Northfield College of Health', ukprn: number, _csrf: c.csrf });
      expect(saved).toMatchObject({ status: 303, location: `/portal/staff/providers/${providerId}?saved=1` });
      const [audit] = await w.db.query(`SELECT actor_id::text AS actor, before, after FROM audit_event WHERE action = 'provider.updated' AND target_id = $1`, [providerId]);
      expect(audit).toEqual({ actor: admin.id, before: { name: 'Northfield College', ukprn: number }, after: { name: 'Northfield College of Health', ukprn: number } });

      const token = await w.signIn(admin.email);
      const other = await w.provider('Other');
      expect((await w.call('PATCH', `/admin/providers/${other.id}`, { token, body: { ukprn: number } })).status).toBe(409);
      const badUkprn = await w.call('PATCH', `/admin/providers/${other.id}`, { token, body: { ukprn: 'abc' } });
      expect(badUkprn.status).toBe(400);
      expect(JSON.stringify(badUkprn.body)).toContain('ukprn must be 8 digits');
      expect((await w.call('PATCH', `/admin/providers/${other.id}`, { token, body: { name: 'Other College' } })).body).toMatchObject({ name: 'Other College', ukprn: other.ukprn });
      const reviewer = await w.signedIn('reviewer');
      expect((await w.call('PATCH', `/admin/providers/${other.id}`, { token: reviewer.token, body: { name: 'Nope' } })).status).toBe(403);
    });

    it('invites a provider user: errors by field, the address taken, then the invitation', async () => {
      expect((await c.get(`/portal/staff/providers/${providerId}/users/new`)).status).toBe(200);
      const bad = await c.post(`/portal/staff/providers/${providerId}/users`, { fullName: '', email: 'not-an-email', _csrf: c.csrf });
      expect(bad.status).toBe(422);
      expectSummary(bad.html, 'fullName', 'Enter their full name');
      expectSummary(bad.html, 'email', 'Enter an email address in the correct format, like name@example.com');
      const email = `sam.${Date.now()}@northfield.example`;
      const sent = await c.post(`/portal/staff/providers/${providerId}/users`, { fullName: 'Sam Tutor', email, _csrf: c.csrf });
      expect(sent).toMatchObject({ status: 303, location: `/portal/staff/providers/${providerId}?invited=1` });
      const page = await c.get(sent.location!);
      expect(page.html).toContain(email);
      expect(page.html).toContain('Invited');
      const [user] = await w.db.query(`SELECT role, provider_id FROM user_account WHERE email = $1`, [email]);
      expect(user).toEqual({ role: 'provider', provider_id: providerId });
      await c.get(`/portal/staff/providers/${providerId}/users/new`);
      const again = await c.post(`/portal/staff/providers/${providerId}/users`, { fullName: 'Sam Again', email, _csrf: c.csrf });
      expect(again.status).toBe(422);
      expect(again.html).toContain('Someone already has an account with this email address');
    });

    it('issues a key shown once, which works until it is revoked after asking', async () => {
      await c.get(`/portal/staff/providers/${providerId}`);
      const noName = await c.post(`/portal/staff/providers/${providerId}/api-keys`, { name: '', _csrf: c.csrf });
      expect(noName.status).toBe(422);
      expectSummary(noName.html, 'name', 'Enter a name for the key, like the system that will use it');
      await c.get(`/portal/staff/providers/${providerId}`);
      const issued = await c.post(`/portal/staff/providers/${providerId}/api-keys`, { name: 'Student records', _csrf: c.csrf });
      expect(issued.status).toBe(200);
      const key = /(pmdp_key_[A-Za-z0-9_-]+)/.exec(issued.html)![1];
      expect(issued.html).toContain('This is the only time the key is shown');
      expect((await w.call('GET', '/provider/organisation', { token: key })).status).toBe(200);
      const page = await c.get(`/portal/staff/providers/${providerId}`);
      expect(page.html).not.toContain(key);
      const [{ id: keyId }] = await w.db.query(`SELECT id FROM api_key WHERE provider_id = $1 AND name = 'Student records'`, [providerId]);
      expect(page.html).toContain(`/portal/staff/providers/${providerId}/api-keys/${keyId}/revoke`);

      const confirm = await c.get(`/portal/staff/providers/${providerId}/api-keys/${keyId}/revoke`);
      expect(confirm.status).toBe(200);
      expect(confirm.html).toContain('Are you sure you want to revoke this API key?');
      const revoked = await c.post(`/portal/staff/providers/${providerId}/api-keys/${keyId}/revoke`, { _csrf: c.csrf });
      expect(revoked).toMatchObject({ status: 303, location: `/portal/staff/providers/${providerId}?revoked=1` });
      expect((await w.call('GET', '/provider/organisation', { token: key })).status).toBe(401);
      expect((await c.get(revoked.location!)).html).toContain('API key revoked');
      // Another provider's key through this provider's page is not found.
      const other = await w.provider('Keys elsewhere');
      expect((await c.get(`/portal/staff/providers/${other.id}/api-keys/${keyId}/revoke`)).status).toBe(404);
    });
  });

  describe('staff', () => {
    let reviewerId: string;

    it('lists staff with role, account and two-factor, and invites one with a role', async () => {
      const list = await c.get('/portal/staff/people');
      expect(list.status).toBe(200);
      expect(list.html).toContain(admin.email);
      expect((await c.get('/portal/staff/people/new')).status).toBe(200);
      const noRole = await c.post('/portal/staff/people', { fullName: 'Robin Reviewer', email: 'robin@nhs.example', _csrf: c.csrf });
      expect(noRole.status).toBe(422);
      expectSummary(noRole.html, 'role', 'Choose their role');
      expect(noRole.html).toContain('value="robin@nhs.example"');
      const email = `robin.${Date.now()}@nhs.example`;
      const sent = await c.post('/portal/staff/people', { fullName: 'Robin Reviewer', email, role: 'reviewer', _csrf: c.csrf });
      expect(sent).toMatchObject({ status: 303, location: '/portal/staff/people?invited=1' });
      const after = await c.get(sent.location!);
      expect(after.html).toContain('Invitation sent');
      expect(after.html).toContain(email);
      [{ id: reviewerId }] = await w.db.query(`SELECT id FROM user_account WHERE email = $1 AND role = 'reviewer'`, [email]);
    });

    it('changes a role, disables after asking and enables again, each audited', async () => {
      const person = await c.get(`/portal/staff/people/${reviewerId}`);
      expect(person.html).toContain('Robin Reviewer');
      const changed = await c.post(`/portal/staff/people/${reviewerId}/role`, { role: 'finance', _csrf: c.csrf });
      expect(changed).toMatchObject({ status: 303, location: `/portal/staff/people/${reviewerId}?changed=role` });
      await c.get(changed.location!);
      const noRole = await c.post(`/portal/staff/people/${reviewerId}/role`, { role: 'provider', _csrf: c.csrf });
      expect(noRole.status).toBe(422);
      expect(noRole.html).toContain('Choose their role');

      const confirm = await c.get(`/portal/staff/people/${reviewerId}/disable`);
      expect(confirm.html).toContain('Are you sure you want to disable this account?');
      const disabled = await c.post(`/portal/staff/people/${reviewerId}/disable`, { _csrf: c.csrf });
      expect(disabled).toMatchObject({ status: 303, location: `/portal/staff/people/${reviewerId}?changed=disabled` });
      expect((await c.get(disabled.location!)).html).toContain('Enable account');
      const enabled = await c.post(`/portal/staff/people/${reviewerId}/enable`, { _csrf: c.csrf });
      expect(enabled.status).toBe(303);
      const audit = await w.db.query(`SELECT action, before, after FROM audit_event WHERE target_id = $1 ORDER BY id`, [reviewerId]);
      expect(audit).toEqual([
        { action: 'account.invited', before: null, after: { role: 'reviewer', providerId: null } },
        { action: 'account.role_changed', before: { role: 'reviewer' }, after: { role: 'finance' } },
        { action: 'account.disabled', before: { disabled: false }, after: { disabled: true } },
        { action: 'account.enabled', before: { disabled: true }, after: { disabled: false } },
      ]);
    });

    it('refuses an admin disabling themselves, and taking away the last active admin (page and API)', async () => {
      const own = await c.get(`/portal/staff/people/${admin.id}/disable`);
      expect(own.html).toContain('You cannot disable your own account');
      const refused = await c.post(`/portal/staff/people/${admin.id}/disable`, { _csrf: c.csrf });
      expect(refused.status).toBe(409);
      expect(refused.html).toContain('You cannot disable your own account: ask another admin');

      // Every other admin disabled for the moment: this admin is the last one.
      const others: { id: string }[] = await w.db.query(`SELECT id FROM user_account WHERE role = 'admin' AND disabled_at IS NULL AND id <> $1`, [admin.id]);
      await w.db.query(`UPDATE user_account SET disabled_at = now() WHERE id = ANY($1::uuid[])`, [others.map((o) => o.id)]);
      try {
        await c.get(`/portal/staff/people/${admin.id}`);
        const demoted = await c.post(`/portal/staff/people/${admin.id}/role`, { role: 'reviewer', _csrf: c.csrf });
        expect(demoted.status).toBe(409);
        expect(demoted.html).toContain('This is the only active admin');
        const token = await w.signIn(admin.email);
        const api = await w.call('PATCH', `/admin/users/${admin.id}`, { token, body: { role: 'finance' } });
        expect(api.status).toBe(409);
        expect(api.body.code).toBe('last_admin');
        const [{ role }] = await w.db.query(`SELECT role FROM user_account WHERE id = $1`, [admin.id]);
        expect(role).toBe('admin');
      } finally {
        await w.db.query(`UPDATE user_account SET disabled_at = NULL WHERE id = ANY($1::uuid[])`, [others.map((o) => o.id)]);
      }
    });

    it('is for admins only: a reviewer gets 403 and no links to these pages', async () => {
      const reviewer = await w.user('reviewer');
      const r = new PortalClient(w.api.url);
      await r.signIn(reviewer.email, PASSWORD);
      const home = await r.get('/portal/staff');
      expect(home.html).not.toContain('href="/portal/staff/people"');
      expect(home.html).not.toContain('href="/portal/staff/audit"');
      for (const path of ['/portal/staff/providers', '/portal/staff/people', '/portal/staff/audit', '/portal/staff/deliveries']) expect((await r.get(path)).status).toBe(403);
      expect((await c.get('/portal/staff')).html).toContain('href="/portal/staff/audit"');
    });
  });

  describe('the audit log', () => {
    it('filters by who, what it was about, action and dates, and links each entry to its target', async () => {
      const byMe = await c.get(`/portal/staff/audit?actor=${encodeURIComponent(admin.email)}&targetType=provider`);
      expect(byMe.status).toBe(200);
      expect(byMe.html).toContain(`<a href="/portal/staff/providers/${providerId}">Training provider ${providerId.slice(0, 8)}</a>`);
      expect(byMe.html).toContain('provider.created');
      expect(byMe.html).not.toContain('account.invited');
      expect((await c.get(`/portal/staff/audit?actor=${admin.id}&action=provider.updated`)).html).toContain('Northfield College of Health');

      const [{ id: invited }] = await w.db.query(`SELECT id FROM user_account WHERE email LIKE 'robin.%'`);
      const aboutUser = await c.get(`/portal/staff/audit?targetType=user&targetId=${invited}`);
      expect(aboutUser.html).toContain(`<a href="/portal/staff/people/${invited}">Person ${invited.slice(0, 8)}</a>`);

      // An applicant's submission links to the application; a report to the learner.
      const q = await qualification(w);
      const round = await openRound(w, [q.id]);
      const person = await applicant(w);
      const app = await draft(w, person.token, round.id, q.id);
      await w.call('POST', `/applications/${app.id}/submit`, { token: person.token });
      const submitted = await c.get(`/portal/staff/audit?action=application.submitted&targetId=${app.id}`);
      expect(submitted.html).toContain(`<a href="/portal/staff/applications/${app.id}">Application ${app.id.slice(0, 8)}</a>`);
      expect(submitted.html).toContain('(applicant)');
      const enrolmentId = '00000000-0000-4000-8000-00000000e001';
      await w.api.app.get(AuditService).record(undefined, SYSTEM_ACTOR, {
        action: 'test.entry',
        target: { type: 'enrolment', id: enrolmentId },
        before: { status: 'placed' },
        after: { status: 'started', recoveryCode: 'do-not-show-this-1234' },
      });
      const entry = await c.get('/portal/staff/audit?action=test.entry');
      expect(entry.html).toContain(`<a href="/portal/staff/learners/${enrolmentId}">Learner ${enrolmentId.slice(0, 8)}</a>`);
      expect(entry.html).toMatch(/<td class="nhsuk-table__cell">Status<\/td><td class="nhsuk-table__cell">placed<\/td><td class="nhsuk-table__cell">started<\/td>/);
      expect(entry.html).toContain('Withheld');
      expect(entry.html).not.toContain('do-not-show-this-1234');
      expect(entry.html).toContain('The system');

      const today = w.clock.now().toISOString().slice(0, 10);
      expect((await c.get(`/portal/staff/audit?action=test.entry&from=${today}&to=${today}`)).html).toContain('Learner');
      const [y, m, d] = today.split('-').map(Number);
      expect((await c.get(`/portal/staff/audit?action=test.entry&from=${encodeURIComponent(`${d} ${m} ${y}`)}&to=${encodeURIComponent(`${d}/${m}/${y}`)}`)).html).toContain('Learner');
      expect((await c.get('/portal/staff/audit?action=test.entry&from=2001-01-01&to=2001-01-02')).html).toContain('No entries match these filters.');
      const bad = await c.get('/portal/staff/audit?from=2026-02-30&actor=nobody');
      expect(bad.status).toBe(422);
      expectSummary(bad.html, 'from', 'Date from must be a real date, like 1 12 2026');
      expectSummary(bad.html, 'actor', 'Enter the person’s email address, like name@example.org, or an id');
      expect(bad.html).toContain('value="2026-02-30"');
    });

    it('pages, keeping the filters in the links', async () => {
      await w.db.query(
        `INSERT INTO audit_event (actor_role, action, target_type, target_id) SELECT 'system', 'test.many', 'round', 'r' || i FROM generate_series(1, 55) AS i`,
      );
      const first = await c.get('/portal/staff/audit?action=test.many');
      expect(first.html).toContain('Entries 1 to 50 of 55');
      expect(first.html).toContain('href="/portal/staff/audit?action=test.many&amp;page=2"');
      expect((await c.get('/portal/staff/audit?action=test.many&page=2')).html).toContain('Entries 51 to 55 of 55');
    });

    it('the API filters by the actor’s email address and the target’s type too', async () => {
      const token = await w.signIn(admin.email);
      const res = await w.call('GET', `/admin/audit?actorEmail=${encodeURIComponent(admin.email)}&targetType=provider`, { token });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      expect(res.body.items.every((e: { targetType: string; actorEmail: string }) => e.targetType === 'provider' && e.actorEmail === admin.email)).toBe(true);
      expect((await w.call('GET', '/admin/audit?actorEmail=nope', { token })).status).toBe(400);
    });
  });

  describe('the delivery log', () => {
    it('filters by status, kind, recipient and dates; resends a failed email, audited; refuses one on its way', async () => {
      const [failedRow] = await w.db.query(
        `SELECT o.id FROM outbox o JOIN user_account u ON u.id = o.recipient_user_id WHERE u.email LIKE 'robin.%' AND o.topic = 'account.invitation'`,
      );
      await w.db.query(`UPDATE outbox SET status = 'failed', attempts = 5, last_error = '550 5.1.1 mailbox unavailable', failed_at = now() WHERE id = $1`, [failedRow.id]);
      const [{ email }] = await w.db.query(`SELECT email FROM user_account WHERE email LIKE 'robin.%'`);
      const failed = await c.get('/portal/staff/deliveries?status=failed');
      expect(failed.status).toBe(200);
      expect(failed.html).toContain(email);
      expect(failed.html).toContain('550 5.1.1 mailbox unavailable');
      expect(failed.html).toContain(`/portal/staff/deliveries/${failedRow.id}/resend`);
      expect((await c.get(`/portal/staff/deliveries?recipient=${encodeURIComponent(email)}&topic=account.invitation`)).html).toContain('Emails 1 to 1 of 1');
      expect((await c.get('/portal/staff/deliveries?status=failed&from=2001-01-01&to=2001-01-31')).html).toContain('No emails match these filters.');
      const bad = await c.get('/portal/staff/deliveries?recipient=robin&to=tomorrow');
      expect(bad.status).toBe(422);
      expectSummary(bad.html, 'recipient', 'Enter the recipient’s email address, like name@example.org');
      expectSummary(bad.html, 'to', 'Date to must be a real date, like 1 12 2026');

      await c.get('/portal/staff/deliveries?status=failed');
      const resent = await c.post(`/portal/staff/deliveries/${failedRow.id}/resend`, { back: '?status=failed', _csrf: c.csrf });
      expect(resent).toMatchObject({ status: 303, location: '/portal/staff/deliveries?status=failed&resent=1' });
      expect((await c.get(resent.location!)).html).toContain('The email is back in the outbox');
      const [row] = await w.db.query(`SELECT status, resend_count, resent_by::text AS by FROM outbox WHERE id = $1`, [failedRow.id]);
      expect(row).toEqual({ status: 'pending', resend_count: 1, by: admin.id });
      const audit = await w.db.query(`SELECT actor_id::text AS actor, action FROM audit_event WHERE target_type = 'notification' AND target_id = $1`, [failedRow.id]);
      expect(audit).toEqual([{ actor: admin.id, action: 'notification.resent' }]);

      // Now pending: no Resend button, and a forged one is refused (409) with the log shown again.
      expect((await c.get('/portal/staff/deliveries?status=pending')).html).not.toContain(`/portal/staff/deliveries/${failedRow.id}/resend`);
      const again = await c.post(`/portal/staff/deliveries/${failedRow.id}/resend`, { back: '', _csrf: c.csrf });
      expect(again.status).toBe(409);
      expect(again.html).toContain('This message is already on its way');
    });
  });

  describe('a provider user’s own keys', () => {
    it('creates a key (shown once) and revokes it after asking; another provider’s key is not found', async () => {
      const user = await w.user('provider', { providerId });
      const p = new PortalClient(w.api.url);
      await p.signIn(user.email, PASSWORD);
      const list = await p.get('/portal/provider/api-keys');
      expect(list.html).toContain('Create an API key');
      const noName = await p.post('/portal/provider/api-keys', { name: '', _csrf: p.csrf });
      expect(noName.status).toBe(422);
      expectSummary(noName.html, 'name', 'Enter a name for the key, like the system that will use it');
      const made = await p.post('/portal/provider/api-keys', { name: 'Our records system', _csrf: p.csrf });
      expect(made.status).toBe(200);
      const key = /(pmdp_key_[A-Za-z0-9_-]+)/.exec(made.html)![1];
      expect((await w.call('GET', '/provider/organisation', { token: key })).body.id).toBe(providerId);
      const [{ id: keyId }] = await w.db.query(`SELECT id FROM api_key WHERE name = 'Our records system'`);
      const [audit] = await w.db.query(`SELECT actor_id::text AS actor FROM audit_event WHERE action = 'api_key.created' AND target_id = $1`, [keyId]);
      expect(audit.actor).toBe(user.id);

      const listed = await p.get('/portal/provider/api-keys');
      expect(listed.html).not.toContain(key);
      expect(listed.html).toContain(`/portal/provider/api-keys/${keyId}/revoke`);
      expect((await p.get(`/portal/provider/api-keys/${keyId}/revoke`)).html).toContain('Are you sure you want to revoke this API key?');
      const revoked = await p.post(`/portal/provider/api-keys/${keyId}/revoke`, { _csrf: p.csrf });
      expect(revoked).toMatchObject({ status: 303, location: '/portal/provider/api-keys?revoked=1' });
      expect((await w.call('GET', '/provider/organisation', { token: key })).status).toBe(401);

      const stranger = await w.user('provider');
      const s = new PortalClient(w.api.url);
      await s.signIn(stranger.email, PASSWORD);
      expect((await s.get(`/portal/provider/api-keys/${keyId}/revoke`)).status).toBe(404);
      await s.get('/portal/provider/api-keys');
      expect((await s.post(`/portal/provider/api-keys/${keyId}/revoke`, { _csrf: s.csrf })).status).toBe(404);
    });
  });
});
