import { QualificationsService } from '@app/intake';
import { SYSTEM_ACTOR } from '@app/identity';
import { applicant, draft, openRound, pot } from './factories/intake.factory';
import { acceptedOffer, cohort } from './factories/training.factory';
import { json } from './support/http';
import { PortalClient } from './support/portal-client';
import { PASSWORD, World } from './support/world';

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** Payment schedules with milestones (issue 16), and a failed completion that frees the money it no longer needs. */
describe('payment schedules and failed completions', () => {
  let w: World;
  let admin: { token: string };
  let provider: { id: string };
  let key: string;
  let qualifications: QualificationsService;

  beforeAll(async () => {
    w = await World.start({ worker: false });
    admin = await w.signedIn('admin');
    provider = await w.provider('Schedule Provider');
    key = await w.apiKey(provider.id, admin.token);
    qualifications = w.api.app.get(QualificationsService);
  });
  afterAll(() => w.stop());

  const ledger = async (applicationId: string) =>
    (await w.db.query(`SELECT kind, amount_pence FROM budget_ledger_entry WHERE application_id = $1 ORDER BY seq`, [applicationId])).map(
      (e: { kind: string; amount_pence: number }) => `${e.kind} ${e.amount_pence}`,
    );
  const due = async (enrolmentId: string) =>
    (await w.db.query(`SELECT kind, milestone, amount_pence FROM payment_due WHERE enrolment_id = $1 AND voided_at IS NULL ORDER BY created_at, kind`, [enrolmentId])).map(
      (p: { kind: string; milestone: string | null; amount_pence: number }) => `${p.kind}${p.milestone ? ` ${p.milestone}` : ''} ${p.amount_pence}`,
    );
  const potRow = async (potId: string) => (await w.db.query(`SELECT committed_pence, paid_pence, available_pence FROM budget_pot WHERE id = $1`, [potId]))[0];
  const appStatus = async (id: string) => (await w.db.query(`SELECT status FROM application WHERE id = $1`, [id]))[0].status;
  const reconciled = async () => expect((await w.call('GET', '/admin/budget/reconciliation', { token: admin.token })).body.ok).toBe(true);

  const fortyTwentyForty = [
    { on: 'start', percent: 40 },
    { on: 'milestone', milestone: 'mid_point', percent: 20 },
    { on: 'pass', percent: 40 },
  ];

  /** A qualification with `schedule` (made through the API), a round on its own pot, and a learner placed on a cohort. */
  async function setting(schedule: unknown[] = fortyTwentyForty, bursaryPence = 100_000, potPence = 1_000_000) {
    const made = await w.call('POST', '/admin/qualifications', { token: admin.token, body: { title: 'Level 5 Diploma (schedule test)', awardingBody: 'Example Awards', level: 5, durationMonths: 12, bursaryPence, paymentSchedule: schedule } });
    expect(made.status).toBe(201);
    const potId = (await pot(w, potPence)).id;
    const round = await openRound(w, [made.body.id], { potId });
    return { qualificationId: made.body.id as string, roundId: round.id, potId };
  }
  async function placed(s: { qualificationId: string; roundId: string }) {
    const { user, app } = await acceptedOffer(w, admin.token, s.roundId, s.qualificationId);
    const c = await cohort(w, provider.id, s.qualificationId);
    const res = await w.call('POST', `/admin/applications/${app.id}/enrolment`, { token: admin.token, body: { cohortId: c.id } });
    expect(res.status).toBe(201);
    return { user, app, enrolmentId: res.body.enrolmentId as string };
  }
  const report = (enrolmentId: string, path: string, body: unknown) => w.call('POST', `/provider/enrolments/${enrolmentId}/${path}`, { token: key, body });

  it('the API takes and returns a schedule, keeps the older pair working, and names each problem', async () => {
    const made = await w.call('POST', '/admin/qualifications', { token: admin.token, body: { title: 'Level 4 Certificate (API)', awardingBody: 'Example Awards', level: 4, durationMonths: 9, paymentSchedule: fortyTwentyForty } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ paymentSchedule: fortyTwentyForty, startPaymentPercent: 40, completionPaymentPercent: 60 });

    const older = await w.call('POST', '/admin/qualifications', { token: admin.token, body: { title: 'Level 4 Certificate (NHSBSA)', awardingBody: 'Example Awards', level: 4, durationMonths: 9, startPaymentPercent: 60 } });
    expect(older.status).toBe(201);
    expect(older.body.paymentSchedule).toEqual([{ on: 'start', percent: 60 }, { on: 'pass', percent: 40 }]);

    const bad = await w.call('PATCH', `/admin/qualifications/${made.body.id}`, {
      token: admin.token,
      body: { paymentSchedule: [{ on: 'start', percent: 40 }, { on: 'milestone', milestone: 'mid_point', percent: 20.5 }, { on: 'milestone', milestone: 'mid_point', percent: 10 }, { on: 'milestone', milestone: 'halfway', percent: 10 }, { on: 'pass', percent: 30 }] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'paymentSchedule[1].percent', message: 'must be a whole number from 0 to 100' },
        { field: 'paymentSchedule[2].milestone', message: 'mid_point is named more than once' },
        { field: 'paymentSchedule[3].milestone', message: 'must be one of mid_point, assessment_passed' },
      ]),
    );
    const sum = await w.call('PATCH', `/admin/qualifications/${made.body.id}`, { token: admin.token, body: { paymentSchedule: [{ on: 'start', percent: 50 }, { on: 'pass', percent: 40 }] } });
    expect(sum.status).toBe(422);
    expect(sum.body.errors).toEqual([{ field: 'paymentSchedule', message: 'the percents must add up to exactly 100; these add up to 90' }]);
    const order = await w.call('PATCH', `/admin/qualifications/${made.body.id}`, { token: admin.token, body: { paymentSchedule: [{ on: 'pass', percent: 50 }, { on: 'start', percent: 50 }] } });
    expect(order.status).toBe(422);
    expect(order.body.errors.map((e: { field: string }) => e.field)).toEqual(['paymentSchedule[0].on', 'paymentSchedule[1].on']);
    const both = await w.call('PATCH', `/admin/qualifications/${made.body.id}`, { token: admin.token, body: { paymentSchedule: fortyTwentyForty, startPaymentPercent: 40 } });
    expect(both.status).toBe(422);
    expect(both.body.errors).toEqual([{ field: 'paymentSchedule', message: expect.stringContaining('not both') }]);
    expect((await w.call('GET', `/admin/qualifications`, { token: admin.token })).body).toContainEqual(expect.objectContaining({ id: made.body.id, paymentSchedule: fortyTwentyForty }));
  });

  it('40/20/40: the start pays 40%, the milestone 20% once though reported twice, the pass 40%; a later change to the schedule changes nothing for this learner', async () => {
    const s = await setting();
    const { app, user, enrolmentId } = await placed(s);
    expect((await report(enrolmentId, 'start', { startDate: daysAgo(60) })).status).toBe(201);
    expect(await ledger(app.id)).toEqual(['reserve 100000', 'commit 100000', 'pay 40000']);

    // The programme changes the qualification's schedule after this learner started: their payments stay as they started.
    await qualifications.update(s.qualificationId, { paymentSchedule: [{ on: 'start', percent: 10 }, { on: 'pass', percent: 90 }] }, SYSTEM_ACTOR);

    expect((await report(enrolmentId, 'progress', { milestone: 'mid_point', date: daysAgo(30) })).status).toBe(201);
    expect((await report(enrolmentId, 'progress', { milestone: 'mid_point', date: daysAgo(29) })).status).toBe(201);
    expect((await report(enrolmentId, 'progress', { milestone: 'assessment_passed', date: daysAgo(20) })).status).toBe(201);
    expect(await ledger(app.id)).toEqual(['reserve 100000', 'commit 100000', 'pay 40000', 'pay 20000']);

    expect((await report(enrolmentId, 'completion', { outcome: 'passed', date: today() })).status).toBe(201);
    expect(await ledger(app.id)).toEqual(['reserve 100000', 'commit 100000', 'pay 40000', 'pay 20000', 'pay 40000']);
    expect(await due(enrolmentId)).toEqual(['start 40000', 'milestone mid_point 20000', 'completion 40000']);
    expect((await w.call('GET', `/applications/${app.id}`, { token: user.token })).body.status).toBe('completed');

    // The statement names the milestone.
    const statements = await w.call('GET', '/provider/statements', { token: key });
    const payments = statements.body.flatMap((m: { payments: unknown[] }) => m.payments).filter((p: { applicationReference: string }) => p.applicationReference === app.reference);
    expect(payments).toContainEqual(expect.objectContaining({ kind: 'milestone', milestone: 'mid_point', amountPence: 20000 }));

    // A learner starting now takes the schedule as it is now: 10% on start.
    const next = await placed(s);
    await report(next.enrolmentId, 'start', { startDate: daysAgo(5) });
    expect(await ledger(next.app.id)).toEqual(['reserve 100000', 'commit 100000', 'pay 10000']);
    await reconciled();
  });

  it('voiding the milestone progress reverses its payment; it is paid again when reported again; a voided start clears the fixed schedule', async () => {
    const s = await setting();
    const { app, enrolmentId } = await placed(s);
    const start = await report(enrolmentId, 'start', { startDate: daysAgo(60) });
    const progress = await report(enrolmentId, 'progress', { milestone: 'mid_point', date: daysAgo(30) });
    expect((await w.call('POST', `/provider/enrolments/${enrolmentId}/reports/${progress.body.reportId}/void`, { token: key, body: { reason: 'Wrong learner' } })).status).toBe(200);
    expect(await ledger(app.id)).toEqual(['reserve 100000', 'commit 100000', 'pay 40000', 'pay 20000', 'reverse 20000']);
    expect(await due(enrolmentId)).toEqual(['start 40000']);
    await report(enrolmentId, 'progress', { milestone: 'mid_point', date: daysAgo(29) });
    expect(await due(enrolmentId)).toEqual(['start 40000', 'milestone mid_point 20000']);

    // A voided start: the schedule is no longer fixed, and the real start takes the qualification's as it is then.
    const fresh = await placed(s);
    const started = await report(fresh.enrolmentId, 'start', { startDate: daysAgo(10) });
    expect((await w.db.query(`SELECT payment_schedule FROM enrolment WHERE id = $1`, [fresh.enrolmentId]))[0].payment_schedule).toHaveLength(3);
    await w.call('POST', `/provider/enrolments/${fresh.enrolmentId}/reports/${started.body.reportId}/void`, { token: key, body: { reason: 'Not started yet' } });
    expect((await w.db.query(`SELECT payment_schedule FROM enrolment WHERE id = $1`, [fresh.enrolmentId]))[0].payment_schedule).toBeNull();
    await qualifications.update(s.qualificationId, { paymentSchedule: [{ on: 'start', percent: 60 }, { on: 'pass', percent: 40 }] }, SYSTEM_ACTOR);
    await report(fresh.enrolmentId, 'start', { startDate: daysAgo(5) });
    expect(await due(fresh.enrolmentId)).toEqual(['start 60000']);
    expect(start.status).toBe(201);
    await reconciled();
  });

  it('a pass pays a milestone that was never reported, so the whole bursary is paid', async () => {
    const s = await setting(fortyTwentyForty, 99_999);
    const { app, enrolmentId } = await placed(s);
    await report(enrolmentId, 'start', { startDate: daysAgo(60) });
    await report(enrolmentId, 'completion', { outcome: 'passed', date: today() });
    expect(await ledger(app.id)).toEqual(['reserve 99999', 'commit 99999', 'pay 39999', 'pay 19999', 'pay 40001']);
  });

  it('a fail with no resit releases exactly the unpaid part and ends not_passed; voiding it restores the money and the status', async () => {
    const s = await setting();
    const { app, user, enrolmentId } = await placed(s);
    await report(enrolmentId, 'start', { startDate: daysAgo(60) });
    await report(enrolmentId, 'progress', { milestone: 'mid_point', date: daysAgo(30) });
    const before = await potRow(s.potId);
    const fail = await report(enrolmentId, 'completion', { outcome: 'failed', date: today(), resitPlanned: false });
    expect(fail.status).toBe(201);
    expect(await ledger(app.id)).toEqual(['reserve 100000', 'commit 100000', 'pay 40000', 'pay 20000', 'release 40000']);
    const after = await potRow(s.potId);
    expect(Number(after.committed_pence)).toBe(Number(before.committed_pence) - 40000);
    expect(Number(after.available_pence)).toBe(Number(before.available_pence) + 40000);
    expect(Number(after.paid_pence)).toBe(Number(before.paid_pence));
    expect(await appStatus(app.id)).toBe('not_passed');
    expect((await w.call('GET', `/applications/${app.id}`, { token: user.token })).body.status).toBe('not_passed');
    const [mail] = await w.db.query(`SELECT topic FROM outbox WHERE recipient_user_id = $1 AND topic = 'training.not_passed'`, [user.id]);
    expect(mail).toBeDefined();
    // Nothing more can be paid from money released: a later completion is refused until the fail is voided.
    expect((await report(enrolmentId, 'completion', { outcome: 'passed', date: today() })).status).toBe(422);
    await reconciled();

    const voided = await w.call('POST', `/provider/enrolments/${enrolmentId}/reports/${fail.body.reportId}/void`, { token: key, body: { reason: 'Reported the wrong outcome' } });
    expect(voided.status).toBe(200);
    expect(await ledger(app.id)).toEqual(['reserve 100000', 'commit 100000', 'pay 40000', 'pay 20000', 'release 40000', 'reverse 40000']);
    expect(await appStatus(app.id)).toBe('enrolled');
    expect(await potRow(s.potId)).toEqual(before);
    expect((await report(enrolmentId, 'completion', { outcome: 'passed', date: today() })).status).toBe(201);
    expect((await ledger(app.id)).slice(-1)).toEqual(['pay 40000']);
    await reconciled();
  });

  it('voiding a fail is refused, changing nothing, when the pot has since spent the money it released', async () => {
    const s = await setting();
    const { app, enrolmentId } = await placed(s);
    await report(enrolmentId, 'start', { startDate: daysAgo(60) });
    const fail = await report(enrolmentId, 'completion', { outcome: 'failed', date: today() });
    expect(fail.status).toBe(201);
    expect(await appStatus(app.id)).toBe('not_passed');
    // Everything the pot has available moves elsewhere (another offer, a transfer): the released money is gone.
    const { available_pence } = await potRow(s.potId);
    const other = await pot(w, 0);
    expect((await w.call('POST', '/admin/budget/transfers', { token: admin.token, body: { fromPotId: s.potId, toPotId: other.id, amountPence: Number(available_pence), reason: 'Moved for the test' } })).status).toBe(201);
    const refused = await w.call('POST', `/provider/enrolments/${enrolmentId}/reports/${fail.body.reportId}/void`, { token: key, body: { reason: 'Reported the wrong outcome' } });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].message).toMatch(/pot no longer has the money/);
    expect(await appStatus(app.id)).toBe('not_passed');
  });

  it('a fail with a resit planned keeps the money committed and the application enrolled; the resit pass pays the pass stage', async () => {
    const s = await setting();
    const { app, enrolmentId } = await placed(s);
    await report(enrolmentId, 'start', { startDate: daysAgo(60) });
    const fail = await report(enrolmentId, 'completion', { outcome: 'failed', date: daysAgo(10), resitPlanned: true });
    expect(fail.status).toBe(201);
    expect(await ledger(app.id)).toEqual(['reserve 100000', 'commit 100000', 'pay 40000']);
    expect(await appStatus(app.id)).toBe('enrolled');
    const [r] = await w.db.query(`SELECT resit_planned FROM enrolment_report WHERE id = $1`, [fail.body.reportId]);
    expect(r.resit_planned).toBe(true);
    expect((await report(enrolmentId, 'completion', { outcome: 'passed', date: today() })).status).toBe(201);
    expect(await ledger(app.id)).toEqual(['reserve 100000', 'commit 100000', 'pay 40000', 'pay 20000', 'pay 40000']);
    expect(await appStatus(app.id)).toBe('completed');
    // resitPlanned belongs to a fail only.
    const other = await placed(s);
    await report(other.enrolmentId, 'start', { startDate: daysAgo(6) });
    const wrong = await report(other.enrolmentId, 'completion', { outcome: 'passed', date: today(), resitPlanned: true });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([{ field: 'resitPlanned', message: 'is only for a failed completion' }]);
  });

  it('a CSV with milestone progress and resitPlanned columns obeys the same rules, row loop and completions in sets', async () => {
    const s = await setting();
    const learners = [];
    for (let i = 0; i < 4; i++) {
      const l = await placed(s);
      await report(l.enrolmentId, 'start', { startDate: daysAgo(60) });
      learners.push(l);
    }
    const [a, b, c, d] = learners;
    const send = (rows: string[]) =>
      fetch(w.url('/provider/reports/csv'), {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv', 'idempotency-key': `sched-${Date.now()}-${Math.random()}` },
        body: ['enrolmentId,type,date,milestone,outcome,resitPlanned', ...rows].join('\r\n'),
      });
    // Mixed rows go through the row loop: a's milestone twice in one file is paid once.
    const mixed = await send([`${a.enrolmentId},progress,${daysAgo(30)},mid_point,,`, `${a.enrolmentId},progress,${daysAgo(29)},mid_point,,`, `${b.enrolmentId},progress,${daysAgo(30)},mid_point,,`]);
    expect(mixed.status).toBe(201);
    expect(await due(a.enrolmentId)).toEqual(['start 40000', 'milestone mid_point 20000']);

    const bad = await send([`${c.enrolmentId},completion,${today()},,failed,maybe`]);
    expect(bad.status).toBe(422);
    expect((await json(bad)).errors).toEqual([{ row: 2, column: 'resitPlanned', message: 'must be yes or no' }]);

    // A file of completions only is applied in sets.
    const completions = await send([
      `${a.enrolmentId},completion,${today()},,passed,`,
      `${b.enrolmentId},completion,${today()},,failed,yes`,
      `${c.enrolmentId},completion,${today()},,failed,no`,
      `${d.enrolmentId},completion,${today()},,passed,`,
    ]);
    expect(completions.status).toBe(201);
    expect(await ledger(a.app.id)).toEqual(['reserve 100000', 'commit 100000', 'pay 40000', 'pay 20000', 'pay 40000']);
    expect(await ledger(b.app.id)).toEqual(['reserve 100000', 'commit 100000', 'pay 40000', 'pay 20000']);
    expect(await ledger(c.app.id)).toEqual(['reserve 100000', 'commit 100000', 'pay 40000', 'release 60000']);
    // d never reported the milestone: the pass pays it with the pass.
    expect(await due(d.enrolmentId)).toEqual(['start 40000', 'completion 40000', 'milestone mid_point 20000']);
    expect([await appStatus(a.app.id), await appStatus(b.app.id), await appStatus(c.app.id), await appStatus(d.app.id)]).toEqual(['completed', 'enrolled', 'not_passed', 'completed']);
    await reconciled();
  });

  it('the provider’s completion form asks about a resit for a fail, refuses without an answer, and a "no" ends the place', async () => {
    const s = await setting();
    const { app, enrolmentId } = await placed(s);
    await report(enrolmentId, 'start', { startDate: daysAgo(60) });
    const user = await w.user('provider', { providerId: provider.id });
    const c = new PortalClient(w.api.url);
    await c.signIn(user.email, PASSWORD);
    const page = await c.get(`/portal/provider/learners/${enrolmentId}/completion`);
    expect(page.html).toContain('If they failed: is a resit planned?');
    const [day, month, year] = [String(new Date().getUTCDate()), String(new Date().getUTCMonth() + 1), String(new Date().getUTCFullYear())];
    const date = { 'date[day]': day, 'date[month]': month, 'date[year]': year };
    const unanswered = await c.post(`/portal/provider/learners/${enrolmentId}/completion`, { _csrf: c.csrf, outcome: 'failed', ...date });
    expect(unanswered.status).toBe(422);
    expect(unanswered.html).toContain('href="#completion-resitPlanned"');
    expect(unanswered.html).toContain('Select whether a resit is planned');
    expect(await appStatus(app.id)).toBe('enrolled');
    const no = await c.post(`/portal/provider/learners/${enrolmentId}/completion`, { _csrf: c.csrf, outcome: 'failed', resitPlanned: 'no', ...date });
    expect(no.status).toBe(303);
    expect(await appStatus(app.id)).toBe('not_passed');
    expect((await ledger(app.id)).slice(-1)).toEqual(['release 60000']);
    // The start payment made before the fail still shows on the statement.
    expect((await c.get('/portal/provider/statements')).html).toContain(app.reference);
  });

  it('the money a fail with no resit releases is offered to the next waitlisted applicant in the same transaction', async () => {
    // A pot holding one bursary, paid all on a pass: the fail frees the whole of it.
    const s = await setting([{ on: 'start', percent: 0 }, { on: 'pass', percent: 100 }], 100_000, 100_000);
    const { app, enrolmentId } = await placed(s);
    const next = await applicant(w);
    const waiting = await draft(w, next.token, s.roundId, s.qualificationId);
    await w.call('POST', `/applications/${waiting.id}/submit`, { token: next.token });
    const decided = await w.call('POST', `/admin/applications/${waiting.id}/decision`, { token: admin.token, body: { decision: 'approve', reasonCode: 'meets_criteria' } });
    expect(decided.body.status).toBe('waitlisted');
    await report(enrolmentId, 'start', { startDate: daysAgo(60) });
    const fail = await report(enrolmentId, 'completion', { outcome: 'failed', date: today(), resitPlanned: false });
    expect(fail.status).toBe(201);
    expect(await appStatus(app.id)).toBe('not_passed');
    expect(await appStatus(waiting.id)).toBe('offered');
    expect(await ledger(waiting.id)).toEqual(['reserve 100000']);
    // The money now funds that offer, so the fail can no longer be voided by the provider.
    const refused = await w.call('POST', `/provider/enrolments/${enrolmentId}/reports/${fail.body.reportId}/void`, { token: key, body: { reason: 'Reported the wrong outcome' } });
    expect(refused.status).toBe(422);
    expect(await appStatus(app.id)).toBe('not_passed');
    await reconciled();
  });
});
