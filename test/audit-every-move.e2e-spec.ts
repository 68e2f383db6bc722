/**
 * Issue 15, "every decision audited": the applicant's own moves, the system's,
 * and each provider report are in the audit log, one row per application or
 * report, with the actor rule (actorColumns); a staff decision stays one row.
 */
import { OffersService } from '@app/intake';
import { applicant, draft, openRound, pot, qualification } from './factories/intake.factory';
import { acceptedOffer, cohort } from './factories/training.factory';
import { World } from './support/world';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe('every decision audited', () => {
  let w: World;
  let admin: { id: string; token: string };
  let level5: { id: string };

  beforeAll(async () => {
    w = await World.start({ worker: false });
    admin = await w.signedIn('admin');
    level5 = await qualification(w, { level: 5 });
  });
  afterAll(() => w.stop());

  /** The audit rows about one application (or enrolment), oldest first: action, who, and the status moved to. */
  async function auditOf(targetId: string) {
    return w.db.query(
      `SELECT action, actor_id::text AS "actorId", actor_role AS "actorRole", after->>'status' AS status FROM audit_event WHERE target_id = $1 ORDER BY id`,
      [targetId],
    );
  }

  async function submitted(roundId: string, profile: Parameters<typeof applicant>[1] = {}) {
    const user = await applicant(w, profile);
    const app = await draft(w, user.token, roundId, level5.id);
    const res = await w.call('POST', `/applications/${app.id}/submit`, { token: user.token });
    expect(res.status).toBe(200);
    return { user, app };
  }
  const approve = (id: string) => w.call('POST', `/admin/applications/${id}/decision`, { token: admin.token, body: { decision: 'approve', reasonCode: 'meets_criteria' } });

  it('one row per application for submit, eligibility, a staff decision, decline, promotion, expiry, accept and withdraw', async () => {
    const round = await openRound(w, [level5.id], { potId: (await pot(w, 100_000)).id });
    const [a, b, c] = [await submitted(round.id), await submitted(round.id), await submitted(round.id)];
    const submittedRows = (user: { id: string }) => [
      { action: 'application.submitted', actorId: user.id, actorRole: 'applicant', status: 'submitted' },
      { action: 'application.eligibility_decided', actorId: null, actorRole: 'system', status: 'under_review' },
    ];
    expect(await auditOf(a.app.id)).toEqual(submittedRows(a.user));

    // Two bursaries: A and B are offered, C waitlisted; each decision is one row (ReviewService.decide's), not one per move.
    expect((await approve(a.app.id)).body.status).toBe('offered');
    expect((await approve(b.app.id)).body.status).toBe('offered');
    expect((await approve(c.app.id)).body.status).toBe('waitlisted');
    const approved = { action: 'application.approve', actorId: admin.id, actorRole: 'admin' };

    // A declines: C is promoted from the waiting list by the system.
    expect((await w.call('POST', `/applications/${a.app.id}/offer/decline`, { token: a.user.token })).body.status).toBe('declined');
    expect(await auditOf(a.app.id)).toEqual([
      ...submittedRows(a.user),
      { ...approved, status: 'offered' },
      { action: 'application.declined', actorId: a.user.id, actorRole: 'applicant', status: 'declined' },
    ]);

    // C, promoted, accepts and then withdraws.
    expect((await w.call('POST', `/applications/${c.app.id}/offer/accept`, { token: c.user.token })).body.status).toBe('accepted');
    expect((await w.call('POST', `/applications/${c.app.id}/withdraw`, { token: c.user.token, body: { reason: 'Moving abroad' } })).status).toBe(200);
    expect(await auditOf(c.app.id)).toEqual([
      ...submittedRows(c.user),
      { ...approved, status: 'waitlisted' },
      { action: 'application.promoted', actorId: null, actorRole: 'system', status: 'offered' },
      { action: 'application.accepted', actorId: c.user.id, actorRole: 'applicant', status: 'accepted' },
      { action: 'application.withdrawn', actorId: c.user.id, actorRole: 'applicant', status: 'withdrawn' },
    ]);
    // B lets the offer lapse (C answered theirs): the sweep expires it, as the system.
    w.clock.advance({ days: 15 });
    expect(await w.api.app.get(OffersService).expireDue()).toBe(1);
    expect(await auditOf(b.app.id)).toEqual([
      ...submittedRows(b.user),
      { ...approved, status: 'offered' },
      { action: 'application.offer_expired', actorId: null, actorRole: 'system', status: 'expired' },
    ]);

    const [promoted] = await w.db.query(`SELECT before, after FROM audit_event WHERE action = 'application.promoted' AND target_id = $1`, [c.app.id]);
    expect(promoted).toEqual({ before: { status: 'waitlisted' }, after: { status: 'offered', reasonCode: 'promoted_from_waiting_list' } });
  });

  it('an ineligible outcome and its appeal, one row each; the appeal decided is one row too', async () => {
    const round = await openRound(w, [level5.id]);
    const { user, app } = await submitted(round.id, { postcode: 'G1 1XQ', region: 'scotland', employerOdsCode: undefined });
    const appealed = await w.call('POST', `/applications/${app.id}/appeal`, { token: user.token, body: { statement: 'I work for an English practice from Glasgow.' } });
    expect(appealed.status).toBe(201);
    const [{ id: appealId }] = await w.db.query(`SELECT id FROM appeal WHERE application_id = $1`, [app.id]);
    expect((await w.call('POST', `/admin/appeals/${appealId}/decision`, { token: admin.token, body: { decision: 'uphold', note: 'Works in England' } })).status).toBeLessThan(300);
    expect(await auditOf(app.id)).toEqual([
      { action: 'application.submitted', actorId: user.id, actorRole: 'applicant', status: 'submitted' },
      { action: 'application.eligibility_decided', actorId: null, actorRole: 'system', status: 'ineligible' },
      { action: 'application.appealed', actorId: user.id, actorRole: 'applicant', status: 'appealed' },
      { action: 'appeal.uphold', actorId: admin.id, actorRole: 'admin', status: 'under_review' },
    ]);
  });

  it('a CSV of three reports is three rows, one on each learner, by the API key', async () => {
    const provider = await w.provider('Audit Provider');
    const key = await w.apiKey(provider.id, admin.token);
    const [{ id: keyId }] = await w.db.query(`SELECT id FROM api_key WHERE provider_id = $1`, [provider.id]);
    const round = await openRound(w, [level5.id], { potId: (await pot(w, 10_000_000)).id });
    const c = await cohort(w, provider.id, level5.id);
    const learners: { applicationId: string; enrolmentId: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const { app } = await acceptedOffer(w, admin.token, round.id, level5.id);
      const placed = await w.call('POST', `/admin/applications/${app.id}/enrolment`, { token: admin.token, body: { cohortId: c.id } });
      expect(placed.status).toBe(201);
      learners.push({ applicationId: app.id, enrolmentId: placed.body.enrolmentId });
    }
    const csv = ['enrolmentId,type,date', ...learners.map((l) => `${l.enrolmentId},start,${daysAgo(3)}`)].join('\r\n');
    const res = await fetch(w.url('/provider/reports/csv'), { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv', 'idempotency-key': `audit-csv-${Date.now()}` }, body: csv });
    expect(res.status).toBe(201);
    const rows = await w.db.query(
      `SELECT target_id AS "enrolmentId", actor_id::text AS "actorId", actor_role AS "actorRole", before, after - 'reportId' AS after FROM audit_event WHERE action = 'provider.report' AND target_type = 'enrolment' AND target_id = ANY($1::text[]) ORDER BY id`,
      [learners.map((l) => l.enrolmentId)],
    );
    expect(rows).toEqual(
      learners.map((l) => ({
        enrolmentId: l.enrolmentId,
        actorId: keyId,
        actorRole: 'provider_api_key',
        before: { status: 'placed' },
        after: { status: 'started', type: 'start', providerId: provider.id, applicationId: l.applicationId },
      })),
    );
    // No batch row any more: the rows are the reports.
    expect(await w.db.query(`SELECT 1 FROM audit_event WHERE action = 'provider.reports'`)).toEqual([]);
  });
});
