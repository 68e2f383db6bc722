/** Report exports (issue 17): CSV and Excel built from any registered definition, large ones by the worker, every download audited. */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { SESSION_COOKIE } from '@app/identity';
import { ABOUT_SHEET, DATA_SHEET } from '@app/reports';
import { seedTestReportTable, TestReportsModule, BIG_REPORT_ROWS } from './support/test-reports';
import { PortalClient } from './support/portal-client';
import { PASSWORD, World } from './support/world';

const exportDir = mkdtempSync(join(tmpdir(), 'pmdp-export-test-'));

describe('report exports', () => {
  let w: World;
  let reviewer: { id: string; token: string };
  let finance: { id: string; token: string };
  let admin: { id: string; token: string };

  beforeAll(async () => {
    w = await World.start({
      config: () => ({ exports: { dir: exportDir, streamMaxRows: 1_000, keepHours: 24 } }),
      imports: [TestReportsModule],
      workerImports: [TestReportsModule],
    });
    await seedTestReportTable(w.db, [
      { region: 'london', name: 'Camden', people: 12 },
      { region: 'london', name: '=HYPERLINK("http://evil.example","click")', people: 7 },
      { region: 'london', name: 'Tiny, "quoted"', people: 3 },
      { region: 'north_west', name: 'Bolton', people: 20 },
    ]);
    reviewer = await w.signedIn('reviewer');
    finance = await w.signedIn('finance');
    admin = await w.signedIn('admin');
  }, 60_000);
  afterAll(() => w.stop());

  const raw = async (path: string, token?: string) => {
    const res = await fetch(w.url(path), { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  };
  const auditOf = (actorId: string) =>
    w.db.query(`SELECT action, target_type, target_id, after FROM audit_event WHERE actor_id = $1 AND action = 'report.downloaded' ORDER BY id`, [actorId]);
  const waitFor = async <T>(fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> => {
    const until = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v !== undefined) return v;
      if (Date.now() > until) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('lists the registered reports with their columns', async () => {
    const res = await w.call('GET', '/admin/reports', { token: reviewer.token });
    expect(res.status).toBe(200);
    const areas = res.body.find((r: { key: string }) => r.key === 'test-areas');
    expect(areas).toEqual({
      key: 'test-areas',
      title: 'Test areas',
      description: 'People by area, from a table the test seeds',
      filters: ['region'],
      columns: [
        { key: 'region', header: 'Region', description: 'The NHS England region code' },
        { key: 'name', header: 'Name', description: 'The area, as written' },
        { key: 'people', header: 'People', description: 'People counted; empty when fewer than 5 (suppressed)' },
      ],
      path: null,
    });
    // Every report with a JSON route says where it is, and it answers there (the workforce reports under /admin/workforce).
    const listed = res.body.filter((r: { path: string | null }) => r.path) as { key: string; path: string }[];
    expect(listed.map((r) => r.key)).toEqual(expect.arrayContaining(['funnel', 'qualified', 'skills-gap', 'coverage']));
    expect(res.body.find((r: { key: string }) => r.key === 'applications').path).toBeNull();
    for (const r of listed) expect([r.path, (await w.call('GET', r.path.replace(/^\/api\/v1/, ''), { token: reviewer.token })).status]).toEqual([r.path, 200]);
  });

  it('streams CSV: header lines naming report, filters and time; formula cells made safe; suppressed figures empty; audited', async () => {
    const res = await raw('/admin/reports/test-areas/export.csv?region=london', finance.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="test-areas-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = res.body.toString('utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('# Report: Test areas');
    expect(lines[1]).toBe('# Filters: region=london');
    expect(lines[2]).toMatch(/^# Produced: \d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}(am|pm)$/);
    expect(lines[3]).toBe('Region,Name,People');
    expect(lines[5]).toBe(`london,"'=HYPERLINK(""http://evil.example"",""click"")",7`);
    const records = parse(text, { comment: '#', columns: true }) as Record<string, string>[];
    expect(records).toEqual([
      { Region: 'london', Name: 'Camden', People: '12' },
      { Region: 'london', Name: `'=HYPERLINK("http://evil.example","click")`, People: '7' },
      { Region: 'london', Name: 'Tiny, "quoted"', People: '' },
    ]);
    const audit = await waitFor(async () => ((await auditOf(finance.id)).length ? await auditOf(finance.id) : undefined));
    expect(audit).toEqual([
      { action: 'report.downloaded', target_type: 'report', target_id: 'test-areas', after: { report: 'test-areas', filters: { region: 'london' }, format: 'csv', rowCount: 3, streamed: true, complete: true } },
    ]);
    expect(JSON.stringify(audit)).not.toContain('Camden');
  });

  it('streams an Excel workbook with the data sheet and the About these columns sheet', async () => {
    const res = await raw('/admin/reports/test-areas/export.xlsx', reviewer.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual([DATA_SHEET, ABOUT_SHEET]);
    const data = book.getWorksheet(DATA_SHEET)!;
    const values = data.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(values).toEqual([
      ['Region', 'Name', 'People'],
      ['london', 'Camden', 12],
      ['london', '=HYPERLINK("http://evil.example","click")', 7],
      ['london', 'Tiny, "quoted"', undefined],
      ['north_west', 'Bolton', 20],
    ]);
    // A string that looks like a formula is stored as text, never as a formula.
    expect(data.getCell('B3').type).toBe(ExcelJS.ValueType.String);
    const about = book.getWorksheet(ABOUT_SHEET)!;
    const rows = about.getSheetValues().slice(1).map((r) => (r as unknown[] | undefined)?.slice(1) ?? []);
    expect(rows[0]).toEqual(['Report', 'Test areas']);
    expect(rows).toContainEqual(['Filters', 'no filters']);
    expect(rows).toContainEqual(['Rows', 4]);
    expect(rows.find((r) => r[0] === 'Produced')?.[1]).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}(am|pm)$/);
    expect(String(rows.find((r) => r[0] === 'Suppressed figures')?.[1])).toContain('1 cell is empty for this reason');
    expect(rows).toContainEqual(['People', 'People counted; empty when fewer than 5 (suppressed)']);
    expect(rows).toContainEqual(['Region', 'The NHS England region code']);
    const audit = await waitFor(async () => ((await auditOf(reviewer.id)).length ? await auditOf(reviewer.id) : undefined));
    expect(audit[0].after).toEqual({ report: 'test-areas', filters: {}, format: 'xlsx', rowCount: 4, streamed: true, complete: true });
  });

  it('refuses bad filters naming the field, and unknown reports', async () => {
    const bad = await w.call('GET', '/admin/reports/test-areas/export.csv?region=atlantis&icb=QE1', { token: finance.token });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['icb', 'region']);
    expect((await w.call('GET', '/admin/reports/nothing-here/export.csv', { token: finance.token })).status).toBe(404);
    expect((await w.call('POST', '/admin/reports/nothing-here/exports', { token: finance.token, body: { format: 'csv' } })).status).toBe(404);
    const badFormat = await w.call('POST', '/admin/reports/test-areas/exports', { token: finance.token, body: { format: 'pdf' } });
    expect(badFormat.status).toBe(400);
  });

  it('queues a large export for the worker, which builds it; then it is downloaded and audited', async () => {
    const queued = await w.call('POST', '/admin/reports/test-big/exports', { token: finance.token, body: { format: 'xlsx' } });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ reportKey: 'test-big', format: 'xlsx', downloadUrl: null });
    expect(['queued', 'running']).toContain(queued.body.status);
    // The same request again while it is being prepared is the same export.
    const again = await w.call('POST', '/admin/reports/test-big/exports', { token: finance.token, body: { format: 'xlsx' } });
    expect(again.body.id).toBe(queued.body.id);
    const id = queued.body.id;
    expect((await w.call('GET', `/admin/reports/exports/${id}/download`, { token: finance.token })).status).toBe(409);
    const ready = await waitFor(async () => {
      const s = await w.call('GET', `/admin/reports/exports/${id}`, { token: finance.token });
      return s.body.status === 'ready' || s.body.status === 'failed' ? s.body : undefined;
    }, 120_000);
    expect(ready).toMatchObject({ status: 'ready', rowCount: BIG_REPORT_ROWS, downloadUrl: `/api/v1/admin/reports/exports/${id}/download` });
    expect(readdirSync(exportDir)).toContain(`${id}.xlsx`);
    const file = await raw(`/admin/reports/exports/${id}/download`, finance.token);
    expect(file.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.body as unknown as ArrayBuffer);
    const data = book.getWorksheet(DATA_SHEET)!;
    expect(data.rowCount).toBe(BIG_REPORT_ROWS + 1);
    expect(data.getRow(BIG_REPORT_ROWS + 1).values).toEqual([undefined, BIG_REPORT_ROWS, `row ${BIG_REPORT_ROWS}`]);
    const audit = await w.db.query(`SELECT target_type, target_id, after FROM audit_event WHERE actor_id = $1 AND action = 'report.downloaded' AND target_id = $2`, [finance.id, id]);
    expect(audit).toEqual([{ target_type: 'report_export', target_id: id, after: { report: 'test-big', filters: {}, format: 'xlsx', rowCount: BIG_REPORT_ROWS, streamed: false, complete: true } }]);
  }, 180_000);

  it('a CSV export queued with filters is built with them', async () => {
    const queued = await w.call('POST', '/admin/reports/test-areas/exports', { token: reviewer.token, body: { format: 'csv', filters: { region: 'north_west' } } });
    expect(queued.status).toBe(202);
    const bad = await w.call('POST', '/admin/reports/test-areas/exports', { token: reviewer.token, body: { format: 'csv', filters: { region: 'mars' } } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('region');
    await waitFor(async () => ((await w.call('GET', `/admin/reports/exports/${queued.body.id}`, { token: reviewer.token })).body.status === 'ready' ? true : undefined));
    const file = await raw(`/admin/reports/exports/${queued.body.id}/download`, reviewer.token);
    const records = parse(file.body.toString('utf8'), { comment: '#', columns: true });
    expect(records).toEqual([{ Region: 'north_west', Name: 'Bolton', People: '20' }]);
    expect(file.body.toString('utf8')).toContain('# Filters: region=north_west');
  });

  it('a person sees only their own exports; an admin may open anyone’s; expired files are gone', async () => {
    const queued = await w.call('POST', '/admin/reports/test-areas/exports', { token: finance.token, body: { format: 'csv' } });
    const id = queued.body.id;
    await waitFor(async () => ((await w.call('GET', `/admin/reports/exports/${id}`, { token: finance.token })).body.status === 'ready' ? true : undefined));
    expect((await w.call('GET', `/admin/reports/exports/${id}`, { token: reviewer.token })).status).toBe(404);
    expect((await w.call('GET', `/admin/reports/exports/${id}/download`, { token: reviewer.token })).status).toBe(404);
    expect((await w.call('GET', `/admin/reports/exports/${id}`, { token: admin.token })).status).toBe(200);
    expect((await raw(`/admin/reports/exports/${id}/download`, admin.token)).status).toBe(200);
    const applicant = await w.signedIn('applicant');
    expect((await w.call('GET', '/admin/reports', { token: applicant.token })).status).toBe(403);
    expect((await w.call('GET', '/admin/reports/test-areas/export.csv', { token: applicant.token })).status).toBe(403);
    expect((await w.call('GET', '/admin/reports/test-areas/export.csv')).status).toBe(401);
    w.clock.advance({ days: 2 });
    expect((await w.call('GET', `/admin/reports/exports/${id}/download`, { token: finance.token })).status).toBe(410);
  });

  describe('on the staff pages', () => {
    let page: PortalClient;
    let pageUser: { id: string; email: string };
    beforeAll(async () => {
      pageUser = await w.user('reviewer');
      page = new PortalClient(w.api.url);
      await page.signIn(pageUser.email, PASSWORD);
    });

    it('the CSV link streams the file and audits it', async () => {
      const res = await page.get('/portal/staff/reports/test-areas/export.csv?region=north_west');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="test-areas-/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.html.split('\r\n').slice(0, 5)).toEqual(['# Report: Test areas', '# Filters: region=north_west', expect.stringMatching(/^# Produced: /), 'Region,Name,People', 'north_west,Bolton,20']);
      const audit = await waitFor(async () => ((await auditOf(pageUser.id)).length ? await auditOf(pageUser.id) : undefined));
      expect(audit[0].after).toMatchObject({ report: 'test-areas', format: 'csv', rowCount: 1 });
    });

    it('a small Excel export streams; a large one is queued and its page says when it is ready', async () => {
      const small = await page.get('/portal/staff/reports/test-areas/export.xlsx');
      expect(small.status).toBe(200);
      expect(small.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const big = await page.get('/portal/staff/reports/test-big/export.xlsx');
      expect(big.status).toBe(303);
      const id = /\/portal\/staff\/reports\/exports\/([0-9a-f-]{36})$/.exec(big.location ?? '')?.[1];
      expect(id).toBeDefined();
      const preparing = await page.get(`/portal/staff/reports/exports/${id}`);
      expect(preparing.status).toBe(200);
      expect(preparing.html).toMatch(/<h1[^>]*>\s*Your export is (being prepared|ready)/);
      if (preparing.html.includes('being prepared')) expect(preparing.html).toContain(`<a href="/portal/staff/reports/exports/${id}">Check again</a>`);
      const ready = await waitFor(async () => {
        const p = await page.get(`/portal/staff/reports/exports/${id}`);
        return p.html.includes('Your export is ready') ? p : undefined;
      }, 120_000);
      expect(ready.html).toContain(`href="/portal/staff/reports/exports/${id}/download"`);
      expect(ready.html).toContain('100,000 rows');
      const list = await page.get('/portal/staff/reports/exports');
      expect(list.status).toBe(200);
      expect(list.html).toContain(`href="/portal/staff/reports/exports/${id}"`);
      expect(list.html).toContain('Test big');
      const file = await fetch(`${w.api.url}/portal/staff/reports/exports/${id}/download`, { headers: { cookie: `${SESSION_COOKIE}=${page.cookie}` } });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).toMatch(/filename="test-big-\d{4}-\d{2}-\d{2}\.xlsx"/);
      expect((await file.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    }, 180_000);

    it('a bad filter is a page naming it; an unknown report is not found; other people’s exports are not shown', async () => {
      const bad = await page.get('/portal/staff/reports/test-areas/export.csv?region=atlantis');
      expect(bad.status).toBe(422);
      expect(bad.html).toContain('region must be one of');
      expect((await page.get('/portal/staff/reports/no-such-report/export.xlsx')).status).toBe(404);
      const [other] = await w.db.query(`SELECT id FROM report_export WHERE requested_by = $1 LIMIT 1`, [finance.id]);
      expect((await page.get(`/portal/staff/reports/exports/${other.id}`)).status).toBe(404);
      expect((await page.get('/portal/staff/reports/exports')).html).not.toContain(other.id);
      const applicant = new PortalClient(w.api.url);
      await applicant.signIn((await w.user('applicant')).email, PASSWORD);
      expect((await applicant.get('/portal/staff/reports/test-areas/export.csv')).status).toBe(403);
      expect((await applicant.get('/portal/staff/reports/exports')).status).toBe(403);
    });
  });
});
