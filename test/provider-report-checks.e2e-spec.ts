import { openRound, pot, qualification } from './factories/intake.factory';
import { ACCEPTED_DAYS_AGO, acceptedOffer, cohort } from './factories/training.factory';
import { json } from './support/http';
import { World } from './support/world';

const DAY_MS = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString().slice(0, 10);
const long = (iso: string) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

/**
 * The checks that protect the money on every report channel (issue 18): a
 * start dated where the learner's journey allows it, later reports not before
 * the start, and a report already recorded refused as a duplicate. The API's
 * single calls, bulk JSON and CSV all go through ReportsService's one check step.
 */
describe('provider report checks', () => {
  let w: World;
  let admin: { token: string };
  let provider: { id: string };
  let key: string;
  let level5: { id: string };
  let round: { id: string };

  beforeAll(async () => {
    w = await World.start({ worker: false });
    admin = await w.signedIn('admin');
    provider = await w.provider('Checks Provider');
    key = await w.apiKey(provider.id, admin.token);
    level5 = await qualification(w, { level: 5 });
    round = await openRound(w, [level5.id], { potId: (await pot(w, 10_000_000)).id });
  });
  afterAll(() => w.stop());

  /** A learner accepted ACCEPTED_DAYS_AGO and placed on a cohort starting `cohortStartsIn` days from today (negative: started). */
  async function placed(cohortStartsIn: number) {
    const { app } = await acceptedOffer(w, admin.token, round.id, level5.id);
    const c = await cohort(w, provider.id, level5.id, 20, new Date(Date.now() + cohortStartsIn * DAY_MS).toISOString().slice(0, 10));
    const res = await w.call('POST', `/admin/applications/${app.id}/enrolment`, { token: admin.token, body: { cohortId: c.id } });
    expect(res.status).toBe(201);
    return { app, enrolmentId: res.body.enrolmentId as string };
  }
  const report = (enrolmentId: string, type: string, body: Record<string, unknown>) => w.call('POST', `/provider/enrolments/${enrolmentId}/${type}`, { token: key, body });
  const sendCsv = (lines: string[], idempotencyKey = `checks-${Date.now()}-${Math.random()}`) =>
    fetch(w.url('/provider/reports/csv'), {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv', 'idempotency-key': idempotencyKey },
      body: ['enrolmentId,type,date,milestone,outcome,reasonCode', ...lines].join('\r\n'),
    });
  const reportsOf = async (enrolmentId: string) =>
    (await w.db.query(`SELECT type FROM enrolment_report WHERE enrolment_id = $1 AND voided_at IS NULL ORDER BY id`, [enrolmentId])).map((r: { type: string }) => r.type);
  const ledgerCount = async (applicationId: string) => (await w.db.query(`SELECT count(*)::int AS n FROM budget_ledger_entry WHERE application_id = $1`, [applicationId]))[0].n as number;

  describe('start dates', () => {
    it('refuses a start years early for a cohort starting soon, naming the allowed range (cohort start minus 30 days, up to today)', async () => {
      // As a learner who accepted in the autumn for a cohort starting in ten days: the earliest start is 30 days before the cohort.
      const { app, enrolmentId } = await placed(10);
      const before = await ledgerCount(app.id);
      const earliest = daysAgo(20);
      const refused = await report(enrolmentId, 'start', { startDate: '2020-01-01' });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([{ field: 'date', message: `must be between ${long(earliest)} and today` }]);
      expect(await ledgerCount(app.id)).toBe(before);
      expect((await report(enrolmentId, 'start', { startDate: daysAgo(21) })).status).toBe(422);
      expect((await report(enrolmentId, 'start', { startDate: earliest })).status).toBe(201);
    });

    it('refuses a start before the offer was accepted, when that is the later bound', async () => {
      // The cohort began long ago, so the acceptance (ACCEPTED_DAYS_AGO) is the earliest a start may be dated.
      const { enrolmentId } = await placed(-100);
      const accepted = daysAgo(ACCEPTED_DAYS_AGO);
      const refused = await report(enrolmentId, 'start', { startDate: daysAgo(ACCEPTED_DAYS_AGO + 5) });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([{ field: 'date', message: `must be between ${long(accepted)} and today` }]);
      expect((await report(enrolmentId, 'start', { startDate: accepted })).status).toBe(201);
    });

    it('says when a cohort is too far off for any start yet, and refuses a start in the future', async () => {
      const { enrolmentId } = await placed(60);
      const refused = await report(enrolmentId, 'start', { startDate: today() });
      expect(refused.body.errors).toEqual([{ field: 'date', message: `cannot be reported yet: the earliest allowed date is ${long(daysAgo(-30))}` }]);
      const future = await report(enrolmentId, 'start', { startDate: daysAgo(-31) });
      expect(future.body.errors).toEqual([{ field: 'date', message: 'must not be in the future' }]);
    });

    it('applies the same rule to bulk JSON and CSV, naming the row and the file line', async () => {
      const a = await placed(-100);
      const b = await placed(-100);
      const early = daysAgo(ACCEPTED_DAYS_AGO + 1);
      const bulk = await w.call('POST', '/provider/reports', {
        token: key,
        headers: { 'idempotency-key': `bulk-${Date.now()}` },
        body: [
          { enrolmentId: a.enrolmentId, type: 'start', date: daysAgo(10) },
          { enrolmentId: b.enrolmentId, type: 'start', date: early },
        ],
      });
      expect(bulk.status).toBe(422);
      expect(bulk.body.errors).toEqual([{ row: 2, column: 'date', message: `must be between ${long(daysAgo(ACCEPTED_DAYS_AGO))} and today` }]);
      const csv = await sendCsv([`${a.enrolmentId},start,${daysAgo(10)},,,`, `${b.enrolmentId},start,${early},,,`]);
      expect(csv.status).toBe(422);
      expect((await json(csv)).errors).toEqual([{ row: 3, column: 'date', message: `must be between ${long(daysAgo(ACCEPTED_DAYS_AGO))} and today` }]);
      expect(await reportsOf(a.enrolmentId)).toEqual(['placement']);
    });
  });

  describe('progress, completion and withdrawal dates', () => {
    it('refuses progress and a completion dated before the start, on the API and in a CSV', async () => {
      const { enrolmentId } = await placed(-30);
      const start = daysAgo(20);
      expect((await report(enrolmentId, 'start', { startDate: start })).status).toBe(201);
      const range = `must be between ${long(start)} and today`;
      expect((await report(enrolmentId, 'progress', { milestone: 'mid_point', date: daysAgo(21) })).body.errors).toEqual([{ field: 'date', message: range }]);
      expect((await report(enrolmentId, 'completion', { outcome: 'passed', date: daysAgo(25) })).body.errors).toEqual([{ field: 'date', message: range }]);
      expect((await report(enrolmentId, 'progress', { milestone: 'mid_point', date: daysAgo(-1) })).body.errors).toEqual([{ field: 'date', message: 'must not be in the future' }]);
      const csv = await sendCsv([`${enrolmentId},progress,${daysAgo(21)},mid_point,,`, `${enrolmentId},completion,${daysAgo(30)},,passed,`]);
      expect((await json(csv)).errors).toEqual([
        { row: 2, column: 'date', message: range },
        { row: 3, column: 'date', message: range },
      ]);
      expect((await report(enrolmentId, 'progress', { milestone: 'mid_point', date: start })).status).toBe(201);
      expect((await report(enrolmentId, 'completion', { outcome: 'passed', date: today() })).status).toBe(201);
    });

    it('names a date before the start beside a missing outcome, not after it is fixed', async () => {
      const { enrolmentId } = await placed(-30);
      const start = daysAgo(20);
      expect((await report(enrolmentId, 'start', { startDate: start })).status).toBe(201);
      const csv = await sendCsv([`${enrolmentId},completion,${daysAgo(25)},,,`]);
      expect(csv.status).toBe(422);
      expect((await json(csv)).errors).toEqual([
        { row: 2, column: 'outcome', message: 'must be passed or failed' },
        { row: 2, column: 'date', message: `must be between ${long(start)} and today` },
      ]);
    });

    it('judges a row against a start earlier in the same file', async () => {
      const { enrolmentId } = await placed(-30);
      const csv = await sendCsv([`${enrolmentId},start,${daysAgo(10)},,,`, `${enrolmentId},progress,${daysAgo(11)},mid_point,,`]);
      expect((await json(csv)).errors).toEqual([{ row: 3, column: 'date', message: `must be between ${long(daysAgo(10))} and today` }]);
    });

    it('refuses a withdrawal before the acceptance, or before the start once started', async () => {
      const notStarted = await placed(-100);
      const refused = await report(notStarted.enrolmentId, 'withdrawal', { reasonCode: 'workload', date: daysAgo(ACCEPTED_DAYS_AGO + 1) });
      expect(refused.body.errors).toEqual([{ field: 'date', message: `must be between ${long(daysAgo(ACCEPTED_DAYS_AGO))} and today` }]);
      expect((await report(notStarted.enrolmentId, 'withdrawal', { reasonCode: 'workload', date: daysAgo(ACCEPTED_DAYS_AGO) })).status).toBe(201);

      const started = await placed(-30);
      await report(started.enrolmentId, 'start', { startDate: daysAgo(20) });
      const csv = await sendCsv([`${started.enrolmentId},withdrawal,${daysAgo(21)},,,changed_job`]);
      expect((await json(csv)).errors).toEqual([{ row: 2, column: 'date', message: `must be between ${long(daysAgo(20))} and today` }]);
      expect((await report(started.enrolmentId, 'withdrawal', { reasonCode: 'changed_job', date: daysAgo(20) })).status).toBe(201);
    });
  });

  describe('duplicates', () => {
    it('refuses a report identical to one recorded (same type, milestone, date) on the API; another date is a new report', async () => {
      const { enrolmentId } = await placed(-30);
      await report(enrolmentId, 'start', { startDate: daysAgo(20) });
      expect((await report(enrolmentId, 'progress', { milestone: 'mid_point', date: daysAgo(5) })).status).toBe(201);
      const again = await report(enrolmentId, 'progress', { milestone: 'mid_point', date: daysAgo(5) });
      expect(again.status).toBe(422);
      expect(again.body.errors).toEqual([{ field: 'type', message: `is a duplicate: this learner already has this progress on ${long(daysAgo(5))} recorded` }]);
      expect((await report(enrolmentId, 'progress', { milestone: 'assessment_passed', date: daysAgo(5) })).status).toBe(201);
      expect((await report(enrolmentId, 'progress', { milestone: 'mid_point', date: daysAgo(4) })).status).toBe(201);
      expect((await report(enrolmentId, 'completion', { outcome: 'failed', resitPlanned: true, date: today() })).status).toBe(201);
      expect((await report(enrolmentId, 'completion', { outcome: 'failed', resitPlanned: true, date: today() })).body.errors).toEqual([
        { field: 'type', message: `is a duplicate: this learner already has this completion on ${long(today())} recorded` },
      ]);
      // The same date with another outcome is not a duplicate: the latest outcome wins.
      expect((await report(enrolmentId, 'completion', { outcome: 'passed', date: today() })).status).toBe(201);
      expect(await reportsOf(enrolmentId)).toEqual(['placement', 'start', 'progress', 'progress', 'progress', 'completion', 'completion']);
    });

    it('refuses the same CSV uploaded twice with another key, naming every duplicate line, and nothing applies twice', async () => {
      const a = await placed(-30);
      const b = await placed(-30);
      const lines = [`${a.enrolmentId},start,${daysAgo(10)},,,`, `${b.enrolmentId},start,${daysAgo(10)},,,`, `${a.enrolmentId},progress,${daysAgo(3)},mid_point,,`];
      expect((await sendCsv(lines, `first-${Date.now()}`)).status).toBe(201);
      const paid = await w.db.query(`SELECT count(*)::int AS n FROM payment_due WHERE enrolment_id = ANY($1::uuid[])`, [[a.enrolmentId, b.enrolmentId]]);
      const second = await sendCsv(lines, `second-${Date.now()}`);
      expect(second.status).toBe(422);
      expect((await json(second)).errors).toEqual([
        { row: 2, column: 'type', message: `is a duplicate: this learner already has this start on ${long(daysAgo(10))} recorded` },
        { row: 3, column: 'type', message: `is a duplicate: this learner already has this start on ${long(daysAgo(10))} recorded` },
        { row: 4, column: 'type', message: `is a duplicate: this learner already has this progress on ${long(daysAgo(3))} recorded` },
      ]);
      expect(await reportsOf(a.enrolmentId)).toEqual(['placement', 'start', 'progress']);
      expect(await w.db.query(`SELECT count(*)::int AS n FROM payment_due WHERE enrolment_id = ANY($1::uuid[])`, [[a.enrolmentId, b.enrolmentId]])).toEqual(paid);
    });

    it('refuses identical rows twice in one file or JSON array, naming the first', async () => {
      const { enrolmentId } = await placed(-30);
      await report(enrolmentId, 'start', { startDate: daysAgo(20) });
      const row = `${enrolmentId},progress,${daysAgo(3)},mid_point,,`;
      const csv = await sendCsv([row, `${enrolmentId},progress,${daysAgo(2)},mid_point,,`, row]);
      expect((await json(csv)).errors).toEqual([{ row: 4, column: 'type', message: `is a duplicate of line 2: the same progress on ${long(daysAgo(3))}` }]);
      const report1 = { enrolmentId, type: 'progress', milestone: 'mid_point', date: daysAgo(3) };
      const bulk = await w.call('POST', '/provider/reports', { token: key, headers: { 'idempotency-key': `dup-${Date.now()}` }, body: [report1, { ...report1 }] });
      expect(bulk.body.errors).toEqual([{ row: 2, column: 'type', message: `is a duplicate of row 1: the same progress on ${long(daysAgo(3))}` }]);
      expect(await reportsOf(enrolmentId)).toEqual(['placement', 'start']);
    });

    it('does not count a voided report: the corrected report can be sent again', async () => {
      const { enrolmentId } = await placed(-30);
      await report(enrolmentId, 'start', { startDate: daysAgo(20) });
      const progress = await report(enrolmentId, 'progress', { milestone: 'mid_point', date: daysAgo(5) });
      expect((await w.call('POST', `/provider/enrolments/${enrolmentId}/reports/${progress.body.reportId}/void`, { token: key, body: { reason: 'Sent for the wrong learner' } })).status).toBe(200);
      expect((await report(enrolmentId, 'progress', { milestone: 'mid_point', date: daysAgo(5) })).status).toBe(201);
    });

    it('two identical reports at once: exactly one is recorded (the enrolment lock orders them)', async () => {
      const { enrolmentId } = await placed(-30);
      await report(enrolmentId, 'start', { startDate: daysAgo(20) });
      const results = await Promise.all(Array.from({ length: 4 }, () => report(enrolmentId, 'progress', { milestone: 'mid_point', date: daysAgo(1) })));
      expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422, 422]);
      expect(await reportsOf(enrolmentId)).toEqual(['placement', 'start', 'progress']);
    });
  });

  // Last: it moves the suite's clock.
  it('the brief’s case: a start on 1 January 2020 for a cohort starting 16 January 2027, accepted in December 2026, is refused', async () => {
    w.clock.set(new Date('2026-12-03T10:00:00Z'));
    const december = await openRound(w, [level5.id], { potId: (await pot(w, 1_000_000)).id });
    const { app } = await acceptedOffer(w, admin.token, december.id, level5.id, { acceptedDaysAgo: 0 });
    const c = await cohort(w, provider.id, level5.id, 20, '2027-01-16');
    const enrolmentId = (await w.call('POST', `/admin/applications/${app.id}/enrolment`, { token: admin.token, body: { cohortId: c.id } })).body.enrolmentId;
    w.clock.set(new Date('2027-01-10T12:00:00Z'));
    const refused = await report(enrolmentId, 'start', { startDate: '2020-01-01' });
    expect([refused.status, refused.body.errors]).toEqual([422, [{ field: 'date', message: 'must be between 17 December 2026 and today' }]]);
    expect((await report(enrolmentId, 'start', { startDate: '2026-12-16' })).status).toBe(422);
    expect((await report(enrolmentId, 'start', { startDate: '2026-12-17' })).status).toBe(201);
  });
});
