import { applicant, draft, openRound, pot, qualification } from './factories/intake.factory';
import { acceptedOffer, cohort } from './factories/training.factory';
import { World } from './support/world';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** Issue 14: who did it is one rule (actorColumns), and a decision returns the offer it made. */
describe('who did it, and the offer a decision made', () => {
  let w: World;
  let admin: { token: string };
  let provider: { id: string };
  let key: string;
  let keyId: string;
  let level5: { id: string; bursaryPence: number };
  let round: { id: string; potId: string | null };

  beforeAll(async () => {
    w = await World.start({ worker: false });
    admin = await w.signedIn('admin');
    provider = await w.provider('Actor Provider');
    key = await w.apiKey(provider.id, admin.token);
    [{ id: keyId }] = await w.db.query(`SELECT id FROM api_key WHERE provider_id = $1`, [provider.id]);
    level5 = await qualification(w, { level: 5 });
    round = await openRound(w, [level5.id], { potId: (await pot(w, 10_000_000)).id });
  });
  afterAll(() => w.stop());

  async function placed() {
    const { app } = await acceptedOffer(w, admin.token, round.id, level5.id);
    const c = await cohort(w, provider.id, level5.id);
    const res = await w.call('POST', `/admin/applications/${app.id}/enrolment`, { token: admin.token, body: { cohortId: c.id } });
    expect(res.status).toBe(201);
    return { applicationId: app.id as string, enrolmentId: res.body.enrolmentId as string };
  }

  /** The distinct actors recorded for a learner's reports, money (after the reservation) and completion. */
  async function actors(applicationId: string, enrolmentId: string) {
    const pairs = async (sql: string, id: string) => (await w.db.query(sql, [id])).map((r: { id: string | null; role: string | null }) => `${r.id} ${r.role}`);
    return {
      reports: await pairs(`SELECT DISTINCT reported_by AS id, reported_by_role AS role FROM enrolment_report WHERE enrolment_id = $1 AND type <> 'placement'`, enrolmentId),
      ledger: await pairs(`SELECT DISTINCT actor_id::text AS id, actor_role AS role FROM budget_ledger_entry WHERE application_id = $1 AND kind <> 'reserve'`, applicationId),
      transitions: await pairs(`SELECT DISTINCT actor_id::text AS id, actor_role AS role FROM application_transition WHERE application_id = $1 AND to_status = 'completed'`, applicationId),
    };
  }

  it('records a provider API key the same way for one report and for a batch: its id, as provider_api_key', async () => {
    const one = await placed();
    const batch = [await placed(), await placed()];
    const asKey = [`${keyId} provider_api_key`];

    // One report at a time: a start, then a completion (the application moves on its own).
    expect((await w.call('POST', `/provider/enrolments/${one.enrolmentId}/start`, { token: key, body: { startDate: daysAgo(60) } })).status).toBe(201);
    expect((await w.call('POST', `/provider/enrolments/${one.enrolmentId}/completion`, { token: key, body: { outcome: 'passed', date: daysAgo(1) } })).status).toBe(201);

    // A batch: starts one by one, then a file of completions (the applications move in one statement).
    for (const l of batch) expect((await w.call('POST', `/provider/enrolments/${l.enrolmentId}/start`, { token: key, body: { startDate: daysAgo(60) } })).status).toBe(201);
    const reports = await w.call('POST', '/provider/reports', {
      token: key,
      headers: { 'Idempotency-Key': `actor-batch-${one.enrolmentId}` },
      body: batch.map((l) => ({ enrolmentId: l.enrolmentId, type: 'completion', outcome: 'passed', date: daysAgo(1) })),
    });
    expect(reports.status).toBe(201);
    expect(reports.body.applied).toBe(2);

    for (const l of [one, ...batch]) {
      expect(await actors(l.applicationId, l.enrolmentId)).toEqual({ reports: asKey, ledger: asKey, transitions: asKey });
    }
    // The audit log has one row per report, on the learner, by the key: a start and a completion each.
    for (const l of [one, ...batch]) {
      const audit = await w.db.query(
        `SELECT after->>'type' AS type, actor_id::text AS id, actor_role AS role FROM audit_event WHERE action = 'provider.report' AND target_type = 'enrolment' AND target_id = $1 ORDER BY audit_event.id`,
        [l.enrolmentId],
      );
      expect(audit).toEqual([
        { type: 'start', id: keyId, role: 'provider_api_key' },
        { type: 'completion', id: keyId, role: 'provider_api_key' },
      ]);
    }
  });

  it('records each move of a learner with where it came from and went to, and who voided one', async () => {
    const l = await placed();
    const started = await w.call('POST', `/provider/enrolments/${l.enrolmentId}/start`, { token: key, body: { startDate: daysAgo(60) } });
    expect(started.status).toBe(201);
    const voided = await w.call('POST', `/provider/enrolments/${l.enrolmentId}/reports/${started.body.reportId}/void`, { token: key, body: { reason: 'Started the wrong learner' } });
    expect(voided.status).toBe(200);
    const moves = await w.db.query(
      `SELECT type, from_status, to_status, voided_by, voided_by_role, void_reason FROM enrolment_report WHERE enrolment_id = $1 ORDER BY id`,
      [l.enrolmentId],
    );
    const notVoided = { voided_by: null, voided_by_role: null, void_reason: null };
    expect(moves).toEqual([
      { type: 'placement', from_status: null, to_status: 'placed', ...notVoided },
      { type: 'start', from_status: 'placed', to_status: 'started', voided_by: keyId, voided_by_role: 'provider_api_key', void_reason: 'Started the wrong learner' },
    ]);
    const [{ status }] = await w.db.query(`SELECT status FROM enrolment WHERE id = $1`, [l.enrolmentId]);
    expect(status).toBe('placed');
  });

  it('returns the offer an approval made, with its amount and the expiry the applicant sees', async () => {
    const user = await applicant(w);
    const app = await draft(w, user.token, round.id, level5.id);
    await w.call('POST', `/applications/${app.id}/submit`, { token: user.token });
    const decided = await w.call('POST', `/admin/applications/${app.id}/decision`, { token: admin.token, body: { decision: 'approve', reasonCode: 'meets_criteria' } });
    expect(decided.status).toBe(200);
    expect(decided.body).toEqual({ status: 'offered', offer: { amountPence: level5.bursaryPence, expiresAt: expect.any(String) } });
    const mine = await w.call('GET', `/applications/${app.id}`, { token: user.token });
    expect(mine.body.offer).toEqual(decided.body.offer);
  });

  it('returns no offer when an approval finds no money, or the decision is not an approval', async () => {
    const small = await openRound(w, [level5.id], { potId: (await pot(w, 1)).id });
    const user = await applicant(w);
    const app = await draft(w, user.token, small.id, level5.id);
    await w.call('POST', `/applications/${app.id}/submit`, { token: user.token });
    const decided = await w.call('POST', `/admin/applications/${app.id}/decision`, { token: admin.token, body: { decision: 'approve', reasonCode: 'meets_criteria' } });
    expect(decided.body).toEqual({ status: 'waitlisted', reason: 'insufficient_funds' });

    const other = await applicant(w);
    const second = await draft(w, other.token, round.id, level5.id);
    await w.call('POST', `/applications/${second.id}/submit`, { token: other.token });
    const rejected = await w.call('POST', `/admin/applications/${second.id}/decision`, { token: admin.token, body: { decision: 'reject', reasonCode: 'not_a_programme_priority' } });
    expect(rejected.body.offer).toBeUndefined();
  });
});
