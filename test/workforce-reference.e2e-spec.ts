/**
 * The workforce reference data (issue 17): NHS Digital's practice file
 * (epraccur) mapped to region and ICB, ICB names and PCN membership, the
 * official counts, and the versioned role profiles and targets. Every file
 * is all or nothing, refused with each problem by line and field.
 */
import { loadDemoPractices } from '@app/workforce';
import { PortalClient } from './support/portal-client';
import { PASSWORD, World } from './support/world';

/** An epraccur row: 27 columns, the ones the programme reads filled in. */
function epraccurRow(o: { ods: string; name: string; grouping: string; icb: string; status?: string; subIcb?: string; postcode?: string; close?: string }): string {
  const cells = Array<string>(27).fill('');
  cells[0] = o.ods;
  cells[1] = o.name;
  cells[2] = o.grouping;
  cells[3] = o.icb;
  cells[4] = '1 TEST STREET';
  cells[9] = o.postcode ?? 'LS1 1AA';
  cells[10] = '19900401';
  cells[11] = o.close ?? '';
  cells[12] = o.status ?? 'A';
  cells[13] = 'B';
  cells[14] = o.subIcb ?? '15F';
  cells[25] = '4';
  return cells.map((c) => `"${c}"`).join(',');
}

const GOOD = [
  epraccurRow({ ods: 'A10001', name: 'Leeds Test Surgery', grouping: 'Y63', icb: 'Q1A', subIcb: '15F' }),
  epraccurRow({ ods: 'A10002', name: 'Bradford Test Practice', grouping: 'Y63', icb: 'Q1A', status: 'D' }),
  epraccurRow({ ods: 'A10003', name: 'Camden Test Surgery', grouping: 'Y56', icb: 'Q1B', subIcb: '93C' }),
  epraccurRow({ ods: 'A10004', name: 'Closed Test Surgery', grouping: 'Y56', icb: 'Q1B', status: 'C', close: '20240331' }),
  epraccurRow({ ods: 'W10001', name: 'Cardiff Test Practice', grouping: 'W00', icb: '7A4' }),
];

