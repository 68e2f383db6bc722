import { openRound, pot, qualification } from './factories/intake.factory';
import { acceptedOffer, cohort, startedLearners } from './factories/training.factory';
import { IdempotencyService } from '@app/training';
import { json } from './support/http';
import { World } from './support/world';

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe('training providers', () => {
  let w: World;
  let admin: { token: string };
  let providerA: { id: string };
  let providerB: { id: string };
  let userA: { token: string };
  let keyA: string;
  let userB: { token: string };
  let level5: { id: string; bursaryPence: number };
  let round: { id: string; potId: string | null };

  beforeAll(async () => {
    w = await World.start({ worker: false });
    admin = await w.signedIn('admin');
    providerA = await w.provider('Provider A');
    providerB = await w.provider('Provider B');
    userA = await w.signedIn('provider', { providerId: providerA.id });
    userB = await w.signedIn('provider', { providerId: providerB.id });
    keyA = await w.apiKey(providerA.id, admin.token);
    level5 = await qualification(w, { level: 5 });
    round = await openRound(w, [level5.id], { potId: (await pot(w, 10_000_000)).id });
  });
  afterAll(() => w.stop());

  const ledger = async (applicationId: string) =>
    (await w.db.query(`SELECT kind, amount_pence FROM budget_ledger_entry WHERE application_id = $1 ORDER BY seq`, [applicationId])).map(
      (e: { kind: string; amount_pence: number }) => `${e.kind} ${e.amount_pence}`,
    );

  async function placed(providerId = providerA.id) {
    const { user, app } = await acceptedOffer(w, admin.token, round.id, level5.id);
    const c = await cohort(w, providerId, level5.id);
    const res = await w.call('POST', `/admin/applications/${app.id}/enrolment`, { token: admin.token, body: { cohortId: c.id } });
    expect(res.status).toBe(201);
    return { user, app, enrolmentId: res.body.enrolmentId as string, cohortId: c.id };
  }

  it('a learner goes start -> mid point -> completion (passed): the ledger shows commit and both payments', async () => {
    const { user, app, enrolmentId } = await placed();
    const learners = await w.call('GET', '/provider/learners', { token: keyA });
    expect(learners.body.map((l: { enrolmentId: string }) => l.enrolmentId)).toContain(enrolmentId);

    expect((await w.call('POST', `/provider/enrolments/${enrolmentId}/start`, { token: keyA, body: { startDate: daysAgo(60) } })).status).toBe(201);
    expect((await w.call('POST', `/provider/enrolments/${enrolmentId}/progress`, { token: keyA, body: { milestone: 'mid_point', date: daysAgo(30) } })).status).toBe(201);
    const done = await w.call('POST', `/provider/enrolments/${enrolmentId}/completion`, { token: userA.token, body: { outcome: 'passed', date: today(), certificateReference: 'CERT-0001' } });
    expect(done.status).toBe(201);

    expect(await ledger(app.id)).toEqual(['reserve 50000', 'commit 50000', 'pay 25000', 'pay 25000']);
    const mine = await w.call('GET', `/applications/${app.id}`, { token: user.token });
    expect(mine.body.status).toBe('completed');
    const learner = await w.call('GET', `/provider/learners/${enrolmentId}`, { token: keyA });
    expect(learner.body).toMatchObject({ status: 'completed', outcome: 'passed', certificateReference: 'CERT-0001' });
    expect(learner.body.reports.map((r: { type: string }) => r.type)).toEqual(['placement', 'start', 'progress', 'completion']);

    const statements = await w.call('GET', '/provider/statements', { token: keyA });
    const payments = statements.body.flatMap((m: { payments: { applicationReference: string; amountPence: number }[] }) => m.payments).filter((p: { applicationReference: string }) => p.applicationReference === app.reference);
    expect(payments.map((p: { amountPence: number }) => p.amountPence)).toEqual([25000, 25000]);
  });

  it('a withdrawal after start stops the completion payment and releases what was not paid', async () => {
    const { app, enrolmentId } = await placed();
    await w.call('POST', `/provider/enrolments/${enrolmentId}/start`, { token: keyA, body: { startDate: daysAgo(10) } });
    const withdrawn = await w.call('POST', `/provider/enrolments/${enrolmentId}/withdrawal`, { token: keyA, body: { reasonCode: 'changed_job', date: today() } });
    expect(withdrawn.status).toBe(201);
    const completion = await w.call('POST', `/provider/enrolments/${enrolmentId}/completion`, { token: keyA, body: { outcome: 'passed', date: today() } });
    expect(completion.status).toBe(422);
    expect(await ledger(app.id)).toEqual(['reserve 50000', 'commit 50000', 'pay 25000', 'release 25000']);
  });

  it('a void reverses its money and the learner is back to started', async () => {
    const { app, enrolmentId } = await placed();
    await w.call('POST', `/provider/enrolments/${enrolmentId}/start`, { token: keyA, body: { startDate: daysAgo(10) } });
    const done = await w.call('POST', `/provider/enrolments/${enrolmentId}/completion`, { token: keyA, body: { outcome: 'passed', date: today() } });
    const voided = await w.call('POST', `/provider/enrolments/${enrolmentId}/reports/${done.body.reportId}/void`, { token: keyA, body: { reason: 'Reported against the wrong learner' } });
    expect(voided.status).toBe(200);
    expect(await ledger(app.id)).toEqual(['reserve 50000', 'commit 50000', 'pay 25000', 'pay 25000', 'reverse 25000']);
    expect((await w.call('GET', `/provider/learners/${enrolmentId}`, { token: keyA })).body).toMatchObject({ status: 'started', outcome: null });
    const [{ status }] = await w.db.query(`SELECT status FROM application WHERE id = $1`, [app.id]);
    expect(status).toBe('enrolled');
  });

  it('a voided start reverses the start payment and the commitment; the learner can start again', async () => {
    const { app, enrolmentId } = await placed();
    const started = await w.call('POST', `/provider/enrolments/${enrolmentId}/start`, { token: keyA, body: { startDate: daysAgo(10) } });
    const voided = await w.call('POST', `/provider/enrolments/${enrolmentId}/reports/${started.body.reportId}/void`, { token: keyA, body: { reason: 'Started the wrong learner' } });
    expect(voided.status).toBe(200);
    expect(await ledger(app.id)).toEqual(['reserve 50000', 'commit 50000', 'pay 25000', 'reverse 25000', 'reverse 50000']);
    expect((await w.call('GET', `/provider/learners/${enrolmentId}`, { token: keyA })).body).toMatchObject({ status: 'placed', startDate: null });
    const [{ live }] = await w.db.query(`SELECT count(*)::int AS live FROM payment_due WHERE enrolment_id = $1 AND voided_at IS NULL`, [enrolmentId]);
    expect(live).toBe(0);

    // The money waits, reserved, for the real start.
    expect((await w.call('POST', `/provider/enrolments/${enrolmentId}/start`, { token: keyA, body: { startDate: daysAgo(5) } })).status).toBe(201);
    expect((await ledger(app.id)).slice(5)).toEqual(['commit 50000', 'pay 25000']);
    const withdrawal = await w.call('POST', `/provider/enrolments/${enrolmentId}/withdrawal`, { token: keyA, body: { reasonCode: 'changed_job', date: today() } });
    const refused = await w.call('POST', `/provider/enrolments/${enrolmentId}/reports/${withdrawal.body.reportId}/void`, { token: keyA, body: { reason: 'oops' } });
    expect(refused.status).toBe(422);
  });

  it('voiding a deferral: a placed learner is placed again; deferred then started, a voided start goes back to deferred', async () => {
    const { enrolmentId } = await placed();
    const status = async () => (await w.call('GET', `/provider/learners/${enrolmentId}`, { token: keyA })).body.status;
    const deferral = await w.call('POST', '/provider/reports', { token: keyA, headers: { 'idempotency-key': `defer-${enrolmentId}` }, body: [{ enrolmentId, type: 'deferral', reasonCode: 'health', date: today() }] });
    expect(deferral.status).toBe(201);
    expect(await status()).toBe('deferred');
    const voidDeferral = await w.call('POST', `/provider/enrolments/${enrolmentId}/reports/${deferral.body.results[0].reportId}/void`, { token: keyA, body: { reason: 'Deferred the wrong learner' } });
    expect(voidDeferral.status).toBe(200);
    expect(await status()).toBe('placed');

    await w.call('POST', '/provider/reports', { token: keyA, headers: { 'idempotency-key': `defer2-${enrolmentId}` }, body: [{ enrolmentId, type: 'deferral', reasonCode: 'health', date: today() }] });
    const started = await w.call('POST', `/provider/enrolments/${enrolmentId}/start`, { token: keyA, body: { startDate: today() } });
    expect((await w.call('POST', `/provider/enrolments/${enrolmentId}/reports/${started.body.reportId}/void`, { token: keyA, body: { reason: 'Not started yet' } })).status).toBe(200);
    expect(await status()).toBe('deferred');
  });

  it('a payment finance has marked paid is not reversed by a void: refused, nothing changed', async () => {
    const { app, enrolmentId } = await placed();
    await w.call('POST', `/provider/enrolments/${enrolmentId}/start`, { token: keyA, body: { startDate: daysAgo(10) } });
    const done = await w.call('POST', `/provider/enrolments/${enrolmentId}/completion`, { token: keyA, body: { outcome: 'passed', date: today() } });
    await w.db.query(`UPDATE payment_due SET paid_at = now() WHERE report_id = $1`, [done.body.reportId]);
    const refused = await w.call('POST', `/provider/enrolments/${enrolmentId}/reports/${done.body.reportId}/void`, { token: keyA, body: { reason: 'Reported against the wrong learner' } });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ field: 'reportId', message: 'its payment has been paid already; ask the programme team to recover it' }]);
    expect(await ledger(app.id)).toEqual(['reserve 50000', 'commit 50000', 'pay 25000', 'pay 25000']);
    expect((await w.call('GET', `/provider/learners/${enrolmentId}`, { token: keyA })).body.status).toBe('completed');
    // Marked paid by hand, outside a payment run, which reconciliation now reports: undone so later checks judge only the code.
    await w.db.query(`UPDATE payment_due SET paid_at = NULL WHERE report_id = $1`, [done.body.reportId]);
  });

  it('a 20-place cohort with 40 concurrent enrolments takes exactly 20', async () => {
    const c = await cohort(w, providerA.id, level5.id, 20);
    const offers = [];
    for (let i = 0; i < 40; i++) offers.push(await acceptedOffer(w, admin.token, round.id, level5.id));
    const results = await Promise.all(offers.map(({ app }) => w.call('POST', `/admin/applications/${app.id}/enrolment`, { token: admin.token, body: { cohortId: c.id } })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(20);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(Array(20).fill('cohort_full'));
    const [{ taken, enrolled }] = await w.db.query(
      `SELECT c.places_taken AS taken, (SELECT count(*)::int FROM enrolment e WHERE e.cohort_id = c.id) AS enrolled FROM cohort c WHERE c.id = $1`,
      [c.id],
    );
    expect([taken, enrolled]).toEqual([20, 20]);
  }, 120_000);

  it("provider A cannot read or report on provider B's learners (404)", async () => {
    const { enrolmentId } = await placed(providerB.id);
    expect((await w.call('GET', `/provider/learners/${enrolmentId}`, { token: keyA })).status).toBe(404);
    expect((await w.call('GET', `/provider/learners/${enrolmentId}`, { token: userA.token })).status).toBe(404);
    expect((await w.call('POST', `/provider/enrolments/${enrolmentId}/start`, { token: keyA, body: { startDate: today() } })).status).toBe(404);
    const bulk = await w.call('POST', '/provider/reports', { token: keyA, headers: { 'idempotency-key': `a-${Date.now()}` }, body: [{ enrolmentId, type: 'start', date: today() }] });
    expect(bulk.status).toBe(422);
    expect(bulk.body.errors).toEqual([{ row: 1, column: 'enrolmentId', message: 'is not one of your learners' }]);
    expect((await w.call('GET', `/provider/learners/${enrolmentId}`, { token: userB.token })).status).toBe(200);
  });

  describe('bulk reports', () => {
    let learners: string[];
    beforeAll(async () => {
      // A £10 bursary keeps 1,000 learners' money small beside this suite's other pots (all share the £6m).
      const small = await qualification(w, { level: 4, bursaryPence: 1000 });
      const smallRound = await openRound(w, [small.id], { potId: (await pot(w, 2_000_000)).id });
      learners = await startedLearners(w, { providerId: providerA.id, roundId: smallRound.id, qualificationId: small.id, potId: smallRound.potId!, count: 1000, bursaryPence: small.bursaryPence });
    }, 120_000);

    const csvOf = (rows: string[][]) => ['enrolmentId,type,date,outcome,certificateReference', ...rows.map((r) => r.join(','))].join('\r\n');

    it('a CSV with 3 bad rows among 1,000 is refused whole with those 3 rows named', async () => {
      const rows = learners.map((id, i) => [id, 'completion', today(), 'passed', `CERT-${i}`]);
      rows[9][3] = 'maybe';
      rows[499][2] = '2026-13-40';
      rows[999][0] = '00000000-0000-4000-8000-000000000000';
      const upload = await fetch(w.url('/provider/reports/csv'), {
        method: 'POST',
        headers: { authorization: `Bearer ${keyA}`, 'content-type': 'text/csv', 'idempotency-key': `csv-bad-${Date.now()}` },
        body: '\ufeff' + csvOf(rows),
      });
      expect(upload.status).toBe(422);
      const body = await json(upload);
      // Numbered by the file's lines: the header is line 1, so the 10th report is on line 11.
      expect(body.errors).toEqual([
        { row: 11, column: 'outcome', message: 'must be passed or failed' },
        { row: 501, column: 'date', message: 'must be a real date, like 2026-09-01' },
        { row: 1001, column: 'enrolmentId', message: 'is not one of your learners' },
      ]);
      const [{ n }] = await w.db.query(`SELECT count(*)::int AS n FROM enrolment_report WHERE enrolment_id = ANY($1::uuid[])`, [learners]);
      expect(n).toBe(0);
    });

    it('the same upload twice with one key writes once; another body with the key is 422', async () => {
      const some = learners.slice(0, 50);
      const csv = csvOf(some.map((id, i) => [id, 'completion', today(), 'passed', `"CERT, ${i}"`]));
      const send = (body: string, key: string) =>
        fetch(w.url('/provider/reports/csv'), { method: 'POST', headers: { authorization: `Bearer ${keyA}`, 'content-type': 'text/csv', 'idempotency-key': key }, body });
      const key = `csv-once-${Date.now()}`;
      const first = await send(csv, key);
      expect(first.status).toBe(201);
      const firstBody = await json(first);
      expect(firstBody.applied).toBe(50);
      const second = await send(csv, key);
      expect(second.status).toBe(201);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(await json(second)).toEqual(firstBody);
      const [{ n }] = await w.db.query(`SELECT count(*)::int AS n FROM enrolment_report WHERE enrolment_id = ANY($1::uuid[]) AND type = 'completion'`, [some]);
      expect(n).toBe(50);
      const [{ paid }] = await w.db.query(`SELECT count(*)::int AS paid FROM payment_due WHERE enrolment_id = ANY($1::uuid[]) AND kind = 'completion'`, [some]);
      expect(paid).toBe(50);
      expect((await send(csv.replace('CERT, 0', 'CERT, X'), key)).status).toBe(422);
      // Applied in sets, the money still reconciles to the penny.
      expect((await w.call('GET', '/admin/budget/reconciliation', { token: admin.token })).body.ok).toBe(true);
    });

    it('a key still in flight is 409; reports without a key are refused; JSON bulk works the same way', async () => {
      const body = [{ enrolmentId: learners[60], type: 'progress', milestone: 'mid_point', date: today() }];
      // As if the first request with this key were still running.
      await w.db.query(`INSERT INTO idempotency_key (provider_id, key, request_hash, lease_until) VALUES ($1, 'in-flight', $2, now() + interval '1 minute')`, [
        providerA.id,
        IdempotencyService.hash('POST', '/api/v1/provider/reports', body),
      ]);
      expect((await w.call('POST', '/provider/reports', { token: keyA, headers: { 'idempotency-key': 'in-flight' }, body })).status).toBe(409);
      const noKey = await w.call('POST', '/provider/reports', { token: keyA, body });
      expect(noKey.status).toBe(400);
      expect(noKey.body.errors).toEqual([{ field: 'Idempotency-Key', message: 'header is required' }]);
      const ok = await w.call('POST', '/provider/reports', { token: keyA, headers: { 'idempotency-key': `json-${Date.now()}` }, body });
      expect(ok.status).toBe(201);
      expect(ok.body.applied).toBe(1);
    });

    it('refuses more than 10,000 rows (422) and more than 5 MB (413)', async () => {
      const many = csvOf(Array.from({ length: 10_001 }, () => [learners[0], 'progress', today(), '', '']));
      const tooMany = await fetch(w.url('/provider/reports/csv'), { method: 'POST', headers: { authorization: `Bearer ${keyA}`, 'content-type': 'text/csv', 'idempotency-key': `many-${Date.now()}` }, body: many });
      expect(tooMany.status).toBe(422);
      const huge = 'enrolmentId,type,note\n' + `${learners[0]},progress,${'x'.repeat(900)}\n`.repeat(6000);
      const tooBig = await fetch(w.url('/provider/reports/csv'), { method: 'POST', headers: { authorization: `Bearer ${keyA}`, 'content-type': 'text/csv', 'idempotency-key': `big-${Date.now()}` }, body: huge });
      expect(tooBig.status).toBe(413);
      expect(tooBig.headers.get('content-type')).toMatch(/problem\+json/);
    });

    it('finance exports the month’s payments as CSV, escaped against formula injection', async () => {
      const finance = await w.signedIn('finance');
      const month = today().slice(0, 7);
      const res = await fetch(w.url(`/admin/payments/export?month=${month}`), { headers: { authorization: `Bearer ${finance.token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      const text = await res.text();
      expect(text.split('\r\n')[0]).toBe('paymentId,provider,ukprn,applicationReference,kind,amountPence,amountPounds,dueOn,paidAt,milestone');
      expect(text).toContain(',5.00,');
      await w.db.query(`UPDATE training_provider SET name = '=HYPERLINK("http://evil")' WHERE id = $1`, [providerA.id]);
      const escaped = await (await fetch(w.url(`/admin/payments/export?month=${month}`), { headers: { authorization: `Bearer ${finance.token}` } })).text();
      expect(escaped).toContain(`"'=HYPERLINK(""http://evil"")"`);
      expect(escaped).not.toMatch(/(^|,)=HYPERLINK/m);
    });
  });
});
