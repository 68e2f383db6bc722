import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applicant, draft, goodProfile, openRound, qualification } from './factories/intake.factory';
import { PASSWORD, World } from './support/world';

/** A rule-set folder with the real 2026-1 and a draft that raises the minimum age to 18. */
function ruleSetsWithDraft(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rules-'));
  cpSync(join(__dirname, '../config/eligibility'), dir, { recursive: true });
  const current = readFileSync(join(dir, '2026-1.yaml'), 'utf8');
  const draftText = current.replace(/version: ["']?2026-1["']?/, 'version: "2099-1"').replace(/status: published/, 'status: draft').replace(/ageYears >= 16/, 'ageYears >= 18');
  if (draftText === current || !draftText.includes('ageYears >= 18')) throw new Error('could not derive the draft rule set');
  writeFileSync(join(dir, '2099-1.yaml'), draftText);
  return dir;
}

describe('applicant intake', () => {
  let w: World;
  let admin: { token: string; id: string };
  let level5: { id: string };
  let level3: { id: string };
  let round: { id: string };

  beforeAll(async () => {
    w = await World.start({ config: () => ({ eligibilityDir: ruleSetsWithDraft() }) });
    admin = await w.signedIn('admin');
    level5 = await qualification(w, { level: 5 });
    level3 = await qualification(w, { level: 3 });
    round = await openRound(w, [level5.id, level3.id]);
  });
  afterAll(() => w.stop());

  describe('the profile', () => {
    it('is missing until saved, then returned', async () => {
      const user = await w.signedIn('applicant');
      expect((await w.call('GET', '/me/profile', { token: user.token })).status).toBe(404);
      const saved = await w.call('PUT', '/me/profile', { token: user.token, body: goodProfile({ postcode: 'ls14ap', employerOdsCode: 'b82005' }) });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ postcode: 'LS1 4AP', employerOdsCode: 'B82005' });
      expect((await w.call('GET', '/me/profile', { token: user.token })).body.skills.finance).toBe(2);
    });

    it('names every bad field and writes nothing', async () => {
      const user = await w.signedIn('applicant');
      const future = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const bad = goodProfile({ employerOdsCode: 'ABC123', dateOfBirth: future, region: 'atlantis', postcode: 'NOWHERE', skills: { finance: 5, cooking: 2 } });
      const res = await w.call('PUT', '/me/profile', { token: user.token, body: bad });
      expect(res.status).toBe(400);
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['postcode', 'region', 'employerOdsCode', 'dateOfBirth', 'skills.finance', 'skills.hr_workforce', 'skills.cooking']));
      expect(res.body.errors).toContainEqual({ field: 'employerOdsCode', message: 'must be an ODS code: a letter and five digits, like A81001' });
      expect(res.body.errors).toContainEqual({ field: 'dateOfBirth', message: 'must be in the past' });
      expect((await w.call('GET', '/me/profile', { token: user.token })).status).toBe(404);

      const old = await w.call('PUT', '/me/profile', { token: user.token, body: goodProfile({ dateOfBirth: '1900-01-01' }) });
      expect(old.body.errors).toEqual([{ field: 'dateOfBirth', message: 'must be within the last 100 years' }]);
      const unknown = await w.call('PUT', '/me/profile', { token: user.token, body: { ...goodProfile(), nickname: 'x', fullName: 'y'.repeat(201) } });
      expect(unknown.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['fullName', 'nickname']);
    });

    it('names missing fields and malformed ones in the same problem: a bad ODS code is not held back until the name is given', async () => {
      const user = await w.signedIn('applicant');
      const { fullName: _name, region: _region, ...rest } = goodProfile();
      const res = await w.call('PUT', '/me/profile', { token: user.token, body: { ...rest, employerOdsCode: 'X1', dateOfBirth: '2999-01-01', yearsInRole: 'four' } });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors).toEqual([
        { field: 'fullName', message: 'is required' },
        { field: 'dateOfBirth', message: 'must be in the past' },
        { field: 'region', message: 'is required' },
        { field: 'employerOdsCode', message: 'must be an ODS code: a letter and five digits, like A81001' },
        { field: 'yearsInRole', message: 'must be a whole number from 0 to 60' },
      ]);
      expect((await w.call('GET', '/me/profile', { token: user.token })).status).toBe(404);
    });
  });

  describe('an application', () => {
    it('goes draft -> submitted -> under review, with its history and reference', async () => {
      const user = await applicant(w);
      const app = await draft(w, user.token, round.id, level5.id);
      expect(app.reference).toMatch(/^PMB-\d{4}-\d{6}$/);
      const submitted = await w.call('POST', `/applications/${app.id}/submit`, { token: user.token });
      expect(submitted.status).toBe(200);
      expect(submitted.body).toEqual({ status: 'under_review', eligibility: { outcome: 'eligible', ruleSetVersion: '2026-1', reasons: [] } });
      const got = await w.call('GET', `/applications/${app.id}`, { token: user.token });
      expect(got.body.history.map((h: { status: string }) => h.status)).toEqual(['draft', 'submitted', 'under_review']);
      expect(got.body.history[2]).toMatchObject({ by: 'system', reason: 'eligibility_eligible' });
      expect((await w.smtp.waitFor(user.email, new RegExp(app.reference))).text).toContain('meets the eligibility rules');
      // Submitting through the API is the declaration, recorded with the application as the portal's declaration task is.
      const [{ declared_at: declaredAt, submitted_at: submittedAt }] = await w.db.query(`SELECT declared_at, submitted_at FROM application WHERE id = $1`, [app.id]);
      expect(declaredAt).toEqual(submittedAt);

      expect((await w.call('POST', `/applications/${app.id}/submit`, { token: user.token })).status).toBe(409);
      expect((await w.call('PATCH', `/applications/${app.id}`, { token: user.token, body: { statement: 'late change' } })).status).toBe(409);
      const again = await w.call('POST', '/applications', { token: user.token, body: { roundId: round.id, qualificationId: level3.id } });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('already_applied');
    });

    it('is not found by anyone else, and the admin sees every rule’s result', async () => {
      const owner = await applicant(w);
      const app = await draft(w, owner.token, round.id, level5.id);
      await w.call('POST', `/applications/${app.id}/submit`, { token: owner.token });
      const other = await applicant(w);
      expect((await w.call('GET', `/applications/${app.id}`, { token: other.token })).status).toBe(404);
      expect((await w.call('POST', `/applications/${app.id}/withdraw`, { token: other.token, body: { reason: 'mine now' } })).status).toBe(404);

      const detail = await w.call('GET', `/admin/applications/${app.id}`, { token: admin.token });
      expect(detail.body.eligibility.results.length).toBeGreaterThanOrEqual(7);
      expect(detail.body.eligibility.results.every((r: { passed: boolean }) => r.passed)).toBe(true);
      expect(detail.body.facts).toMatchObject({ livesInEngland: true, worksInEngland: true, qualificationLevel: 5 });
      expect(detail.body.priorityScore).toBeGreaterThan(0);
    });

    it.each([
      ['a school leaver without Level 2 English and maths', { currentRole: 'school_leaver', dateOfBirth: '2008-01-01', employerOdsCode: undefined, highestQualificationLevel: 1, hasLevel2EnglishAndMaths: false }, true, 'referred'],
      ['a practice manager with no employer support named', { currentRole: 'practice_manager' }, false, 'referred'],
      ['someone in Scotland working outside England', { postcode: 'G1 1XQ', region: 'scotland', employerOdsCode: undefined }, true, 'ineligible'],
      ['someone aged 15', { dateOfBirth: new Date(Date.now() - 15.5 * 365.25 * 86_400_000).toISOString().slice(0, 10), currentRole: 'school_leaver' }, true, 'ineligible'],
    ])('%s: the outcome comes with reasons', async (_name, profile, employerSupport, status) => {
      const user = await applicant(w, profile);
      const app = await draft(w, user.token, round.id, level5.id, { employerSupport: employerSupport as boolean });
      const res = await w.call('POST', `/applications/${app.id}/submit`, { token: user.token });
      expect(res.body.status).toBe(status);
      expect(res.body.eligibility.reasons.length).toBeGreaterThan(0);
      for (const reason of res.body.eligibility.reasons) expect(reason.message.length).toBeGreaterThan(10);
    });

    it('is ineligible, for not living or working in England, when the applicant answers Wales', async () => {
      const user = await applicant(w, { postcode: 'CF10 1AA', region: 'wales', employerOdsCode: undefined });
      const profile = await w.call('GET', '/me/profile', { token: user.token });
      expect(profile.body.region).toBe('wales');
      const app = await draft(w, user.token, round.id, level5.id, { employerSupport: true });
      const res = await w.call('POST', `/applications/${app.id}/submit`, { token: user.token });
      expect(res.body.status).toBe('ineligible');
      expect(res.body.eligibility.reasons).toEqual([{ code: 'lives_or_works_in_england', message: 'You must live in England or work for a GP practice or primary care provider in England.' }]);
    });

    it('is referred when the same person applies from a second account, naming the first application', async () => {
      const first = await applicant(w, { fullName: 'Morgan Twice', dateOfBirth: '1979-09-09', postcode: 'M1 1AE' });
      const firstApp = await draft(w, first.token, round.id, level5.id);
      await w.call('POST', `/applications/${firstApp.id}/submit`, { token: first.token });
      const second = await applicant(w, { fullName: 'morgan twice', dateOfBirth: '1979-09-09', postcode: 'm11ae' });
      const secondApp = await draft(w, second.token, round.id, level5.id);
      const res = await w.call('POST', `/applications/${secondApp.id}/submit`, { token: second.token });
      expect(res.body.status).toBe('referred');
      expect(res.body.eligibility.reasons).toContainEqual({ code: 'possible_duplicate', message: `This looks like the same person as application ${firstApp.reference}` });
    });

    it('cannot be submitted after the round closes, or before the email is confirmed', async () => {
      const late = await openRound(w, [level5.id]);
      const user = await applicant(w);
      const app = await draft(w, user.token, late.id, level5.id);
      await w.db.query(`UPDATE funding_round SET opens_at = now() - interval '2 days', closes_at = now() - interval '1 second' WHERE id = $1`, [late.id]);
      const res = await w.call('POST', `/applications/${app.id}/submit`, { token: user.token });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('round_not_open');
      expect((await w.call('POST', '/applications', { token: (await applicant(w)).token, body: { roundId: late.id, qualificationId: level5.id } })).status).toBe(422);

      const email = `unverified.${Date.now()}@example.org`;
      await w.call('POST', '/auth/register', { body: { email, password: PASSWORD, fullName: 'Una Verified' } });
      const token = await w.signIn(email);
      await w.call('PUT', '/me/profile', { token, body: goodProfile() });
      const unverified = await draft(w, token, round.id, level5.id);
      expect((await w.call('POST', `/applications/${unverified.id}/submit`, { token })).status).toBe(403);
    });

    it('refuses an unknown round, a qualification not on offer, and bad ids, naming the field', async () => {
      const user = await applicant(w);
      const other = await qualification(w, { level: 7 });
      const notOffered = await w.call('POST', '/applications', { token: user.token, body: { roundId: round.id, qualificationId: other.id } });
      expect(notOffered.status).toBe(422);
      expect(notOffered.body.errors).toEqual([{ field: 'qualificationId', message: 'is not offered in this round' }]);
      const unknown = await w.call('POST', '/applications', { token: user.token, body: { roundId: other.id, qualificationId: level5.id } });
      expect(unknown.status).toBe(404);
      const bad = await w.call('POST', '/applications', { token: user.token, body: { roundId: 'x', qualificationId: 'y', extra: 1 } });
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'qualificationId', 'roundId']);
    });

    it("changes a draft's qualification to another of its round's, refusing one not on offer and any change once submitted", async () => {
      const user = await applicant(w);
      const app = await draft(w, user.token, round.id, level5.id);
      const changed = await w.call('PATCH', `/applications/${app.id}`, { token: user.token, body: { qualificationId: level3.id } });
      expect(changed.status).toBe(200);
      expect(changed.body.qualificationId).toBe(level3.id);
      const other = await qualification(w, { level: 7 });
      const refused = await w.call('PATCH', `/applications/${app.id}`, { token: user.token, body: { qualificationId: other.id, statement: 'not kept' } });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([{ field: 'qualificationId', message: 'is not offered in this round' }]);
      // One transaction: the statement sent with the refused change is not kept either.
      expect((await w.call('GET', `/applications/${app.id}`, { token: user.token })).body).toMatchObject({ qualificationId: level3.id, statement: null });
      expect((await w.call('POST', `/applications/${app.id}/submit`, { token: user.token })).status).toBe(200);
      expect((await w.call('PATCH', `/applications/${app.id}`, { token: user.token, body: { qualificationId: level5.id } })).status).toBe(409);
    });
  });

  describe('review, appeals and withdrawal', () => {
    async function underReview() {
      const user = await applicant(w);
      const app = await draft(w, user.token, round.id, level5.id);
      await w.call('POST', `/applications/${app.id}/submit`, { token: user.token });
      return { user, app };
    }

    it('rejects with a reason, takes an appeal, and an upheld appeal returns it to review', async () => {
      const { user, app } = await underReview();
      const badReason = await w.call('POST', `/admin/applications/${app.id}/decision`, { token: admin.token, body: { decision: 'reject', reasonCode: 'awaiting_funds' } });
      expect(badReason.status).toBe(400);
      expect(badReason.body.errors[0].field).toBe('reasonCode');

      const rejected = await w.call('POST', `/admin/applications/${app.id}/decision`, { token: admin.token, body: { decision: 'reject', reasonCode: 'not_a_programme_priority', note: 'Lower priority this round' } });
      expect(rejected.body.status).toBe('rejected');
      const appeal = await w.call('POST', `/applications/${app.id}/appeal`, { token: user.token, body: { statement: 'I lead the practice through a merger this year.' } });
      expect(appeal.status).toBe(201);
      expect((await w.call('GET', '/admin/appeals', { token: admin.token })).body.map((a: { id: string }) => a.id)).toContain(appeal.body.appealId);
      const upheld = await w.call('POST', `/admin/appeals/${appeal.body.appealId}/decision`, { token: admin.token, body: { decision: 'uphold', note: 'Merger evidence accepted' } });
      expect(upheld.body.status).toBe('under_review');
      const history = (await w.call('GET', `/applications/${app.id}`, { token: user.token })).body.history.map((h: { status: string }) => h.status);
      expect(history).toEqual(['draft', 'submitted', 'under_review', 'rejected', 'appealed', 'under_review']);
      const audit = await w.call('GET', `/admin/audit?targetId=${app.id}`, { token: admin.token });
      // Newest first: every move audited once, the applicant's and the system's as well as the staff decisions.
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['appeal.uphold', 'application.appealed', 'application.reject', 'application.eligibility_decided', 'application.submitted']);
    });

    it('a dismissed appeal returns it to its outcome; appeals after 28 days are refused', async () => {
      const { user, app } = await underReview();
      await w.call('POST', `/admin/applications/${app.id}/decision`, { token: admin.token, body: { decision: 'reject', reasonCode: 'insufficient_evidence' } });
      const appeal = await w.call('POST', `/applications/${app.id}/appeal`, { token: user.token, body: { statement: 'Please look again at my evidence.' } });
      expect((await w.call('POST', `/admin/appeals/${appeal.body.appealId}/decision`, { token: admin.token, body: { decision: 'dismiss', note: 'No new evidence' } })).body.status).toBe('rejected');

      const late = await underReview();
      await w.call('POST', `/admin/applications/${late.app.id}/decision`, { token: admin.token, body: { decision: 'reject', reasonCode: 'insufficient_evidence' } });
      await w.db.query(`UPDATE application_transition SET at = now() - interval '29 days' WHERE application_id = $1 AND to_status = 'rejected'`, [late.app.id]);
      const refused = await w.call('POST', `/applications/${late.app.id}/appeal`, { token: late.user.token, body: { statement: 'Please look again at my evidence.' } });
      expect(refused.status).toBe(422);
    });

    it('clears a referral to the waiting list in bulk, and the applicant withdraws', async () => {
      const user = await applicant(w, { currentRole: 'practice_manager' });
      const app = await draft(w, user.token, round.id, level5.id, { employerSupport: false });
      await w.call('POST', `/applications/${app.id}/submit`, { token: user.token });
      const other = await underReview();
      const bulk = await w.call('POST', '/admin/applications/decisions', { token: admin.token, body: { applicationIds: [app.id, other.app.id], decision: 'waitlist', reasonCode: 'lower_priority' } });
      expect(bulk.body.results.map((r: { status: string }) => r.status)).toEqual(['waitlisted', 'waitlisted']);
      const history = (await w.call('GET', `/admin/applications/${app.id}`, { token: admin.token })).body.history.map((h: { status: string }) => h.status);
      expect(history).toEqual(['draft', 'submitted', 'referred', 'under_review', 'waitlisted']);

      expect((await w.call('POST', `/applications/${app.id}/offer/accept`, { token: user.token })).status).toBe(409);
      expect((await w.call('POST', `/applications/${app.id}/withdraw`, { token: user.token, body: { reason: 'Changed jobs' } })).body.status).toBe('withdrawn');
      expect((await w.call('POST', `/applications/${app.id}/withdraw`, { token: user.token, body: { reason: 'again' } })).status).toBe(409);
      // A withdrawn application frees the place in the round.
      expect((await w.call('POST', '/applications', { token: user.token, body: { roundId: round.id, qualificationId: level3.id } })).status).toBe(201);
    });

    it('lists the queue by priority and filters by status and round', async () => {
      const res = await w.call('GET', `/admin/applications?status=under_review&roundId=${round.id}`, { token: admin.token });
      expect(res.body.total).toBeGreaterThan(0);
      const scores = res.body.items.map((i: { priorityScore: number }) => i.priorityScore);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(res.body.items.every((i: { status: string }) => i.status === 'under_review')).toBe(true);
      expect((await w.call('GET', '/admin/applications?status=nonsense', { token: admin.token })).status).toBe(400);
    });
  });

  describe('eligibility for anyone, and what-if for admins', () => {
    it('answers "Am I eligible?" without storing anything', async () => {
      const [{ before }] = await w.db.query(`SELECT count(*)::int AS before FROM applicant_profile`);
      const eligible = await w.call('POST', '/eligibility/check', { body: { ...goodProfile(), employerSupportNamed: true, roundId: round.id, qualificationId: level5.id } });
      expect(eligible.body).toEqual({ outcome: 'eligible', ruleSetVersion: '2026-1', reasons: [] });
      const young = await w.call('POST', '/eligibility/check', { body: goodProfile({ dateOfBirth: '2015-01-01', currentRole: 'school_leaver' }) });
      expect(young.body.outcome).toBe('ineligible');
      expect(young.body.reasons.length).toBeGreaterThan(0);
      expect((await w.call('POST', '/eligibility/check', { body: { region: 'london' } })).status).toBe(400);
      const [{ after }] = await w.db.query(`SELECT count(*)::int AS after FROM applicant_profile`);
      expect(after).toBe(before);
    });

    it('tells a fully eligible assistant practice manager "eligible", noting the application will ask for a supporter', async () => {
      const checked = await w.call('POST', '/eligibility/check', { body: { ...goodProfile(), roundId: round.id, qualificationId: level5.id } });
      expect(checked.body).toEqual({ outcome: 'eligible', ruleSetVersion: '2026-1', reasons: [], notes: ['Your application will ask you to name someone at your employer who supports it.'] });
      // Saying no supporter is named is judged as a real application is.
      const without = await w.call('POST', '/eligibility/check', { body: { ...goodProfile(), employerSupportNamed: false, roundId: round.id, qualificationId: level5.id } });
      expect(without.body.outcome).toBe('refer');
    });

    it('reports how a draft rule set would change a round’s outcomes before it is published', async () => {
      const whatIfRound = await openRound(w, [level5.id]);
      const seventeen = new Date(Date.now() - 17.5 * 365.25 * 86_400_000).toISOString().slice(0, 10);
      const young = await applicant(w, { dateOfBirth: seventeen });
      const youngApp = await draft(w, young.token, whatIfRound.id, level5.id);
      await w.call('POST', `/applications/${youngApp.id}/submit`, { token: young.token });
      const older = await applicant(w);
      await w.call('POST', `/applications/${(await draft(w, older.token, whatIfRound.id, level5.id)).id}/submit`, { token: older.token });

      const report = await w.call('POST', `/admin/rounds/${whatIfRound.id}/what-if`, { token: admin.token, body: { ruleSetVersion: '2099-1' } });
      expect(report.status).toBe(200);
      expect(report.body).toMatchObject({ fromVersion: '2026-1', toVersion: '2099-1', total: 2, changed: 1 });
      expect(report.body.changes).toEqual([expect.objectContaining({ applicationId: youngApp.id, from: 'eligible', to: 'ineligible' })]);
      expect(report.body.byRule[0].count).toBe(1);
      // A draft cannot decide real applications.
      const draftRound = await w.call('POST', '/admin/rounds', { token: admin.token, body: { name: 'Draft rules', opensAt: new Date().toISOString(), closesAt: new Date(Date.now() + 86_400_000).toISOString(), qualificationIds: [level5.id], potId: whatIfRound.potId, ruleSetVersion: '2099-1' } });
      expect(draftRound.status).toBe(422);
    });
  });
});