describe('workforce reference data', () => {
  let w: World;
  let admin: { token: string; email: string };

  beforeAll(async () => {
    w = await World.start({ worker: false });
    admin = await w.signedIn('admin');
  });
  afterAll(() => w.stop());

  async function postCsv(path: string, text: string, token = admin.token) {
    const res = await fetch(w.url(path), { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` }, body: text });
    return { status: res.status, body: JSON.parse(await res.text()) };
  }
  const practices = () => w.db.query(`SELECT ods_code, name, region, icb_code, icb_name, sub_icb_code, status, postcode, pcn_code, pcn_name FROM practice ORDER BY ods_code`);

  describe('the practice file (epraccur)', () => {
    it('refuses the whole file for one bad row, naming each problem by line and field; nothing is written', async () => {
      const bad = [GOOD[0], GOOD[1], epraccurRow({ ods: 'a1234', name: 'Bad Code Surgery', grouping: 'Y63', icb: 'Q1A', status: 'X' }), GOOD[2], '"A10009","Too few columns"'].join('\r\n');
      const res = await postCsv('/admin/practices', bad);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('file_invalid');
      expect(res.body.errors).toEqual([
        { row: 3, column: 'Organisation Code', message: 'must be like A81001 (a capital letter and five digits)' },
        { row: 3, column: 'Status Code', message: 'must be A (active), C (closed), D (dormant) or P (proposed)' },
        { row: 5, column: '*', message: expect.stringContaining('has 2 columns; an epraccur row has 27') },
      ]);
      expect(await practices()).toEqual([]);
      const repeated = await postCsv('/admin/practices', [GOOD[0], GOOD[0]].join('\n'));
      expect(repeated.body.errors).toEqual([{ row: 2, column: 'Organisation Code', message: 'A10001 is also on line 1' }]);
    });

    it('loads a good file: region from the National Grouping (workforce.yaml odsCode), ICB from column 4, sub-ICB from 15, status; Wales skipped', async () => {
      const res = await postCsv('/admin/practices', `\uFEFF${GOOD.join('\r\n')}\r\n`);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ kind: 'epraccur', loaded: 4, added: 4, updated: 0, closed: 0, outsideRegions: { W00: 1 } });
      expect(await practices()).toEqual([
        { ods_code: 'A10001', name: 'Leeds Test Surgery', region: 'north_east_and_yorkshire', icb_code: 'Q1A', icb_name: null, sub_icb_code: '15F', status: 'active', postcode: 'LS1 1AA', pcn_code: null, pcn_name: null },
        { ods_code: 'A10002', name: 'Bradford Test Practice', region: 'north_east_and_yorkshire', icb_code: 'Q1A', icb_name: null, sub_icb_code: '15F', status: 'dormant', postcode: 'LS1 1AA', pcn_code: null, pcn_name: null },
        { ods_code: 'A10003', name: 'Camden Test Surgery', region: 'london', icb_code: 'Q1B', icb_name: null, sub_icb_code: '93C', status: 'active', postcode: 'LS1 1AA', pcn_code: null, pcn_name: null },
        { ods_code: 'A10004', name: 'Closed Test Surgery', region: 'london', icb_code: 'Q1B', icb_name: null, sub_icb_code: '15F', status: 'closed', postcode: 'LS1 1AA', pcn_code: null, pcn_name: null },
      ]);
      const [audit] = await w.db.query(`SELECT actor_role, after FROM audit_event WHERE action = 'practices.epraccur_loaded'`);
      expect(audit).toEqual({ actor_role: 'admin', after: expect.objectContaining({ loaded: 4, added: 4 }) });
    });

    it('names ICBs from an ODS organisation file and networks from ePCN core partner details', async () => {
      const icbs = await postCsv('/admin/practices?file=icb-names', ['"Q1A","WEST TEST ICB","Y63",""', '"Q1B","LONDON TEST ICB","Y56",""', '"Q1Z","AN ICB NO PRACTICE HAS","Y56",""'].join('\n'));
      expect(icbs).toEqual({ status: 201, body: { kind: 'icb_names', loaded: 3, practicesNamed: 4, unmatched: 1 } });
      const badIcbs = await postCsv('/admin/practices?file=icb-names', ['"Q1A","WEST TEST ICB"', '"TOO-LONG","X"', '"Q1C",""'].join('\n'));
      expect(badIcbs.status).toBe(422);
      expect(badIcbs.body.errors).toEqual([
        { row: 2, column: 'Organisation Code', message: expect.stringContaining('like QMJ') },
        { row: 3, column: 'Name', message: 'must not be empty' },
      ]);

      const header = 'Partner Organisation Code,Partner Name,PCN Code,PCN Name,Practice to PCN Relationship End Date';
      const pcn = await postCsv('/admin/practices?file=pcn-members', [header, 'A10001,Leeds,U10001,Leeds Test PCN,', 'A10002,Bradford,U10001,Leeds Test PCN,', 'A10003,Camden,U10002,Old Camden PCN,2020-03-31', 'A10003,Camden,U10003,Camden Test PCN,', 'B99999,Unknown,U10003,Camden Test PCN,'].join('\n'));
      expect(pcn).toEqual({ status: 201, body: { kind: 'pcn_members', loaded: 4, practicesNamed: 3, unmatched: 1, ended: 1 } });
      expect((await practices()).map((p: { ods_code: string; icb_name: string; pcn_code: string; pcn_name: string }) => [p.ods_code, p.icb_name, p.pcn_code, p.pcn_name])).toEqual([
        ['A10001', 'WEST TEST ICB', 'U10001', 'Leeds Test PCN'],
        ['A10002', 'WEST TEST ICB', 'U10001', 'Leeds Test PCN'],
        ['A10003', 'LONDON TEST ICB', 'U10003', 'Camden Test PCN'],
        ['A10004', 'LONDON TEST ICB', null, null],
      ]);
      const badHeader = await postCsv('/admin/practices?file=pcn-members', 'Practice Code,PCN\nA10001,U10001');
      expect(badHeader.status).toBe(422);
      expect(badHeader.body.errors.map((e: { column: string }) => e.column)).toEqual(['Partner Organisation Code', 'PCN Code', 'PCN Name']);
      const badRow = await postCsv('/admin/practices?file=pcn-members', [header, 'A10001,Leeds,U10001,Leeds Test PCN,', 'A10001,Leeds,X1,Leeds Test PCN,'].join('\n'));
      expect(badRow.body.errors).toEqual([
        { row: 3, column: 'Partner Organisation Code', message: 'A10001 is in a network on line 2 too' },
        { row: 3, column: 'PCN Code', message: 'must be like U12345 (U and five digits)' },
      ]);
      expect((await practices())[0].pcn_code).toBe('U10001');
    });

    it('a reload upserts by ODS code: a practice gone from the file is marked closed, kept; a practice that moved ICB loses the old name', async () => {
      const moved = epraccurRow({ ods: 'A10003', name: 'Camden Test Surgery', grouping: 'Y56', icb: 'Q1C', subIcb: '93C' });
      const added = epraccurRow({ ods: 'A10005', name: 'New Leeds Surgery', grouping: 'Y63', icb: 'Q1A' });
      const res = await postCsv('/admin/practices', [GOOD[0], moved, GOOD[3], added].join('\n'));
      expect(res.body).toEqual({ kind: 'epraccur', loaded: 4, added: 1, updated: 3, closed: 1, outsideRegions: {} });
      expect((await practices()).map((p: { ods_code: string; status: string; icb_code: string; icb_name: string; pcn_code: string }) => [p.ods_code, p.status, p.icb_code, p.icb_name, p.pcn_code])).toEqual([
        ['A10001', 'active', 'Q1A', 'WEST TEST ICB', 'U10001'],
        ['A10002', 'closed', 'Q1A', 'WEST TEST ICB', 'U10001'],
        ['A10003', 'active', 'Q1C', null, 'U10003'],
        ['A10004', 'closed', 'Q1B', 'LONDON TEST ICB', null],
        // A new practice in a named ICB takes its name.
        ['A10005', 'active', 'Q1A', 'WEST TEST ICB', null],
      ]);
    });

    it('the summary counts open practices by region and ICB and says when each file was last loaded', async () => {
      const res = await w.call('GET', '/admin/practices/summary', { token: admin.token });
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(5);
      expect(res.body.byStatus).toEqual({ active: 3, dormant: 0, proposed: 0, closed: 2 });
      expect(res.body.byRegion.filter((r: { practices: number }) => r.practices > 0)).toEqual([
        { code: 'north_east_and_yorkshire', name: 'North East and Yorkshire', practices: 2 },
        { code: 'london', name: 'London', practices: 1 },
      ]);
      expect(res.body.byIcb).toEqual([
        { code: 'Q1A', name: 'WEST TEST ICB', region: 'north_east_and_yorkshire', practices: 2, networks: 1 },
        { code: 'Q1C', name: null, region: 'london', practices: 1, networks: 1 },
      ]);
      for (const k of ['epraccur', 'icb_names', 'pcn_members']) expect(res.body.lastLoaded[k]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      const reviewer = await w.signedIn('reviewer');
      expect((await w.call('GET', '/admin/practices/summary', { token: reviewer.token })).status).toBe(403);
      expect((await postCsv('/admin/practices', GOOD.join('\n'), reviewer.token)).status).toBe(403);
    });
  });

  describe('official counts', () => {
    const header = 'area_kind,area_code,practice_managers,notes';
    it('refuses a file with a bad row, and a missing source, naming each; stores a good one as current', async () => {
      const bad = await postCsv(`/admin/workforce-counts?source=${encodeURIComponent('NHS Digital GPW')}&period=Sep%202026`, [header, 'region,london,412.5,', 'icb,Q9Z,10,', 'region,nowhere,3,', 'icb,Q1A,-1,', 'county,Q1A,3,', 'region,london,7,'].join('\n'));
      expect(bad.status).toBe(422);
      expect(bad.body.code).toBe('counts_invalid');
      expect(bad.body.errors).toEqual([
        { row: 3, column: 'area_code', message: 'Q9Z is not an ICB in the practice file' },
        { row: 4, column: 'area_code', message: expect.stringContaining('must be a region code from config/workforce.yaml') },
        { row: 5, column: 'practice_managers', message: expect.stringContaining('must be a number of 0 or more') },
        { row: 6, column: 'area_kind', message: 'must be region or icb' },
        { row: 7, column: 'area_code', message: 'london is also on line 2' },
      ]);
      const noSource = await postCsv('/admin/workforce-counts?source=%20&period=Sep%202026', [header, 'region,london,412.5,'].join('\n'));
      expect(noSource.status).toBe(422);
      expect(noSource.body.errors).toEqual([{ field: 'source', message: 'Enter where the figures come from' }]);
      expect(await w.db.query(`SELECT * FROM workforce_count_upload`)).toEqual([]);

      const good = await postCsv(`/admin/workforce-counts?source=${encodeURIComponent('NHS Digital GPW')}&period=Sep%202026`, [header, 'icb,Q1A,48.25,x', 'region,london,412.5,', 'region,north_east_and_yorkshire,300,'].join('\n'));
      expect(good.status).toBe(201);
      const current = await w.call('GET', '/admin/workforce-counts', { token: admin.token });
      expect(current.body.upload).toEqual(expect.objectContaining({ source: 'NHS Digital GPW', period: 'Sep 2026', rowCount: 3, uploadedBy: admin.email }));
      expect(current.body.rows).toEqual([
        { areaKind: 'region', areaCode: 'north_east_and_yorkshire', areaName: 'North East and Yorkshire', practiceManagers: 300 },
        { areaKind: 'region', areaCode: 'london', areaName: 'London', practiceManagers: 412.5 },
        { areaKind: 'icb', areaCode: 'Q1A', areaName: 'WEST TEST ICB', practiceManagers: 48.25 },
      ]);
    });
  });

  describe('role profiles and targets, versioned', () => {
    it('role profiles: a bad body names each field; each save is a new version, audited with the one before', async () => {
      const bad = await w.call('PUT', '/admin/workforce-plan/role-profiles', { token: admin.token, body: { roleProfiles: { practice_manager: { finance: 5, juggling: 2 }, astronaut: {} } } });
      expect(bad.status).toBe(422);
      expect(bad.body.errors).toEqual([
        { field: 'practice_manager.finance', message: 'must be a level from 1 to 4' },
        { field: 'practice_manager.juggling', message: expect.stringContaining('is not a competency code') },
        { field: 'astronaut', message: expect.stringContaining('is not a role code') },
      ]);
      expect((await w.call('GET', '/admin/workforce-plan/role-profiles', { token: admin.token })).body).toBeNull();

      const v1 = await w.call('PUT', '/admin/workforce-plan/role-profiles', { token: admin.token, body: { roleProfiles: { practice_manager: { finance: 4, hr_workforce: 3 } }, note: 'First profiles' } });
      expect(v1.status).toBe(200);
      expect(v1.body).toEqual(expect.objectContaining({ kind: 'role_profiles', version: 1, body: { practice_manager: { finance: 4, hr_workforce: 3 } }, note: 'First profiles', createdBy: admin.email }));
      const v2 = await w.call('PUT', '/admin/workforce-plan/role-profiles', { token: admin.token, body: { roleProfiles: { practice_manager: { finance: 3 }, assistant_practice_manager: { finance: 2 } } } });
      expect(v2.body.version).toBe(2);
      expect((await w.call('GET', '/admin/workforce-plan/role-profiles', { token: admin.token })).body.version).toBe(2);
      const versions = await w.call('GET', '/admin/workforce-plan/role-profiles/versions', { token: admin.token });
      expect(versions.body.map((v: { version: number; note: string | null }) => [v.version, v.note])).toEqual([
        [2, null],
        [1, 'First profiles'],
      ]);
      expect((await w.call('GET', '/admin/workforce-plan/role-profiles/versions/1', { token: admin.token })).body.body).toEqual({ practice_manager: { finance: 4, hr_workforce: 3 } });
      expect((await w.call('GET', '/admin/workforce-plan/role-profiles/versions/9', { token: admin.token })).status).toBe(404);
      const audits = await w.db.query(`SELECT target_id, before, after FROM audit_event WHERE action = 'workforce_plan.role_profiles_saved' ORDER BY id`);
      expect(audits.map((a: { target_id: string }) => a.target_id)).toEqual(['role_profiles/1', 'role_profiles/2']);
      expect(audits[1].before).toEqual({ version: 1, body: { practice_manager: { finance: 4, hr_workforce: 3 } } });
    });

    it('targets: region codes from the yaml, ICB codes from the practice file, whole numbers 0 or more', async () => {
      const bad = await w.call('PUT', '/admin/workforce-plan/targets', {
        token: admin.token,
        body: { targets: [{ areaKind: 'region', areaCode: 'london', qualifiedNeeded: 2.5 }, { areaKind: 'icb', areaCode: 'Q9Z', qualifiedNeeded: 3 }, { areaKind: 'region', areaCode: 'london', qualifiedNeeded: -1 }] },
      });
      expect(bad.status).toBe(422);
      expect(bad.body.errors).toEqual([
        { field: 'targets[0].qualifiedNeeded', message: 'must be a whole number from 0 to 1,000,000' },
        { field: 'targets[1].areaCode', message: 'must be an ICB code in the practice file' },
        { field: 'targets[2].areaCode', message: 'london has a target already' },
        { field: 'targets[2].qualifiedNeeded', message: 'must be a whole number from 0 to 1,000,000' },
      ]);
      const good = await w.call('PUT', '/admin/workforce-plan/targets', { token: admin.token, body: { targets: [{ areaKind: 'region', areaCode: 'london', qualifiedNeeded: 150 }, { areaKind: 'icb', areaCode: 'Q1A', qualifiedNeeded: 20 }] } });
      expect(good.status).toBe(200);
      expect(good.body.version).toBe(1);
      expect((await w.call('GET', '/admin/workforce-plan/targets/versions', { token: admin.token })).body).toHaveLength(1);
    });
  });

  describe('the pages', () => {
    it('a role page refuses a level outside 1-4 naming the competency; an unknown role is not found; a reviewer is refused', async () => {
      const c = new PortalClient(w.api.url);
      await c.signIn(admin.email, PASSWORD);
      expect((await c.get('/portal/staff/workforce/role-profiles/astronaut')).status).toBe(404);
      await c.get('/portal/staff/workforce/role-profiles/practice_manager');
      const bad = await c.post('/portal/staff/workforce/role-profiles/practice_manager', { _csrf: c.csrf, 'level-finance': '5', 'level-it_data': '2' });
      expect(bad.status).toBe(422);
      expect(bad.html).toMatch(/href="#level-finance"[^>]*>\s*Choose a level from 1 to 4 for Finance/);
      const saved = await c.post('/portal/staff/workforce/role-profiles/practice_manager', { _csrf: c.csrf, 'level-finance': '2', 'level-it_data': '', note: ' ' });
      expect(saved.status).toBe(303);
      expect(saved.location).toBe('/portal/staff/workforce/role-profiles?saved=3');
      const [v3] = await w.db.query(`SELECT body, note FROM workforce_plan_version WHERE kind = 'role_profiles' AND version = 3`);
      // The other role is kept as version 2 had it.
      expect(v3).toEqual({ body: { practice_manager: { finance: 2 }, assistant_practice_manager: { finance: 2 } }, note: null });

      const reviewer = await w.user('reviewer');
      const r = new PortalClient(w.api.url);
      await r.signIn(reviewer.email, PASSWORD);
      expect((await r.get('/portal/staff/workforce/practices')).status).toBe(403);
      expect((await r.get('/portal/staff')).html).not.toContain('href="/portal/staff/workforce"');
    });
  });

  it('loadDemoPractices loads the invented files: 30 practices in all seven regions, ten named ICBs, networks', async () => {
    const results = await loadDemoPractices(w.db);
    expect(results.map((r) => [r.kind, r.loaded])).toEqual([
      ['epraccur', 30],
      ['icb_names', 10],
      ['pcn_members', 29],
    ]);
    const [counts] = await w.db.query(
      `SELECT count(*)::int AS practices, count(DISTINCT region)::int AS regions, count(DISTINCT icb_code)::int AS icbs, count(*) FILTER (WHERE icb_name LIKE '%(example)')::int AS named, count(DISTINCT pcn_code)::int AS networks
       FROM practice WHERE ods_code NOT LIKE 'A1%'`,
    );
    expect(counts).toEqual({ practices: 30, regions: 7, icbs: 10, named: 30, networks: 15 });
  });
});
