/** The programme's ledger with filters, and its streamed CSV export (issue 16). */
import { parse } from 'csv-parse/sync';
import { openRound, qualification } from './factories/intake.factory';
import { pot } from './factories/budget.factory';
import { startedLearners } from './factories/training.factory';
import { World } from './support/world';

const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

describe('the programme ledger', () => {
  let w: World;
  let finance: { token: string };
  let potA: { id: string };
  let potB: { id: string };
  let providerId: string;
  let applicationIds: string[];

  beforeAll(async () => {
    w = await World.start({ worker: false });
    finance = await w.signedIn('finance');
    potA = await pot(w, { amountPence: 1_000_000 });
    potB = await pot(w, { amountPence: 500_000 });
    const q = await qualification(w, { level: 5 });
    const round = await openRound(w, [q.id], { potId: potA.id });
    const provider = await w.provider();
    providerId = provider.id;
    const enrolments = await startedLearners(w, { providerId, roundId: round.id, qualificationId: q.id, potId: potA.id, count: 3, bursaryPence: 50_000 });
    applicationIds = (await w.db.query(`SELECT application_id FROM enrolment WHERE id = ANY($1::uuid[])`, [enrolments])).map((r: { application_id: string }) => r.application_id);
    await w.call('POST', '/admin/budget/transfers', { token: finance.token, body: { fromPotId: potA.id, toPotId: potB.id, amountPence: 10_000, reason: '=HYPERLINK("http://evil")' } });
  }, 60_000);
  afterAll(() => w.stop());

  const ledger = (query: string) => w.call('GET', `/admin/budget/ledger${query}`, { token: finance.token });

  it('filters by pot, kind, application, provider and UK dates, newest first', async () => {
    const all = (await ledger('')).body;
    expect(all.total).toBeGreaterThanOrEqual(10);
    const seqs = all.items.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));

    const inB = (await ledger(`?potId=${potB.id}`)).body;
    expect(inB.items.map((e: { kind: string }) => e.kind)).toEqual(['transfer_in', 'fund']);
    const reserves = (await ledger(`?potId=${potA.id}&kind=reserve`)).body;
    expect(reserves.total).toBe(3);
    const one = (await ledger(`?applicationId=${applicationIds[0]}`)).body;
    expect(one.items.map((e: { kind: string }) => e.kind)).toEqual(['commit', 'reserve']);
    const byProvider = (await ledger(`?providerId=${providerId}`)).body;
    expect(byProvider.total).toBe(6);
    expect(new Set(byProvider.items.map((e: { applicationId: string }) => e.applicationId))).toEqual(new Set(applicationIds));
    expect((await ledger(`?providerId=${(await w.provider()).id}`)).body.total).toBe(0);

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    expect((await ledger(`?from=${today}&to=${today}`)).body.total).toBe(all.total);
    expect((await ledger(`?to=2020-01-01`)).body.total).toBe(0);
    expect((await ledger(`?from=2999-01-01`)).body.total).toBe(0);
  });

  it('refuses a bad filter with problem+json naming the field', async () => {
    for (const [query, field] of [['?potId=nope', 'potId'], ['?kind=steal', 'kind'], ['?from=1%20April', 'from'], ['?to=2026-02-30', 'to'], ['?providerId=1', 'providerId'], ['?page=0', 'page']]) {
      const res = await ledger(query);
      expect([query, res.status]).toEqual([query, res.status >= 400 && res.status < 500 ? res.status : 'not 4xx']);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(fields(res.body)).toContain(field);
    }
    const backwards = await ledger('?from=2026-05-01&to=2026-04-01');
    expect([backwards.status, fields(backwards.body)]).toEqual([422, ['to']]);
    const csv = await w.call('GET', '/admin/budget/ledger.csv?kind=steal', { token: finance.token });
    expect(csv.status).toBe(400);
  });

  it('exports the same rows as CSV, streamed, amounts in pence and pounds, formulas defused', async () => {
    const res = await fetch(w.url(`/admin/budget/ledger.csv?potId=${potA.id}`), { headers: { authorization: `Bearer ${finance.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('budget-ledger.csv');
    // Streamed: no content-length, sent in chunks.
    expect(res.headers.get('content-length')).toBeNull();
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    const api = (await ledger(`?potId=${potA.id}`)).body;
    expect(rows.map((r) => r.id)).toEqual(api.items.map((e: { id: string }) => e.id));
    const out = rows.find((r) => r.kind === 'transfer_out')!;
    expect(out).toMatchObject({ amountPence: '10000', amountPounds: '100.00', reason: `'=HYPERLINK("http://evil")` });
    const reviewer = await w.signedIn('reviewer');
    expect((await w.call('GET', '/admin/budget/ledger.csv', { token: reviewer.token })).status).toBe(403);
    expect((await w.call('GET', '/admin/budget/ledger', { token: reviewer.token })).status).toBe(403);
  });

  it('exports more than one batch, every row once (a pot made with £0 has no entry of its own)', async () => {
    const big = await pot(w, { amountPence: 0 });
    await w.db.query(
      `INSERT INTO budget_ledger_entry (id, pot_id, kind, amount_pence, reason) SELECT gen_random_uuid(), $1, 'fund', 1, 'bulk ' || i FROM generate_series(1, 2500) AS i`,
      [big.id],
    );
    const res = await fetch(w.url(`/admin/budget/ledger.csv?potId=${big.id}`), { headers: { authorization: `Bearer ${finance.token}` } });
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2500);
    expect(new Set(rows.map((r) => r.id)).size).toBe(2500);
    expect(Number(rows[0].seq)).toBeGreaterThan(Number(rows[2499].seq));
  });
});
