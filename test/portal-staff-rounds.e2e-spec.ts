/** Running rounds, rule sets without a developer, and qualifications, on the staff pages (issue 15). */
import { RemindersService } from '@app/notifications';
import { applicant, draft, openRound, pot, qualification } from './factories/intake.factory';
import { draftRules } from './factories/rule-set.factory';
import { hiddenField, PortalClient } from './support/portal-client';
import { PASSWORD, World } from './support/world';

/** A date as the NHS date input's three boxes, in UK time. */
function dateBoxes(name: string, at: Date): Record<string, string> {
  const [day, month, year] = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' }).format(at).split('/');
  return { [`${name}[day]`]: day, [`${name}[month]`]: month, [`${name}[year]`]: year };
}

const DAY = 86_400_000;

describe('the staff pages for rounds, rule sets and qualifications', () => {
  let w: World;
  let c: PortalClient;
  let admin: { token: string; id: string };
  let level5: { id: string };
  let potId: string;

  beforeAll(async () => {
    w = await World.start({ worker: false });
    admin = await w.signedIn('admin');
    level5 = await qualification(w, { level: 5 });
    potId = (await pot(w)).id;
    const user = await w.user('admin');
    c = new PortalClient(w.api.url);
    await c.signIn(user.email, PASSWORD);
  }, 60_000);
  afterAll(() => w.stop());

  describe('qualifications', () => {
    it('are added with every problem named by field, changed, and retired after a confirmation', async () => {
      const form = await c.get('/portal/staff/qualifications/new');
      expect(form.status).toBe(200);
      const empty = await c.post('/portal/staff/qualifications', { _csrf: c.csrf });
      expect(empty.status).toBe(422);
      for (const text of ['Enter the qualification’s title', 'Enter the awarding body', 'Select the qualification’s level', 'Enter the bursary in pounds', 'Enter how many months the course lasts']) expect(empty.html).toContain(text);

      const base = { title: 'Level 4 Certificate in Practice Management', awardingBody: 'Example Awards', level: '4', bursary: '£1,250.50', durationMonths: '9', startPaymentPercent: '40', completionPaymentPercent: '50' };
      const badSum = await c.post('/portal/staff/qualifications', { ...base, _csrf: c.csrf });
      expect(badSum.status).toBe(422);
      expect(badSum.html).toContain('href="#completionPaymentPercent"');
      expect(badSum.html).toContain('The payments must add up to 100%: these add up to 90%');
      expect(badSum.html).toContain('value="Level 4 Certificate in Practice Management"');

      const added = await c.post('/portal/staff/qualifications', { ...base, completionPaymentPercent: '60', _csrf: c.csrf });
      expect([added.status, added.location]).toEqual([303, '/portal/staff/qualifications?created=1']);
      const list = await c.get('/portal/staff/qualifications?created=1');
      expect(list.html).toContain('The qualification has been added');
      expect(list.html).toContain('£1,250.50');
      expect(list.html).toContain('40% on start, 60% on a pass');
      const id = /\/portal\/staff\/qualifications\/([0-9a-f-]{36})\/edit">Change<span class="nhsuk-u-visually-hidden"> Level 4 Certificate/.exec(list.html)![1];

      const edit = await c.get(`/portal/staff/qualifications/${id}/edit`);
      expect(edit.html).toContain('value="1250.50"');
      const badBursary = await c.post(`/portal/staff/qualifications/${id}/edit`, { ...base, completionPaymentPercent: '60', bursary: 'lots', _csrf: c.csrf });
      expect(badBursary.status).toBe(422);
      expect(badBursary.html).toContain('href="#bursary"');
      const changed = await c.post(`/portal/staff/qualifications/${id}/edit`, { ...base, bursary: '600', startPaymentPercent: '50', completionPaymentPercent: '50', _csrf: c.csrf });
      expect(changed.location).toBe('/portal/staff/qualifications?saved=1');
      expect((await w.call('GET', '/admin/qualifications', { token: admin.token })).body).toContainEqual(expect.objectContaining({ id, bursaryPence: 60_000, paymentSchedule: [{ on: 'start', percent: 50 }, { on: 'pass', percent: 50 }], retiredAt: null }));

      // A milestone stage: start, a progress milestone and its share, the pass; each problem named on its box.
      const noMilestone = await c.post(`/portal/staff/qualifications/${id}/edit`, { ...base, startPaymentPercent: '40', milestonePercent: '20', completionPaymentPercent: '40', _csrf: c.csrf });
      expect(noMilestone.status).toBe(422);
      expect(noMilestone.html).toContain('href="#milestone"');
      const noShare = await c.post(`/portal/staff/qualifications/${id}/edit`, { ...base, startPaymentPercent: '40', milestone: 'mid_point', completionPaymentPercent: '40', _csrf: c.csrf });
      expect(noShare.status).toBe(422);
      expect(noShare.html).toContain('href="#milestonePercent"');
      expect(noShare.html).toContain('Enter the percentage paid at the milestone');
      const badMilestoneSum = await c.post(`/portal/staff/qualifications/${id}/edit`, { ...base, startPaymentPercent: '40', milestone: 'mid_point', milestonePercent: '30', completionPaymentPercent: '40', _csrf: c.csrf });
      expect(badMilestoneSum.status).toBe(422);
      expect(badMilestoneSum.html).toContain('The payments must add up to 100%: these add up to 110%');
      const tooMuch = await c.post(`/portal/staff/qualifications/${id}/edit`, { ...base, startPaymentPercent: '40', milestone: 'mid_point', milestonePercent: '101', completionPaymentPercent: '40', _csrf: c.csrf });
      expect(tooMuch.status).toBe(422);
      expect(tooMuch.html).toContain('The payment at the milestone must be a whole number from 0 to 100');
      const withMilestone = await c.post(`/portal/staff/qualifications/${id}/edit`, { ...base, startPaymentPercent: '40', milestone: 'mid_point', milestonePercent: '20', completionPaymentPercent: '40', _csrf: c.csrf });
      expect(withMilestone.location).toBe('/portal/staff/qualifications?saved=1');
      expect((await c.get('/portal/staff/qualifications')).html).toContain('40% on start, 20% at the mid-point, 40% on a pass');
      expect((await c.get(`/portal/staff/qualifications/${id}/edit`)).html).toMatch(/<option value="mid_point" selected/);
      expect((await w.call('GET', '/admin/qualifications', { token: admin.token })).body).toContainEqual(
        expect.objectContaining({ id, paymentSchedule: [{ on: 'start', percent: 40 }, { on: 'milestone', milestone: 'mid_point', percent: 20 }, { on: 'pass', percent: 40 }] }),
      );

      // The API shares the rule: the schedule must make 100, named by field.
      const apiBad = await w.call('PATCH', `/admin/qualifications/${id}`, { token: admin.token, body: { startPaymentPercent: 70, completionPaymentPercent: 70 } });
      expect(apiBad.status).toBe(422);
      expect(apiBad.body.errors).toEqual([expect.objectContaining({ field: 'completionPaymentPercent' })]);

      const confirm = await c.get(`/portal/staff/qualifications/${id}/retire`);
      expect(confirm.html).toContain('Are you sure you want to retire this qualification?');
      const retired = await c.post(`/portal/staff/qualifications/${id}/retire`, { _csrf: hiddenField(confirm.html, '_csrf') });
      expect(retired.location).toBe('/portal/staff/qualifications?retired=1');
      const again = await c.post(`/portal/staff/qualifications/${id}/retire`, { _csrf: c.csrf });
      expect(again.status).toBe(422);
      expect(again.html).toContain('is retired already');
      expect((await w.call('POST', `/admin/qualifications/${id}/retire`, { token: admin.token })).status).toBe(422);

      // A retired qualification cannot be offered in a new round.
      const round = await w.call('POST', '/admin/rounds', { token: admin.token, body: { name: 'With a retired one', opensAt: new Date(Date.now() + DAY).toISOString(), closesAt: new Date(Date.now() + 9 * DAY).toISOString(), potId, qualificationIds: [id] } });
      expect(round.status).toBe(422);
      expect(round.body.errors).toEqual([{ field: 'qualificationIds', message: 'Level 4 Certificate in Practice Management is retired' }]);
      const audit = await w.db.query(`SELECT action FROM audit_event WHERE target_id = $1 ORDER BY id`, [id]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['qualification.created', 'qualification.updated', 'qualification.updated', 'qualification.retired']);
    });

    it('a retired qualification is not offered to applicants; an application made already carries on', async () => {
      const q = await qualification(w, { level: 3 });
      const round = await openRound(w, [q.id, level5.id], { potId });
      const person = await applicant(w);
      const existing = await draft(w, person.token, round.id, q.id);
      await w.call('POST', `/admin/qualifications/${q.id}/retire`, { token: admin.token });
      const open = await w.call('GET', '/rounds');
      const shown = open.body.find((r: { id: string }) => r.id === round.id);
      expect(shown.qualifications.map((x: { id: string }) => x.id)).toEqual([level5.id]);
      const other = await applicant(w);
      const refused = await w.call('POST', '/applications', { token: other.token, body: { roundId: round.id, qualificationId: q.id } });
      expect(refused.status).toBe(422);
      expect((await w.call('POST', `/applications/${existing.id}/submit`, { token: person.token })).body.status).toBe('under_review');
    });
  });

  describe('rounds', () => {
    it('are created on the form, every problem named, and refused what the service refuses', async () => {
      await c.get('/portal/staff/rounds/new');
      const empty = await c.post('/portal/staff/rounds', { _csrf: c.csrf, ruleSetVersion: '' });
      expect(empty.status).toBe(422);
      for (const text of ['Enter a name for the round', 'Enter the date the round opens', 'Enter the date the round closes', 'Select the budget pot the bursaries come from', 'Select at least one qualification the round offers']) expect(empty.html).toContain(text);

      const later = new Date(w.clock.now().getTime() + 10 * DAY);
      const backwards = await c.post('/portal/staff/rounds', { _csrf: c.csrf, name: 'Backwards round', ...dateBoxes('opensAt', later), ...dateBoxes('closesAt', new Date(later.getTime() - 3 * DAY)), potId, qualificationIds: level5.id, ruleSetVersion: '2026-1' });
      expect(backwards.status).toBe(422);
      expect(backwards.html).toContain('The round must close after it opens');
      expect(backwards.html).toContain('value="Backwards round"');
      const badTime = await c.post('/portal/staff/rounds', { _csrf: c.csrf, name: 'Bad time', ...dateBoxes('opensAt', later), opensAtTime: '25:00', ...dateBoxes('closesAt', new Date(later.getTime() + 3 * DAY)), potId, qualificationIds: level5.id, ruleSetVersion: '2026-1' });
      expect(badTime.html).toContain('The time the round opens must be a real time');
    });

    it('an upcoming round is changed, an open one is refused and closed early after a confirmation', async () => {
      const opens = new Date(w.clock.now().getTime() + 10 * DAY);
      const created = await c.post('/portal/staff/rounds', { _csrf: c.csrf, name: 'Autumn round', ...dateBoxes('opensAt', opens), opensAtTime: '09:00', ...dateBoxes('closesAt', new Date(opens.getTime() + 20 * DAY)), potId, qualificationIds: level5.id, ruleSetVersion: '2026-1' });
      expect([created.status, created.location]).toEqual([303, '/portal/staff/rounds?created=1']);
      const list = await c.get('/portal/staff/rounds?created=1');
      expect(list.html).toContain('The round has been created');
      const id = /\/portal\/staff\/rounds\/([0-9a-f-]{36})">Autumn round/.exec(list.html)![1];
      const round = (await w.call('GET', `/admin/rounds/${id}`, { token: admin.token })).body;
      expect(round).toMatchObject({ status: 'upcoming', ruleSetVersion: '2026-1', potId });
      expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(new Date(round.opensAt))).toBe('09:00');

      const edit = await c.get(`/portal/staff/rounds/${id}/edit`);
      expect(edit.html).toContain('value="09:00"');
      const changed = await c.post(`/portal/staff/rounds/${id}/edit`, { _csrf: c.csrf, name: 'Autumn round, changed', ...dateBoxes('opensAt', opens), ...dateBoxes('closesAt', new Date(opens.getTime() + 30 * DAY)), potId, qualificationIds: level5.id, ruleSetVersion: '2026-1' });
      expect(changed.location).toBe('/portal/staff/rounds?saved=1');
      expect((await w.call('PATCH', `/admin/rounds/${id}`, { token: admin.token, body: { closesAt: new Date(opens.getTime() - DAY).toISOString() } })).status).toBe(422);

      // Once it opens it can only be closed.
      w.clock.advance({ days: 11 });
      try {
        expect((await c.get(`/portal/staff/rounds/${id}/edit`)).location).toBe(`/portal/staff/rounds/${id}`);
        const refused = await c.post(`/portal/staff/rounds/${id}/edit`, { _csrf: c.csrf, name: 'Too late', ...dateBoxes('opensAt', opens), ...dateBoxes('closesAt', new Date(opens.getTime() + 30 * DAY)), potId, qualificationIds: level5.id, ruleSetVersion: '2026-1' });
        expect(refused.status).toBe(422);
        expect(refused.html).toContain('has opened, so it can no longer be changed: close it early instead');
        const api = await w.call('PATCH', `/admin/rounds/${id}`, { token: admin.token, body: { name: 'Too late' } });
        expect([api.status, api.body.code]).toEqual([409, 'round_already_open']);

        const confirm = await c.get(`/portal/staff/rounds/${id}/close`);
        expect(confirm.html).toContain('Are you sure you want to close this round early?');
        const closed = await c.post(`/portal/staff/rounds/${id}/close`, { _csrf: hiddenField(confirm.html, '_csrf') });
        expect(closed.location).toBe('/portal/staff/rounds?closed=1');
        expect((await w.call('GET', `/admin/rounds/${id}`, { token: admin.token })).body.status).toBe('closed');
        const again = await c.post(`/portal/staff/rounds/${id}/close`, { _csrf: c.csrf });
        expect(again.status).toBe(422);
        expect(again.html).toContain('has closed already');
        const apiAgain = await w.call('POST', `/admin/rounds/${id}/close`, { token: admin.token });
        expect([apiAgain.status, apiAgain.body.code]).toEqual([409, 'round_closed']);
      } finally {
        w.clock.set(new Date(w.clock.now().getTime() - 11 * DAY));
      }
      const audit = await w.db.query(`SELECT action FROM audit_event WHERE target_id = $1 ORDER BY id`, [id]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['round.created', 'round.updated', 'round.closed']);
    });

    it('a round created to open today is announced to those who asked to be told', async () => {
      const email = `waiting-${Date.now()}@example.test`;
      expect((await w.call('POST', '/rounds/notify-me', { body: { email } })).status).toBeLessThan(300);
      // Opening this minute: the newest open round, the one announced.
      const today = w.clock.now();
      const opensAtTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(today);
      const created = await c.post('/portal/staff/rounds', { _csrf: c.csrf, name: 'Opens today', ...dateBoxes('opensAt', today), opensAtTime, ...dateBoxes('closesAt', new Date(today.getTime() + 30 * DAY)), potId, qualificationIds: level5.id, ruleSetVersion: '2026-1' });
      expect(created.location).toBe('/portal/staff/rounds?created=1');
      const rounds = (await w.call('GET', '/admin/rounds', { token: admin.token })).body;
      const round = rounds.find((r: { name: string }) => r.name === 'Opens today');
      expect(round.status).toBe('open');
      expect(await w.api.app.get(RemindersService).announceOpenRounds()).toBeGreaterThanOrEqual(1);
      const [told] = await w.db.query(`SELECT notified_round_id FROM round_subscription WHERE email = $1`, [email]);
      expect(told.notified_round_id).toBe(round.id);
    });
  });

  describe('rule sets', () => {
    it('a draft is uploaded, its errors shown by rule, fixed, previewed, published, and then never changes', async () => {
      const list = await c.get('/portal/staff/rule-sets');
      expect(list.status).toBe(200);
      expect(list.html).toContain('From the file 2026-1.yaml');

      await c.get('/portal/staff/rule-sets/upload');
      const broken = await c.post('/portal/staff/rule-sets', { _csrf: c.csrf, source: draftRules('2027-1', { broken: true }).replace(/\n/g, '\r\n') });
      expect(broken.status).toBe(422);
      expect(broken.html).toContain('Problems by rule');
      expect(broken.html).toMatch(/<a href="#source">\s*Rule aged_18_or_over: expression is not valid: Unknown variable: hasPassport\s*<\/a>/);
      expect(broken.html).toContain('hasPassport');
      expect((await c.get('/portal/staff/rule-sets/2027-1')).status).toBe(404);

      await c.get('/portal/staff/rule-sets/upload?from=2026-1');
      expect(c.lastHtml).toContain('aged_16_or_over');
      const fixed = await c.post('/portal/staff/rule-sets', { _csrf: c.csrf, source: draftRules('2027-1') });
      expect([fixed.status, fixed.location]).toEqual([303, '/portal/staff/rule-sets/2027-1?uploaded=1']);
      const page = await c.get('/portal/staff/rule-sets/2027-1?uploaded=1');
      expect(page.html).toContain('The draft rule set has been saved');
      expect(page.html).toContain('aged_18_or_over');

      // What-if against a round with a 17-year-old and an older applicant, both submitted.
      const round = await openRound(w, [level5.id], { potId });
      const seventeen = new Date(w.clock.now().getTime() - 17.5 * 365.25 * DAY).toISOString().slice(0, 10);
      for (const profile of [{ dateOfBirth: seventeen }, {}]) {
        const person = await applicant(w, profile);
        const app = await draft(w, person.token, round.id, level5.id);
        await w.call('POST', `/applications/${app.id}/submit`, { token: person.token });
      }
      const whatIf = await c.get(`/portal/staff/rule-sets/2027-1?roundId=${round.id}`);
      expect(whatIf.status).toBe(200);
      const text = whatIf.html.replace(/\s+/g, ' ');
      expect(text).toMatch(/Applications compared <\/dt> <dd class="nhsuk-summary-list__value"> 2 /);
      expect(text).toMatch(/Would change outcome <\/dt> <dd class="nhsuk-summary-list__value"> 1 /);
      expect(text).toContain('The rules that cause the changes');
      expect(text).toMatch(/<code>aged_18_or_over<\/code>/);

      // A draft cannot decide a round.
      const draftRound = await w.call('POST', '/admin/rounds', { token: admin.token, body: { name: 'Draft rules', opensAt: new Date().toISOString(), closesAt: new Date(Date.now() + DAY).toISOString(), qualificationIds: [level5.id], potId, ruleSetVersion: '2027-1' } });
      expect(draftRound.status).toBe(422);

      const confirm = await c.get('/portal/staff/rule-sets/2027-1/publish');
      expect(confirm.html).toContain('This cannot be undone');
      const published = await c.post('/portal/staff/rule-sets/2027-1/publish', { _csrf: hiddenField(confirm.html, '_csrf') });
      expect(published.location).toBe('/portal/staff/rule-sets/2027-1?published=1');
      expect((await c.get('/portal/staff/rule-sets/2027-1?published=1')).html).toContain('it can never be changed');

      // Published: it can open a round, and cannot be uploaded, published or deleted again.
      const usable = await w.call('POST', '/admin/rounds', { token: admin.token, body: { name: 'New rules', opensAt: new Date().toISOString(), closesAt: new Date(Date.now() + DAY).toISOString(), qualificationIds: [level5.id], potId, ruleSetVersion: '2027-1' } });
      expect(usable.status).toBe(201);
      const again = await c.post('/portal/staff/rule-sets', { _csrf: c.csrf, source: draftRules('2027-1') });
      expect(again.status).toBe(422);
      expect(again.html).toContain('Rule set 2027-1 is published, so it cannot be changed or deleted');
      expect((await w.call('POST', '/admin/eligibility/rule-sets', { token: admin.token, body: { source: draftRules('2027-1') } })).status).toBe(409);
      expect((await w.call('POST', '/admin/eligibility/rule-sets/2027-1/publish', { token: admin.token })).status).toBe(409);
      expect((await w.call('DELETE', '/admin/eligibility/rule-sets/2027-1', { token: admin.token })).status).toBe(409);
      expect((await c.post('/portal/staff/rule-sets/2027-1/delete', { _csrf: c.csrf })).status).toBe(422);

      const audit = await w.db.query(`SELECT action FROM audit_event WHERE target_type = 'rule_set' AND target_id = '2027-1' ORDER BY id`);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['rule_set.uploaded', 'rule_set.published']);
    });

    it('the database itself refuses to change or delete a published version, and lets a draft change', async () => {
      await expect(w.db.query(`UPDATE eligibility_rule_set SET source = source || '# edited' WHERE version = '2026-1'`)).rejects.toThrow(/is published and cannot be changed/);
      await expect(w.db.query(`UPDATE eligibility_rule_set SET version = '2026-9' WHERE version = '2026-1'`)).rejects.toThrow(/is published and cannot be changed/);
      await expect(w.db.query(`UPDATE eligibility_rule_set SET status = 'draft', published_at = NULL WHERE version = '2026-1'`)).rejects.toThrow(/is published and cannot be changed/);
      await expect(w.db.query(`DELETE FROM eligibility_rule_set WHERE version = '2026-1'`)).rejects.toThrow(/is published and cannot be deleted/);

      const uploaded = await w.call('POST', '/admin/eligibility/rule-sets', { token: admin.token, body: { source: draftRules('2028-1') } });
      expect(uploaded.status).toBe(201);
      expect(uploaded.body).toMatchObject({ version: '2028-1', status: 'draft', rules: 7 });
      await w.db.query(`UPDATE eligibility_rule_set SET source = source || '# edited' WHERE version = '2028-1'`);
      const replaced = await w.call('POST', '/admin/eligibility/rule-sets', { token: admin.token, body: { source: draftRules('2028-1').replace('aged 18 or over.', 'aged 18 or older.') } });
      expect(replaced.status).toBe(201);
      expect(replaced.body.ruleList[0].sentence).toBe('You must be aged 18 or older.');
      const invalid = await w.call('POST', '/admin/eligibility/rule-sets', { token: admin.token, body: { source: draftRules('2028-2', { broken: true }) } });
      expect(invalid.status).toBe(422);
      expect(invalid.body.errors).toEqual([expect.objectContaining({ field: 'source', message: expect.stringMatching(/^rule aged_18_or_over: expression is not valid/) })]);
      expect((await w.call('DELETE', '/admin/eligibility/rule-sets/2028-1', { token: admin.token })).status).toBe(204);
      const versions = (await w.call('GET', '/admin/eligibility/rule-sets', { token: admin.token })).body.map((s: { version: string }) => s.version);
      expect(versions).toEqual(['2027-1', '2026-1']);
    });
  });

  it('only admins open these pages, and only admins see them in the navigation', async () => {
    const reviewer = await w.user('reviewer');
    const r = new PortalClient(w.api.url);
    await r.signIn(reviewer.email, PASSWORD);
    for (const path of ['/portal/staff/rounds', '/portal/staff/rule-sets', '/portal/staff/qualifications', '/portal/staff/rule-sets/2026-1']) expect((await r.get(path)).status).toBe(403);
    const home = await r.get('/portal/staff');
    expect(home.html).not.toContain('href="/portal/staff/rule-sets"');
    expect((await c.get('/portal/staff')).html).toContain('href="/portal/staff/rule-sets"');
  });
});
