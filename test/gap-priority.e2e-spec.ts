/**
 * Gap-weighted review priority (issue 17): the what-if against a hand-computed
 * order, switching on rescoring the queue in one go (and new submissions),
 * the case page explaining the score, switching off restoring the fixed
 * weights, and the API's refusals naming fields.
 */
import { gapPriorityWorld } from './support/gap-priority-fixture';
import { PortalClient } from './support/portal-client';
import { PASSWORD, World } from './support/world';

describe('gap-weighted priority', () => {
  let w: World;
  let admin: { token: string; email: string; id: string };
  let seed: Awaited<ReturnType<typeof gapPriorityWorld>>;
  const scores = async () => {
    const rows: { reference: string; priority_score: number }[] = await w.db.query(`SELECT reference, priority_score FROM application WHERE status = 'under_review' ORDER BY priority_score DESC, submitted_at`);
    return rows.map((r) => [r.reference, r.priority_score]);
  };

  beforeAll(async () => {
    w = await World.start({ worker: false });
    seed = await gapPriorityWorld(w);
    admin = await w.signedIn('admin');
  }, 120_000);
  afterAll(() => w.stop());

  it('stores the fixed parts of each score at submission', async () => {
    const { apps } = seed;
    expect(await scores()).toEqual([
      [apps.southWest.reference, 85],
      [apps.yorkshire.reference, 80],
      [apps.lancashire.reference, 20],
      [apps.london.reference, 10],
    ]);
    const [row] = await w.db.query(`SELECT priority_breakdown FROM application WHERE id = $1`, [apps.yorkshire.id]);
    expect(row.priority_breakdown.gap).toBeNull();
    expect(row.priority_breakdown.fixed.map((p: { code: string; points: number }) => [p.code, p.points])).toEqual([
      ['no_prior_management_qualification', 35],
      ['under_served_region', 25],
      ['career_stage', 20],
    ]);
  });

  it('previews the new order against the hand-computed one, writing nothing', async () => {
    const { apps } = seed;
    const res = await w.call('GET', '/admin/priority-settings/preview?maxPoints=30&areaKind=icb', { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.auditYear).toBe(seed.year);
    expect(res.body.lines.map((l: Record<string, unknown>) => [l.reference, l.currentPosition, l.currentScore, l.newPosition, l.newScore, l.movedBy])).toEqual([
      [apps.yorkshire.reference, 2, 80, 1, 90, 1],
      [apps.southWest.reference, 1, 85, 2, 85, -1],
      [apps.lancashire.reference, 3, 20, 3, 30, 0],
      [apps.london.reference, 4, 10, 4, 10, 0],
    ]);
    expect(res.body.moved).toBe(2);
    // 3 points at most: round(3 x 1.0 / 3) = 1 each; nobody overtakes.
    const small = await w.call('GET', '/admin/priority-settings/preview?maxPoints=3&areaKind=region', { token: admin.token });
    expect(small.body.lines.map((l: Record<string, unknown>) => [l.reference, l.newScore])).toEqual([
      [apps.southWest.reference, 85],
      [apps.yorkshire.reference, 81],
      [apps.lancashire.reference, 21],
      [apps.london.reference, 10],
    ]);
    expect((await scores())[0]).toEqual([apps.southWest.reference, 85]);
    expect((await w.call('GET', '/admin/priority-settings', { token: admin.token })).body.current).toMatchObject({ version: 0, gapWeighting: false });
  });

  it('refuses a bad setting or preview, naming the fields, and lets only admins in', async () => {
    const bad = await w.call('PUT', '/admin/priority-settings', { token: admin.token, body: { gapWeighting: 'yes', maxPoints: 500, areaKind: 'pcn' } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['areaKind', 'gapWeighting', 'maxPoints']);
    const preview = await w.call('GET', '/admin/priority-settings/preview?maxPoints=0&areaKind=icb', { token: admin.token });
    expect(preview.status).toBe(400);
    expect(preview.body.errors.map((e: { field: string }) => e.field)).toEqual(['maxPoints']);
    const qualification = { title: 'Diploma with unknown competencies', awardingBody: 'Example Awarding Body', level: 5, durationMonths: 12 };
    const unknown = await w.call('POST', '/admin/qualifications', { token: admin.token, body: { ...qualification, competencies: ['finance', 'astrology', 'finance'] } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['competencies[1]', 'competencies[2]']);
    const changed = await w.call('PATCH', `/admin/qualifications/${seed.plain.id}`, { token: admin.token, body: { competencies: ['it_data', 'finance'] } });
    expect(changed.body.competencies).toEqual(['finance', 'it_data']);
    await w.call('PATCH', `/admin/qualifications/${seed.plain.id}`, { token: admin.token, body: { competencies: [] } });
    const reviewer = await w.signedIn('reviewer');
    expect((await w.call('GET', '/admin/priority-settings', { token: reviewer.token })).status).toBe(403);
    expect((await w.call('PUT', '/admin/priority-settings', { token: reviewer.token, body: { gapWeighting: true, maxPoints: 30, areaKind: 'icb' } })).status).toBe(403);
  });

  it('switching on rescores the whole queue, new submissions get the gap part, and the case page explains it', async () => {
    const { apps } = seed;
    const on = await w.call('PUT', '/admin/priority-settings', { token: admin.token, body: { gapWeighting: true, maxPoints: 30, areaKind: 'icb', note: 'Trial' } });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ rescored: 4, setting: { version: 1, gapWeighting: true, maxPoints: 30, areaKind: 'icb', note: 'Trial' } });
    expect(await scores()).toEqual([
      [apps.yorkshire.reference, 90],
      [apps.southWest.reference, 85],
      [apps.lancashire.reference, 30],
      [apps.london.reference, 10],
    ]);
    const [audit] = await w.db.query(`SELECT before, after FROM audit_event WHERE action = 'priority_setting.changed' ORDER BY at DESC LIMIT 1`);
    expect(audit.after).toMatchObject({ gapWeighting: true, rescored: 4 });
    const [lanc] = await w.db.query(`SELECT priority_breakdown FROM application WHERE id = $1`, [apps.lancashire.id]);
    expect(lanc.priority_breakdown.gap.competencies.map((c: Record<string, unknown>) => [c.code, c.areaKind, c.gap, c.fellBack])).toEqual([
      ['finance', 'region', 2, true],
      ['leadership_change', 'region', 0, true],
    ]);

    const late = await seed.addApplicant({ region: 'north_east_and_yorkshire', currentRole: 'assistant_practice_manager', highestQualificationLevel: 3, employerOdsCode: 'B82005' });
    const [row] = await w.db.query(`SELECT priority_score, priority_breakdown FROM application WHERE id = $1`, [late.id]);
    expect(row.priority_score).toBe(90);
    expect(row.priority_breakdown.gap).toMatchObject({ points: 10, maxPoints: 30, settingVersion: 1, areaKind: 'icb' });

    const reviewer = await w.user('reviewer');
    const c = new PortalClient(w.api.url);
    await c.signIn(reviewer.email, PASSWORD);
    const page = await c.get(`/portal/staff/applications/${apps.yorkshire.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Gap weighting: +10');
    expect(page.html).toContain('Finance gap 1.4 in North Yorkshire ICB; Leadership and change gap 0.6 in North Yorkshire ICB');
    expect(page.html).toContain('for the role Assistant practice manager');
    const fellBack = await c.get(`/portal/staff/applications/${apps.lancashire.id}`);
    expect(fellBack.html).toContain('Finance gap 2 in North West (ICB figures from fewer than 5 people, not used: region used)');
  });

  it('switching off restores the fixed weights', async () => {
    const { apps } = seed;
    const off = await w.call('PUT', '/admin/priority-settings', { token: admin.token, body: { gapWeighting: false, maxPoints: 30, areaKind: 'icb' } });
    expect(off.body).toMatchObject({ rescored: 5, setting: { version: 2, gapWeighting: false } });
    const now = await scores();
    expect(now.slice(0, 2)).toEqual([
      [apps.southWest.reference, 85],
      [apps.yorkshire.reference, 80],
    ]);
    expect(now.filter(([ref]) => ref === apps.lancashire.reference)).toEqual([[apps.lancashire.reference, 20]]);
    const [row] = await w.db.query(`SELECT priority_breakdown FROM application WHERE id = $1`, [apps.yorkshire.id]);
    expect(row.priority_breakdown.gap).toBeNull();
    const history = (await w.call('GET', '/admin/priority-settings', { token: admin.token })).body.history;
    expect(history.map((h: { version: number; gapWeighting: boolean }) => [h.version, h.gapWeighting])).toEqual([
      [2, false],
      [1, true],
    ]);
  });

  it('on pages: an admin previews the new order, switches on after a confirmation, then off', async () => {
    const { apps } = seed;
    const c = new PortalClient(w.api.url);
    await c.signIn(admin.email, PASSWORD);
    const index = await c.get('/portal/staff/workforce/gap-weighting');
    expect(index.status).toBe(200);
    expect(index.html).toContain('Off: the fixed weights');
    const refused = await c.get('/portal/staff/workforce/gap-weighting/preview?maxPoints=0&areaKind=moon');
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('href="#maxPoints"');
    expect(refused.html).toContain('Select which area’s gap to use');
    const preview = await c.get('/portal/staff/workforce/gap-weighting/preview?maxPoints=30&areaKind=icb');
    expect(preview.status).toBe(200);
    const order = [apps.yorkshire, apps.southWest, apps.lancashire, apps.london].map((a) => preview.html.indexOf(`>${a.reference}<`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(preview.html).toContain('Up 1 place');
    // The late submission (80, submitted last) also rises; South West's 85 falls behind both.
    expect(preview.html).toContain('Down 2 places');
    const confirm = await c.get('/portal/staff/workforce/gap-weighting/switch-on?maxPoints=30&areaKind=icb');
    expect(confirm.html).toContain('<h1>Switch on gap weighting</h1>');
    const on = await c.post('/portal/staff/workforce/gap-weighting/switch-on', { maxPoints: '30', areaKind: 'icb', note: 'From the pages', _csrf: c.csrf });
    expect(on.status).toBe(303);
    expect(on.location).toBe('/portal/staff/workforce/gap-weighting?on=1');
    expect((await scores()).slice(0, 2)).toEqual([
      [apps.yorkshire.reference, 90],
      expect.arrayContaining([90]),
    ]);
    const after = await c.get('/portal/staff/workforce/gap-weighting?on=1');
    expect(after.html).toContain('Gap weighting is on: the queue has been rescored');
    expect(after.html).toContain('From the pages');
    await c.get('/portal/staff/workforce/gap-weighting/switch-off');
    const off = await c.post('/portal/staff/workforce/gap-weighting/switch-off', { note: '', _csrf: c.csrf });
    expect(off.location).toBe('/portal/staff/workforce/gap-weighting?off=1');
    expect((await scores())[0]).toEqual([apps.southWest.reference, 85]);
  });

  it('the qualification form ticks the competencies a qualification covers, and saves them', async () => {
    const c = new PortalClient(w.api.url);
    await c.signIn(admin.email, PASSWORD);
    const form = await c.get(`/portal/staff/qualifications/${seed.covering.id}/edit`);
    expect(form.html).toMatch(/name="competencies" type="checkbox" value="finance" checked/);
    expect(form.html).not.toMatch(/name="competencies" type="checkbox" value="it_data" checked/);
    const body = new URLSearchParams({ _csrf: c.csrf, title: seed.plain.title, awardingBody: 'Example Awarding Body', level: '5', bursary: '500', durationMonths: '12', startPaymentPercent: '50', milestone: '', milestonePercent: '', completionPaymentPercent: '50' });
    body.append('competencies', 'it_data');
    body.append('competencies', 'hr_workforce');
    const saved = await c.post(`/portal/staff/qualifications/${seed.plain.id}/edit`, body);
    expect(saved.status).toBe(303);
    const [row] = await w.db.query(`SELECT competencies FROM qualification WHERE id = $1`, [seed.plain.id]);
    expect(row.competencies).toEqual(['hr_workforce', 'it_data']);
  });
});
