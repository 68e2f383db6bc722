import { openRound, pot, qualification } from './factories/intake.factory';
import { startedLearners } from './factories/training.factory';
import { PaymentRunsService } from '@app/budget';
import { World } from './support/world';

const today = () => new Date().toISOString().slice(0, 10);
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

describe('payment runs: built, approved by a second finance user, recorded paid', () => {
  let w: World;
  let admin: { token: string };
  let builder: { id: string; token: string };
  let approver: { id: string; token: string };
  let reviewer: { token: string };
  let provider: { id: string };
  let key: string;
  let level5: { id: string; bursaryPence: number };
  let round: { id: string; potId: string | null };

  beforeAll(async () => {
    w = await World.start({ worker: false });
    admin = await w.signedIn('admin');
    builder = await w.signedIn('finance');
    approver = await w.signedIn('finance');
    reviewer = await w.signedIn('reviewer');
    level5 = await qualification(w, { level: 5 });
    round = await openRound(w, [level5.id], { potId: (await pot(w, 50_000_000)).id });
  });
  afterAll(() => w.stop());

  /** `count` learners of a new provider who have passed: one completion payment due each. */
  async function passed(count: number) {
    provider = await w.provider('Run Provider');
    key = await w.apiKey(provider.id, admin.token);
    const enrolments = await startedLearners(w, { providerId: provider.id, roundId: round.id, qualificationId: level5.id, potId: round.potId!, count, bursaryPence: level5.bursaryPence });
    for (const id of enrolments) {
      const res = await w.call('POST', `/provider/enrolments/${id}/completion`, { token: key, body: { outcome: 'passed', date: today() } });
      expect(res.status).toBe(201);
    }
    return enrolments;
  }

  it('walks draft -> submitted -> approved -> paid; the builder cannot approve; the provider sees the reference', async () => {
    const enrolments = await passed(3);
    const before = (await w.call('GET', '/admin/budget', { token: builder.token })).body;

    const built = await w.call('POST', '/admin/budget/payment-runs', { token: builder.token, body: { providerId: provider.id } });
    expect(built.status).toBe(201);
    expect(built.body).toMatchObject({ status: 'draft', lineCount: 3, totalPence: 3 * (level5.bursaryPence / 2) });
    expect(built.body.lines.map((l: { enrolmentId: string }) => l.enrolmentId).sort()).toEqual([...enrolments].sort());
    const id = built.body.id as string;

    expect((await w.call('POST', `/admin/budget/payment-runs/${id}/approve`, { token: approver.token })).status).toBe(409);
    expect((await w.call('POST', `/admin/budget/payment-runs/${id}/submit`, { token: builder.token })).body.status).toBe('submitted');

    const self = await w.call('POST', `/admin/budget/payment-runs/${id}/approve`, { token: builder.token });
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('second_approver_required');
    const approved = await w.call('POST', `/admin/budget/payment-runs/${id}/approve`, { token: approver.token });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: { id: approver.id } });

    // Approval locks the lines: the provider cannot void a report whose payment is about to be sent, and the database refuses a change.
    const reports = await w.call('GET', `/provider/learners/${enrolments[0]}`, { token: key });
    const completion = reports.body.reports.find((r: { type: string }) => r.type === 'completion');
    const voided = await w.call('POST', `/provider/enrolments/${enrolments[0]}/reports/${completion.id}/void`, { token: key, body: { reason: 'entered by mistake' } });
    expect(voided.status).toBe(422);
    expect(JSON.stringify(voided.body)).toContain('payment run');
    await expect(w.db.query(`UPDATE payment_run_line SET released_at = now() WHERE run_id = $1`, [id])).rejects.toThrow(/locked/);

    const future = await w.call('POST', `/admin/budget/payment-runs/${id}/paid`, { token: builder.token, body: { paidOn: tomorrow(), remittanceReference: 'BACS-1' } });
    expect(future.status).toBe(422);
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'paidOn' })]);
    // Money cannot be sent before the run was approved; the message dates the approval in words.
    const early = await w.call('POST', `/admin/budget/payment-runs/${id}/paid`, { token: builder.token, body: { paidOn: '2020-01-01', remittanceReference: 'BACS-1' } });
    expect(early.status).toBe(422);
    expect(early.body.errors).toEqual([{ field: 'paidOn', message: expect.stringMatching(/^must not be before the run was approved, on \d{1,2} [A-Z][a-z]+ \d{4}$/) }]);
    const paid = await w.call('POST', `/admin/budget/payment-runs/${id}/paid`, { token: builder.token, body: { paidOn: today(), remittanceReference: 'BACS-2027-0001' } });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'paid', paidOn: today(), remittanceReference: 'BACS-2027-0001' });

    const statements = await w.call('GET', '/provider/statements', { token: key });
    const lines = statements.body.flatMap((m: { payments: unknown[] }) => m.payments);
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toMatchObject({ state: 'paid', runReference: built.body.reference, remittanceReference: 'BACS-2027-0001', paidOn: today() });

    // Due and paid are named apart: sending the run moved its total from due to paid, and nothing else.
    const after = (await w.call('GET', '/admin/budget', { token: builder.token })).body;
    expect(after.paidPence - before.paidPence).toBe(built.body.totalPence);
    expect(before.duePence - after.duePence).toBe(built.body.totalPence);
    expect(after.availablePence).toBe(before.availablePence);

    const csv = await w.call('GET', `/admin/budget/payment-runs/${id}/remittance.csv?providerId=${provider.id}`, { token: builder.token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = String(csv.body).trim().split('\r\n');
    expect(rows[0]).toContain('remittanceReference');
    expect(rows).toHaveLength(4);
    expect(rows[1]).toContain('BACS-2027-0001');

    const recon = await w.call('GET', '/admin/budget/reconciliation', { token: builder.token });
    expect(recon.body.payments).toMatchObject({ ok: true, mismatchedLines: 0, runs: { ok: true, problems: [], paidOutsideRuns: 0 } });
    expect(recon.body.payments.ledgerPayablePence).toBe(recon.body.payments.paymentLinesPence);
    expect(recon.body.ok).toBe(true);
  });

  it('two runs built at the same moment from the same payments contain each payment once', async () => {
    await passed(30);
    const runs = w.api.app.get(PaymentRunsService);
    const actorOf = (u: { id: string }) => ({ kind: 'session' as const, role: 'finance' as const, userId: u.id });
    const results = await Promise.allSettled([runs.build({ providerId: provider.id }, actorOf(builder)), runs.build({ providerId: provider.id }, actorOf(approver))]);
    const built = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<PaymentRunsService['build']>>>).value);
    // The later of the two may find nothing left (refused as empty), or a share: never a payment twice.
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { code?: string }).code).toBe('nothing_to_pay');
    const ids = built.flatMap((r) => r.lines.map((l) => l.paymentDueId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(30);
    const [{ n }] = await w.db.query(`SELECT count(*)::int AS n FROM payment_run_line l JOIN payment_due p ON p.id = l.payment_due_id WHERE p.provider_id = $1 AND l.released_at IS NULL`, [provider.id]);
    expect(n).toBe(30);
    for (const r of built) await runs.cancel(r.id, 'test tidy-up', actorOf(builder));
  });

  it('a cancelled run gives its payments back to be paid in another; a voided payment leaves a draft', async () => {
    const enrolments = await passed(2);
    const first = await w.call('POST', '/admin/budget/payment-runs', { token: builder.token, body: { providerId: provider.id } });
    await w.call('POST', `/admin/budget/payment-runs/${first.body.id}/submit`, { token: builder.token });
    const noReason = await w.call('POST', `/admin/budget/payment-runs/${first.body.id}/cancel`, { token: approver.token, body: {} });
    expect(noReason.status).toBe(400);
    const cancelled = await w.call('POST', `/admin/budget/payment-runs/${first.body.id}/cancel`, { token: approver.token, body: { reason: 'Wrong month' } });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', lineCount: 0, cancelReason: 'Wrong month' });

    const second = await w.call('POST', '/admin/budget/payment-runs', { token: builder.token, body: { providerId: provider.id } });
    expect(second.body.lineCount).toBe(2);
    const reports = await w.call('GET', `/provider/learners/${enrolments[0]}`, { token: key });
    const completion = reports.body.reports.find((r: { type: string }) => r.type === 'completion');
    expect((await w.call('POST', `/provider/enrolments/${enrolments[0]}/reports/${completion.id}/void`, { token: key, body: { reason: 'entered by mistake' } })).status).toBe(200);
    const after = await w.call('GET', `/admin/budget/payment-runs/${second.body.id}`, { token: builder.token });
    expect(after.body.lineCount).toBe(1);
    expect((await w.call('POST', `/admin/budget/payment-runs/${second.body.id}/cancel`, { token: builder.token, body: { reason: 'tidy' } })).status).toBe(200);
  });

  it('refuses what makes no sense, naming the field, and anyone but finance and admins', async () => {
    const bad = await w.call('POST', '/admin/budget/payment-runs', { token: builder.token, body: { month: '2027-13' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.errors)).toContain('month');
    const none = await w.call('POST', '/admin/budget/payment-runs', { token: builder.token, body: { month: '2001-01' } });
    expect(none.status).toBe(409);
    expect(none.body.code).toBe('nothing_to_pay');
    expect((await w.call('GET', '/admin/budget/payment-runs', { token: reviewer.token })).status).toBe(403);
    expect((await w.call('POST', '/admin/budget/payment-runs', { token: reviewer.token, body: {} })).status).toBe(403);
    expect((await w.call('GET', '/admin/budget/payment-runs/00000000-0000-4000-8000-000000000000', { token: builder.token })).status).toBe(404);
  });

  it('reconciliation finds a payment marked paid outside any paid run', async () => {
    const [line] = await w.db.query(`SELECT p.id FROM payment_due p WHERE p.paid_at IS NULL AND p.voided_at IS NULL LIMIT 1`);
    await w.db.query(`UPDATE payment_due SET paid_at = now() WHERE id = $1`, [line.id]);
    try {
      const recon = await w.call('GET', '/admin/budget/reconciliation', { token: builder.token });
      expect(recon.body.ok).toBe(false);
      expect(recon.body.payments.runs).toMatchObject({ ok: false, paidOutsideRuns: 1 });
    } finally {
      await w.db.query(`UPDATE payment_due SET paid_at = NULL WHERE id = $1`, [line.id]);
    }
  });

  it('keeps the money sent by pot (migration 1764471000000) as the payments recorded paid say, through runs, voids and changes', async () => {
    const truth = `SELECT le.pot_id, sum(p.amount_pence)::bigint AS sent FROM payment_due p JOIN budget_ledger_entry le ON le.id = p.ledger_entry_id
                   WHERE p.voided_at IS NULL AND p.paid_at IS NOT NULL GROUP BY le.pot_id`;
    const differing = async () =>
      (
        await w.db.query(
          `SELECT count(*)::int AS n FROM (${truth}) t FULL JOIN payment_sent_by_pot s USING (pot_id) WHERE coalesce(t.sent, 0) <> coalesce(s.sent_pence, 0)`,
        )
      )[0].n as number;
    expect(await differing()).toBe(0);
    // Recorded paid, one voided after, one paid then set back unpaid: each statement's change is added.
    await w.db.query(`UPDATE payment_due SET paid_at = now() WHERE id IN (SELECT id FROM payment_due WHERE ledger_entry_id IS NOT NULL ORDER BY id LIMIT 3)`);
    expect(await differing()).toBe(0);
    const [{ sent }] = await w.db.query(`SELECT sum(sent_pence)::bigint AS sent FROM payment_sent_by_pot`);
    expect(Number(sent)).toBeGreaterThan(0);
    await w.db.query(`UPDATE payment_due SET voided_at = now() WHERE id IN (SELECT id FROM payment_due WHERE paid_at IS NOT NULL ORDER BY id LIMIT 1)`);
    await w.db.query(`UPDATE payment_due SET paid_at = NULL WHERE id IN (SELECT id FROM payment_due WHERE paid_at IS NOT NULL AND voided_at IS NULL ORDER BY id LIMIT 1)`);
    expect(await differing()).toBe(0);
  });
});
