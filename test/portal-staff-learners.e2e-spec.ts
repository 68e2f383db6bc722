/** Issue 15: the catalogue of cohorts, placing learners, and learners as staff see them (pages and API). */
import { BudgetService } from '@app/budget';
import { openRound, pot, qualification } from './factories/intake.factory';
import { acceptedOffer, cohort } from './factories/training.factory';
import { PortalClient } from './support/portal-client';
import { PASSWORD, World } from './support/world';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const today = () => daysAgo(0);

describe('staff: cohorts, placement and learners', () => {
  let w: World;
  let admin: { token: string };
  let providerA: { id: string; name: string };
  let providerB: { id: string; name: string };
  let provider: { token: string };
  let level5: { id: string; bursaryPence: number };
  let round: { id: string; potId: string | null };
  let page: PortalClient;

  beforeAll(async () => {
    w = await World.start({ worker: false });
    admin = await w.signedIn('admin');
    providerA = await w.provider('Provider A');
    providerB = await w.provider('Provider B');
    provider = await w.signedIn('provider', { providerId: providerA.id });
    level5 = await qualification(w, { level: 5 });
    round = await openRound(w, [level5.id], { potId: (await pot(w, 10_000_000)).id });
    const person = await w.user('admin');
    page = new PortalClient(w.api.url);
    await page.signIn(person.email, PASSWORD);
  }, 60_000);
  afterAll(() => w.stop());

  const ledger = async (applicationId: string) =>
    (await w.db.query(`SELECT kind, amount_pence FROM budget_ledger_entry WHERE application_id = $1 ORDER BY seq`, [applicationId])).map(
      (e: { kind: string; amount_pence: number }) => `${e.kind} ${e.amount_pence}`,
    );
  const reserved = async (applicationId: string) => (await w.api.app.get(BudgetService).holding(applicationId))?.reservedPence;
  const applicationStatus = async (id: string) => (await w.db.query(`SELECT status FROM application WHERE id = $1`, [id]))[0].status;
  const placesTaken = async (cohortId: string) => (await w.db.query(`SELECT places_taken FROM cohort WHERE id = $1`, [cohortId]))[0].places_taken;

  async function placed(cohortId: string) {
    const { user, app } = await acceptedOffer(w, admin.token, round.id, level5.id);
    const res = await w.call('POST', `/admin/applications/${app.id}/enrolment`, { token: admin.token, body: { cohortId } });
    expect(res.status).toBe(201);
    return { user, app, enrolmentId: res.body.enrolmentId as string };
  }

  it('an admin adds a cohort on its page: errors by field first, then 303 to the list with a banner', async () => {
    expect((await page.get('/portal/staff/cohorts/new')).status).toBe(200);
    const empty = await page.post('/portal/staff/cohorts', { _csrf: page.csrf });
    expect(empty.status).toBe(422);
    for (const text of ['Select the training provider', 'Select the qualification', 'Enter the start date', 'Enter the number of places', 'Select how the course is delivered']) {
      expect(empty.html).toContain(text);
    }
    const made = await page.post('/portal/staff/cohorts', {
      _csrf: page.csrf,
      providerId: providerA.id,
      qualificationId: level5.id,
      name: 'Leeds, March 2027',
      'startDate[day]': '1',
      'startDate[month]': '3',
      'startDate[year]': '2027',
      capacity: '12',
      deliveryMode: 'online',
    });
    expect(made.status).toBe(303);
    const list = await page.get(made.location!);
    expect(list.html).toContain('Cohort Leeds, March 2027 created');
    expect(list.html).toContain('1 March 2027');
    const api = await w.call('GET', '/admin/cohorts', { token: admin.token });
    expect(api.body.find((c: { name: string }) => c.name === 'Leeds, March 2027')).toMatchObject({ capacity: 12, placesTaken: 0, deliveryMode: 'online', status: 'open', cancelledAt: null });
  });

  it('capacity never goes below the places taken: 422 naming capacity and the number, on the API and the page', async () => {
    const c = await cohort(w, providerA.id, level5.id, 3);
    await placed(c.id);
    await placed(c.id);
    const refused = await w.call('PATCH', `/admin/cohorts/${c.id}`, { token: admin.token, body: { capacity: 1 } });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ field: 'capacity', message: 'must be at least 2, the places already taken' }]);
    const exact = await w.call('PATCH', `/admin/cohorts/${c.id}`, { token: admin.token, body: { capacity: 2 } });
    expect(exact.status).toBe(200);
    expect(exact.body).toMatchObject({ capacity: 2, placesTaken: 2, placesLeft: 0, status: 'full' });

    await page.get(`/portal/staff/cohorts/${c.id}/capacity`);
    const below = await page.post(`/portal/staff/cohorts/${c.id}/capacity`, { _csrf: page.csrf, capacity: '1' });
    expect(below.status).toBe(422);
    expect(below.html).toContain('The capacity cannot be less than the 2 places already taken');
    expect(below.html).toContain('value="1"');
    const above = await page.post(`/portal/staff/cohorts/${c.id}/capacity`, { _csrf: page.csrf, capacity: '25' });
    expect(above.status).toBe(303);
    expect((await page.get(above.location!)).html).toContain('is changed');
    expect((await w.call('GET', '/admin/cohorts', { token: admin.token })).body.find((x: { id: string }) => x.id === c.id).capacity).toBe(25);
  });

  it('cancelling a cohort returns its placed learners to accepted, frees the places and keeps each bursary reserved; refused once a learner started', async () => {
    const c = await cohort(w, providerA.id, level5.id, 5);
    const one = await placed(c.id);
    const two = await placed(c.id);
    await w.call('POST', `/provider/enrolments/${two.enrolmentId}/deferral`, { token: provider.token, body: { reasonCode: 'health', date: today() } });
    expect(await placesTaken(c.id)).toBe(2);

    const confirm = await page.get(`/portal/staff/cohorts/${c.id}/cancel`);
    expect(confirm.html).toContain('cannot be undone');
    expect(confirm.html).toContain('The 2 learners placed on it go');
    const done = await page.post(`/portal/staff/cohorts/${c.id}/cancel`, { _csrf: page.csrf });
    expect(done.status).toBe(303);
    expect((await page.get(done.location!)).html).toContain('is cancelled');

    expect(await placesTaken(c.id)).toBe(0);
    for (const l of [one, two]) {
      expect(await applicationStatus(l.app.id)).toBe('accepted');
      expect(await ledger(l.app.id)).toEqual(['reserve 50000']);
      expect(await reserved(l.app.id)).toBe(50000);
      const learner = await w.call('GET', `/admin/enrolments/${l.enrolmentId}`, { token: admin.token });
      expect(learner.body.status).toBe('declined_by_provider');
      expect(learner.body.reports.at(-1)).toMatchObject({ type: 'cohort_cancelled', toStatus: 'declined_by_provider', reportedByRole: 'admin' });
    }
    const again = await w.call('POST', `/admin/cohorts/${c.id}/cancel`, { token: admin.token });
    expect(again.status).toBe(409);
    const placeOnCancelled = await w.call('POST', `/admin/applications/${one.app.id}/enrolment`, { token: admin.token, body: { cohortId: c.id } });
    expect(placeOnCancelled.status).toBe(409);
    const audit = await w.db.query(`SELECT after FROM audit_event WHERE action = 'cohort.cancelled' AND target_id = $1`, [c.id]);
    expect(audit.map((a: { after: unknown }) => a.after)).toEqual([{ learnersReturned: 2 }]);

    const running = await cohort(w, providerA.id, level5.id, 5);
    const started = await placed(running.id);
    await placed(running.id);
    await w.call('POST', `/provider/enrolments/${started.enrolmentId}/start`, { token: provider.token, body: { startDate: daysAgo(2) } });
    const refused = await w.call('POST', `/admin/cohorts/${running.id}/cancel`, { token: admin.token });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('1 learner has started on this cohort');
    expect(await placesTaken(running.id)).toBe(2);
    const refusedPage = await page.post(`/portal/staff/cohorts/${running.id}/cancel`, { _csrf: page.csrf });
    expect(refusedPage.status).toBe(422);
    expect(refusedPage.html).toContain('1 learner has started on this cohort');
  });

  it('places an accepted applicant from the placement page; a full cohort is refused on the page', async () => {
    const { app } = await acceptedOffer(w, admin.token, round.id, level5.id);
    const list = await page.get('/portal/staff/placement');
    expect(list.html).toContain(app.reference);
    expect(list.html).toContain(`href="/portal/staff/placement/${app.id}"`);
    const full = await cohort(w, providerB.id, level5.id, 1);
    const open = await cohort(w, providerB.id, level5.id, 4);
    await page.get(`/portal/staff/placement/${app.id}`);
    const none = await page.post(`/portal/staff/placement/${app.id}`, { _csrf: page.csrf });
    expect(none.status).toBe(422);
    expect(none.html).toContain('Select a cohort');
    await placed(full.id);
    const refused = await page.post(`/portal/staff/placement/${app.id}`, { _csrf: page.csrf, cohortId: full.id });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('That cohort is full now');
    const ok = await page.post(`/portal/staff/placement/${app.id}`, { _csrf: page.csrf, cohortId: open.id });
    expect(ok.status).toBe(303);
    expect((await page.get(ok.location!)).html).toContain(`${app.reference} is placed on a cohort`);
    expect(await applicationStatus(app.id)).toBe('enrolled');
    expect(await placesTaken(open.id)).toBe(1);
  });

  it('places again a learner a provider turned down', async () => {
    const first = await cohort(w, providerA.id, level5.id, 3);
    const { app, enrolmentId } = await placed(first.id);
    expect((await w.call('POST', `/provider/enrolments/${enrolmentId}/decline`, { token: provider.token, body: { reasonCode: 'cannot_attend_cohort' } })).status).toBe(201);
    const list = await page.get('/portal/staff/placement');
    expect(list.html).toContain(app.reference);
    expect(list.html).toContain(`Turned down by ${providerA.name}: cannot attend cohort`);
    const second = await cohort(w, providerB.id, level5.id, 3);
    await page.get(`/portal/staff/placement/${app.id}`);
    expect((await page.post(`/portal/staff/placement/${app.id}`, { _csrf: page.csrf, cohortId: second.id })).status).toBe(303);
    const enrolments = await w.call('GET', `/admin/enrolments?cohortId=${second.id}`, { token: admin.token });
    expect(enrolments.body.items.map((e: { applicationId: string; status: string }) => [e.applicationId, e.status])).toEqual([[app.id, 'placed']]);
    expect(await ledger(app.id)).toEqual(['reserve 50000']);
  });

  it('lists every enrolment filtered by provider, cohort, qualification and status, on the API and the page', async () => {
    const a = await cohort(w, providerA.id, level5.id, 5);
    const b = await cohort(w, providerB.id, level5.id, 5);
    const onA = await placed(a.id);
    const onB = await placed(b.id);
    await w.call('POST', `/provider/enrolments/${onA.enrolmentId}/start`, { token: provider.token, body: { startDate: daysAgo(3) } });
    const ids = (body: { items: { enrolmentId: string }[] }) => body.items.map((i) => i.enrolmentId);
    const byProvider = await w.call('GET', `/admin/enrolments?providerId=${providerB.id}`, { token: admin.token });
    expect(ids(byProvider.body)).toContain(onB.enrolmentId);
    expect(ids(byProvider.body)).not.toContain(onA.enrolmentId);
    expect((await w.call('GET', `/admin/enrolments?cohortId=${a.id}`, { token: admin.token })).body).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    const started = await w.call('GET', `/admin/enrolments?status=started&qualificationId=${level5.id}`, { token: admin.token });
    expect(ids(started.body)).toContain(onA.enrolmentId);
    expect(ids(started.body)).not.toContain(onB.enrolmentId);
    expect((await w.call('GET', '/admin/enrolments?status=nonsense', { token: admin.token })).status).toBe(400);
    const one = await w.call('GET', `/admin/enrolments/${onB.enrolmentId}`, { token: admin.token });
    expect(one.body).toMatchObject({ enrolmentId: onB.enrolmentId, applicationReference: onB.app.reference, providerId: providerB.id, status: 'placed' });

    const reviewer = new PortalClient(w.api.url);
    await reviewer.signIn((await w.user('reviewer')).email, PASSWORD);
    const listed = await reviewer.get(`/portal/staff/learners?cohortId=${a.id}&status=started`);
    expect(listed.status).toBe(200);
    expect(listed.html).toContain(onA.app.reference);
    expect(listed.html).toContain('Learners 1 to 1 of 1');
    expect((await reviewer.get(`/portal/staff/learners?providerId=${providerB.id}&cohortId=${a.id}`)).html).toContain('No learners match these filters.');
    expect((await reviewer.get('/portal/staff/learners?status=odd&page=-1&cohortId=x')).status).toBe(200);
    // Reviewers read learners; changing them, and the catalogue, is for admins.
    expect((await reviewer.get(`/portal/staff/learners/${onA.enrolmentId}`)).status).toBe(200);
    expect((await reviewer.get(`/portal/staff/learners/${onA.enrolmentId}/withdraw`)).status).toBe(403);
    expect((await reviewer.get('/portal/staff/cohorts')).status).toBe(403);
    const finance = await w.signedIn('finance');
    expect((await w.call('GET', '/admin/enrolments', { token: finance.token })).status).toBe(403);
  });

  it('the learner page shows the reports (voided ones marked), progress and payments due', async () => {
    const c = await cohort(w, providerA.id, level5.id, 5);
    const { app, enrolmentId } = await placed(c.id);
    await w.call('POST', `/provider/enrolments/${enrolmentId}/start`, { token: provider.token, body: { startDate: daysAgo(20) } });
    await w.call('POST', `/provider/enrolments/${enrolmentId}/progress`, { token: provider.token, body: { milestone: 'mid_point', date: daysAgo(10) } });
    const mistake = await w.call('POST', `/provider/enrolments/${enrolmentId}/progress`, { token: provider.token, body: { milestone: 'assessment_passed', date: daysAgo(5) } });
    expect((await w.call('POST', `/provider/enrolments/${enrolmentId}/reports/${mistake.body.reportId}/void`, { token: provider.token, body: { reason: 'wrong learner' } })).status).toBe(200);
    const learner = await page.get(`/portal/staff/learners/${enrolmentId}`);
    expect(learner.status).toBe(200);
    expect(learner.html).toContain(`href="/portal/staff/applications/${app.id}"`);
    expect(learner.html).toContain('(voided: wrong learner)');
    expect(learner.html).toContain('Mid point');
    expect(learner.html).toContain('Start payment');
    expect(learner.html).toMatch(/£250(?![.,]?\d)/);
    expect(learner.html).toContain('Due, not paid yet');
    expect(learner.html).toContain('Withdraw this learner');
    const api = await w.call('GET', `/admin/enrolments/${enrolmentId}`, { token: admin.token });
    expect(api.body.reports.map((r: { type: string; voided: boolean }) => `${r.type}${r.voided ? ' (voided)' : ''}`)).toEqual(['placement', 'start', 'progress', 'progress (voided)']);
    expect(api.body.payments).toEqual([expect.objectContaining({ kind: 'start', amountPence: 25000, paidAt: null, voided: false })]);
    expect(api.body.latestMilestone).toBe('mid_point');
    expect((await page.get('/portal/staff/learners/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('a staff withdrawal has exactly the ledger effect of a provider’s, and asks to confirm on the page', async () => {
    const c = await cohort(w, providerA.id, level5.id, 10);
    const byProvider = await placed(c.id);
    const byStaff = await placed(c.id);
    const byPage = await placed(c.id);
    for (const l of [byProvider, byStaff, byPage]) {
      await w.call('POST', `/provider/enrolments/${l.enrolmentId}/start`, { token: provider.token, body: { startDate: daysAgo(10) } });
    }
    const body = { reasonCode: 'changed_job', date: today() };
    expect((await w.call('POST', `/provider/enrolments/${byProvider.enrolmentId}/withdrawal`, { token: provider.token, body })).status).toBe(201);
    const staff = await w.call('POST', `/admin/enrolments/${byStaff.enrolmentId}/withdrawal`, { token: admin.token, body });
    expect(staff.status).toBe(201);
    expect(staff.body).toMatchObject({ enrolmentId: byStaff.enrolmentId, type: 'withdrawal' });

    await page.get(`/portal/staff/learners/${byPage.enrolmentId}/withdraw`);
    const missing = await page.post(`/portal/staff/learners/${byPage.enrolmentId}/withdraw`, { _csrf: page.csrf });
    expect(missing.status).toBe(422);
    expect(missing.html).toContain('Select why the learner is withdrawing');
    expect(missing.html).toContain('Enter the date the learner withdrew');
    const [y, m, d] = today().split('-');
    const answers = { _csrf: page.csrf, reasonCode: 'changed_job', 'date[day]': d, 'date[month]': m, 'date[year]': y, note: 'Rang us' };
    const check = await page.post(`/portal/staff/learners/${byPage.enrolmentId}/withdraw`, answers);
    expect(check.status).toBe(200);
    expect(check.html).toContain('Check the withdrawal');
    expect(await applicationStatus(byPage.app.id)).toBe('enrolled');
    const done = await page.post(`/portal/staff/learners/${byPage.enrolmentId}/withdraw`, { ...answers, confirm: 'yes' });
    expect(done.status).toBe(303);
    expect((await page.get(done.location!)).html).toContain('The learner is withdrawn');

    const effect = ['reserve 50000', 'commit 50000', 'pay 25000', 'release 25000'];
    for (const l of [byProvider, byStaff, byPage]) {
      expect(await ledger(l.app.id)).toEqual(effect);
      expect(await applicationStatus(l.app.id)).toBe('withdrawn');
    }
    const reports = await w.db.query(`SELECT reported_by_role FROM enrolment_report WHERE enrolment_id = $1 AND type = 'withdrawal'`, [byStaff.enrolmentId]);
    expect(reports).toEqual([{ reported_by_role: 'admin' }]);
    const audit = await w.db.query(`SELECT action FROM audit_event WHERE target_id = $1`, [byStaff.enrolmentId]);
    expect(audit.map((a: { action: string }) => a.action)).toContain('enrolment.withdrawal_by_staff');

    // Before the start, the same as the provider's too: the reservation released and the place freed.
    const early = await placed(c.id);
    const taken = await placesTaken(c.id);
    expect((await w.call('POST', `/admin/enrolments/${early.enrolmentId}/withdrawal`, { token: admin.token, body: { reasonCode: 'health', date: today() } })).status).toBe(201);
    expect(await ledger(early.app.id)).toEqual(['reserve 50000', 'release 50000']);
    expect(await placesTaken(c.id)).toBe(taken - 1);
    const twice = await w.call('POST', `/admin/enrolments/${early.enrolmentId}/withdrawal`, { token: admin.token, body: { reasonCode: 'health', date: today() } });
    expect(twice.status).toBe(422);
  });

  it('a correction restores a mistaken withdrawal or turning down, with its money and its place', async () => {
    const c = await cohort(w, providerA.id, level5.id, 10);
    // A started learner withdrawn by mistake: committed again, back to started, the application enrolled.
    const started = await placed(c.id);
    await w.call('POST', `/provider/enrolments/${started.enrolmentId}/start`, { token: provider.token, body: { startDate: daysAgo(10) } });
    await w.call('POST', `/provider/enrolments/${started.enrolmentId}/withdrawal`, { token: provider.token, body: { reasonCode: 'workload', date: today() } });
    const corrected = await w.call('POST', `/admin/enrolments/${started.enrolmentId}/correction`, { token: admin.token, body: { reason: 'The provider reported the wrong learner' } });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toEqual({ enrolmentId: started.enrolmentId, status: 'started' });
    expect(await ledger(started.app.id)).toEqual(['reserve 50000', 'commit 50000', 'pay 25000', 'release 25000', 'reverse 25000']);
    expect(await applicationStatus(started.app.id)).toBe('enrolled');
    const completion = await w.call('POST', `/provider/enrolments/${started.enrolmentId}/completion`, { token: provider.token, body: { outcome: 'passed', date: today() } });
    expect(completion.status).toBe(201);
    expect(await ledger(started.app.id)).toEqual(['reserve 50000', 'commit 50000', 'pay 25000', 'release 25000', 'reverse 25000', 'pay 25000']);
    const detail = await w.call('GET', `/admin/enrolments/${started.enrolmentId}`, { token: admin.token });
    expect(detail.body.reports.find((r: { type: string }) => r.type === 'withdrawal')).toMatchObject({ voided: true, voidReason: 'The provider reported the wrong learner', voidedByRole: 'admin' });

    // A learner withdrawn before starting: reserved again and their place taken again.
    const early = await placed(c.id);
    await w.call('POST', `/provider/enrolments/${early.enrolmentId}/withdrawal`, { token: provider.token, body: { reasonCode: 'health', date: today() } });
    const before = await placesTaken(c.id);
    expect((await w.call('POST', `/admin/enrolments/${early.enrolmentId}/correction`, { token: admin.token, body: { reason: 'Not withdrawn after all' } })).body.status).toBe('placed');
    expect(await ledger(early.app.id)).toEqual(['reserve 50000', 'release 50000', 'reverse 50000']);
    expect(await reserved(early.app.id)).toBe(50000);
    expect(await placesTaken(c.id)).toBe(before + 1);

    // A learner turned down by mistake, corrected on the page after a check.
    const declined = await placed(c.id);
    await w.call('POST', `/provider/enrolments/${declined.enrolmentId}/decline`, { token: provider.token, body: { reasonCode: 'duplicate_learner' } });
    expect((await page.get(`/portal/staff/learners/${declined.enrolmentId}`)).html).toContain("Correct the provider's turning down");
    await page.get(`/portal/staff/learners/${declined.enrolmentId}/correct`);
    const blank = await page.post(`/portal/staff/learners/${declined.enrolmentId}/correct`, { _csrf: page.csrf, reason: '' });
    expect(blank.status).toBe(422);
    expect(blank.html).toContain('Enter why the provider’s report was a mistake');
    const check = await page.post(`/portal/staff/learners/${declined.enrolmentId}/correct`, { _csrf: page.csrf, reason: 'Not a duplicate' });
    expect(check.html).toContain('Check the correction');
    const done = await page.post(`/portal/staff/learners/${declined.enrolmentId}/correct`, { _csrf: page.csrf, reason: 'Not a duplicate', confirm: 'yes' });
    expect(done.status).toBe(303);
    expect(await applicationStatus(declined.app.id)).toBe('enrolled');
    expect((await w.call('GET', `/admin/enrolments/${declined.enrolmentId}`, { token: admin.token })).body.status).toBe('placed');

    // Nothing to correct on a learner who is not withdrawn or turned down; a second correction is refused.
    expect((await w.call('POST', `/admin/enrolments/${declined.enrolmentId}/correction`, { token: admin.token, body: { reason: 'again' } })).status).toBe(409);
    const audit = await w.db.query(`SELECT before, after FROM audit_event WHERE action = 'enrolment.corrected' AND target_id = $1`, [declined.enrolmentId]);
    expect(audit).toEqual([{ before: { status: 'declined_by_provider' }, after: expect.objectContaining({ status: 'placed', reason: 'Not a duplicate' }) }]);
  });

  it('a correction is refused when the cohort has filled since, and changes nothing', async () => {
    const c = await cohort(w, providerA.id, level5.id, 1);
    const first = await placed(c.id);
    await w.call('POST', `/provider/enrolments/${first.enrolmentId}/decline`, { token: provider.token, body: { reasonCode: 'other' } });
    await placed(c.id);
    const refused = await w.call('POST', `/admin/enrolments/${first.enrolmentId}/correction`, { token: admin.token, body: { reason: 'mistake' } });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('cohort is full');
    expect(await applicationStatus(first.app.id)).toBe('accepted');
    expect((await w.call('GET', `/admin/enrolments/${first.enrolmentId}`, { token: admin.token })).body.status).toBe('declined_by_provider');
  });
});
