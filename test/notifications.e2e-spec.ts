import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { OutboxRelay, OutboxService, RemindersService, TOPIC, type Topic } from '@app/notifications';
import { JOB, QUEUE } from '@app/queue';
import { applicant, draft, openRound, pot, qualification } from './factories/intake.factory';
import { acceptedOffer, cohort } from './factories/training.factory';
import { linksIn, servesGet } from './support/email-links';
import { bulkUsers, delivered, DIGEST, outboxRows, until } from './support/outbox';
import { uniqueName } from './support/test-env';
import { PASSWORD, World } from './support/world';
import { PortalClient } from './support/portal-client';
import { SESSION_COOKIE } from '@app/identity';
import { OutboxWakeUps } from '../apps/worker/src/notifications/outbox-wake-ups';

const EMPTY_PLACEHOLDER = /undefined|\bnull\b|NaN|Invalid Date|\[object Object\]|\{\{|\}\}|\{%|%\}/;

describe('notifications', () => {
  let w: World;
  let admin: { id: string; email: string; token: string };
  let outbox: OutboxService;

  beforeAll(async () => {
    w = await World.start();
    admin = await w.signedIn('admin');
    outbox = w.api.app.get(OutboxService);
  });
  afterAll(() => w.stop());

  const row = async (id: string) => (await w.db.query(`SELECT * FROM outbox WHERE id = $1`, [id]))[0];
  const sunk = (id: string, resend = 0) => w.smtp.messages.filter((m) => m.messageId === (resend ? `<${id}.r${resend}@pmdp.outbox>` : `<${id}@pmdp.outbox>`));
  const arrived = (id: string, resend = 0) => until(() => sunk(id, resend).length > 0, 15_000, `message ${id}`);

  it('a rolled-back change sends nothing', async () => {
    const user = await w.user('admin');
    const marker = randomBytes(6).toString('hex');
    await expect(
      w.db.transaction(async (m) => {
        await outbox.add(m, { topic: TOPIC.dailyDigest, recipientUserId: user.id, data: { ...DIGEST, marker } });
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    const kept = await w.db.transaction((m) => outbox.add(m, { topic: TOPIC.dailyDigest, recipientUserId: user.id, data: DIGEST }));
    await arrived(kept);
    expect(await w.db.query(`SELECT id FROM outbox WHERE data->>'marker' = $1`, [marker])).toEqual([]);
    expect(w.smtp.messages.filter((m) => m.to.includes(user.email))).toHaveLength(1);
  });

  it('the relay is woken when outbox rows are committed, and not by a rolled-back insert', async () => {
    const user = await w.user('admin');
    const wakeUps = new OutboxWakeUps(w.api.config.database.url);
    wakeUps.start();
    try {
      await wakeUps.wait(10_000); // the first wake-up, when it starts listening
      const timed = async (change: () => Promise<unknown>, waitMs: number) => {
        const waiting = wakeUps.wait(waitMs);
        const t0 = Date.now();
        await change().catch(() => undefined);
        await waiting;
        return Date.now() - t0;
      };
      const rolledBack = await timed(
        () =>
          w.db.transaction(async (m) => {
            await outbox.add(m, { topic: TOPIC.dailyDigest, recipientUserId: user.id, data: DIGEST });
            throw new Error('the change fails');
          }),
        1_500,
      );
      expect(rolledBack).toBeGreaterThanOrEqual(1_400);
      const committed = await timed(() => w.db.transaction((m) => outbox.add(m, { topic: TOPIC.dailyDigest, recipientUserId: user.id, data: DIGEST })), 20_000);
      expect(committed).toBeLessThan(10_000);
    } finally {
      await wakeUps.stop();
    }
  });

  it('a refused address fails after one attempt, shows in the delivery log, and an admin can resend it', async () => {
    const person = await w.user('admin');
    w.smtp.rejectRecipients = (address) => address === person.email;
    const id = await w.db.transaction((m) => outbox.add(m, { topic: TOPIC.dailyDigest, recipientUserId: person.id, data: DIGEST }));
    await until(async () => (await row(id)).status === 'failed', 15_000, 'the message to fail');
    const failed = await row(id);
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toMatch(/550/);
    const queue = new Queue(QUEUE.notifications, { connection: { url: w.api.config.redis.url }, prefix: w.api.config.redis.queuePrefix });
    const job = await queue.getJob(id);
    expect(job?.attemptsMade).toBe(1);
    expect(await job?.getState()).toBe('failed');
    await queue.close();

    const log = await w.call('GET', `/admin/notifications?status=failed&recipient=${encodeURIComponent(person.email)}`, { token: admin.token });
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual([expect.objectContaining({ id, status: 'failed', attempts: 1, recipientEmail: person.email, canResend: true, topic: TOPIC.dailyDigest })]);
    expect(log.body.items[0].lastError).toMatch(/550/);

    w.smtp.rejectRecipients = () => false;
    const resent = await w.call('POST', `/admin/notifications/${id}/resend`, { token: admin.token });
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ id, status: 'pending', resendCount: 1, canResend: false });
    await arrived(id, 1);
    await until(async () => (await row(id)).status === 'sent', 5_000, 'the resend to be recorded');
    expect((await row(id)).attempts).toBe(2);
    const [audit] = await w.db.query(`SELECT actor_id FROM audit_event WHERE action = 'notification.resent' AND target_id = $1`, [id]);
    expect(audit.actor_id).toBe(admin.id);

    expect((await w.call('POST', `/admin/notifications/${id}/resend`, { token: admin.token })).status).toBe(202);
    expect((await w.call('POST', `/admin/notifications/${id}/resend`, { token: admin.token })).status).toBe(409);
    expect((await w.call('POST', `/admin/notifications/00000000-0000-4000-8000-000000000000/resend`, { token: admin.token })).status).toBe(404);
    // A sent link is gone with the email: that message cannot be resent, only asked for again.
    const email = `resend.${randomBytes(4).toString('hex')}@example.org`;
    await w.call('POST', '/auth/register', { body: { email, password: 'a long test passphrase 2026', fullName: 'Rhea Send' } });
    await w.smtp.waitFor(email, /Confirm your email/);
    const [verify] = await w.db.query(`SELECT o.id FROM outbox o JOIN user_account u ON u.id = o.recipient_user_id WHERE u.email = $1`, [email]);
    await until(async () => (await row(verify.id)).status === 'sent', 5_000, 'the verification to be recorded');
    const refused = await w.call('POST', `/admin/notifications/${verify.id}/resend`, { token: admin.token });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });

  it('the delivery log filters by status, topic and recipient, 50 to a page', async () => {
    const res = await w.call('GET', `/admin/notifications?topic=${TOPIC.verifyEmail}&status=sent&page=1`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(0);
    expect(res.body.items.every((i: { topic: string; status: string }) => i.topic === TOPIC.verifyEmail && i.status === 'sent')).toBe(true);
    expect((await w.call('GET', `/admin/notifications?status=lost`, { token: admin.token })).status).toBe(400);
    expect((await w.call('GET', `/admin/notifications`, { token: (await w.signedIn('finance')).token })).status).toBe(403);
  });

  it('the worker registers every schedule with BullMQ', async () => {
    const queue = new Queue(QUEUE.schedules, { connection: { url: w.api.config.redis.url }, prefix: w.api.config.redis.queuePrefix });
    const names = (await queue.getJobSchedulers()).map((s) => s.key);
    expect(names).toEqual(
      expect.arrayContaining([JOB.expireOffers, JOB.remindIdleDrafts, JOB.remindExpiringOffers, JOB.remindOverdueReports, JOB.announceOpenRounds, JOB.checkPotThresholds, JOB.sendDailyDigest]),
    );
    expect(await queue.getJobScheduler(JOB.sendDailyDigest)).toMatchObject({ pattern: '0 7 * * *', tz: 'Europe/London' });
    await queue.close();
  });

  it('reminders go once per thing, respect preferences, and every message renders from real records', async () => {
    const reminders = w.api.app.get(RemindersService);
    const finance = await w.signedIn('finance');
    const provider = await w.provider('Reminders College');
    const providerUser = await w.signedIn('provider', { providerId: provider.id });
    const level5 = await qualification(w, { level: 5, bursaryPence: 50_000 });
    const smallPot = await pot(w, 100_000);
    // The clock moves about four months through this test: the rounds stay open throughout.
    const yearOpen = () => ({ closesAt: new Date(w.clock.now().getTime() + 365 * 86_400_000) });
    const round = await openRound(w, [level5.id], { potId: smallPot.id, ...yearOpen() });
    const sentTo = (userId: string, topic: Topic) => w.db.query(`SELECT id, status, data FROM outbox WHERE recipient_user_id = $1 AND topic = $2`, [userId, topic]);

    // A draft untouched for 8 days.
    const drafter = await applicant(w);
    const idle = await draft(w, drafter.token, round.id, level5.id);
    w.clock.advance({ days: 8 });
    expect(await reminders.remindIdleDrafts()).toBe(1);
    expect(await reminders.remindIdleDrafts()).toBe(0);
    expect(await sentTo(drafter.id, TOPIC.draftReminder)).toHaveLength(1);

    // An offer made 12 of its 14 days ago, to someone who turned reminders off; and one who did not.
    const offered = await applicant(w);
    const prefs = await w.call('PUT', '/me/notification-preferences', { token: offered.token, body: { reminders: false } });
    expect(prefs.body).toEqual({ reminders: false, digests: true, skillsAuditInvitations: true });
    expect((await w.call('GET', '/me/notification-preferences', { token: offered.token })).body).toEqual({ reminders: false, digests: true, skillsAuditInvitations: true });
    expect((await w.call('PUT', '/me/notification-preferences', { token: offered.token, body: { reminders: 'no' } })).status).toBe(400);
    const keen = await applicant(w);
    const offers: string[] = [];
    for (const person of [offered, keen]) {
      const app = await draft(w, person.token, round.id, level5.id);
      await w.call('POST', `/applications/${app.id}/submit`, { token: person.token });
      const decided = await w.call('POST', `/admin/applications/${app.id}/decision`, { token: admin.token, body: { decision: 'approve', reasonCode: 'meets_criteria' } });
      expect(decided.body.status).toBe('offered');
      offers.push(app.id);
    }
    w.clock.advance({ days: 12 });
    expect(await reminders.remindExpiringOffers()).toBe(2);
    expect(await reminders.remindExpiringOffers()).toBe(0);
    const [muted] = await sentTo(offered.id, TOPIC.offerExpiring);
    const [reminded] = await sentTo(keen.id, TOPIC.offerExpiring);

    // The pot (two bursaries) is now fully reserved: finance hears once, at the highest threshold passed
    // (one message to each of this file's two finance users).
    expect(await reminders.checkPotThresholds()).toBe(2);
    expect(await reminders.checkPotThresholds()).toBe(0);
    const alerts = await w.db.query(`SELECT id, recipient_user_id, data FROM outbox WHERE topic = $1 AND data->>'potId' = $2`, [TOPIC.potThreshold, smallPot.id]);
    expect(alerts.map((a: { data: { threshold: number } }) => a.data.threshold)).toEqual(alerts.map(() => 100));
    expect(alerts.map((a: { recipient_user_id: string }) => a.recipient_user_id)).toContain(finance.id);
    const keys = await w.db.query(`SELECT key FROM notification_reminder WHERE key LIKE $1 ORDER BY key`, [`pot_threshold:${smallPot.id}:%`]);
    expect(keys.map((k: { key: string }) => k.key.split(':')[2])).toEqual(['100', '80', '90']);

    // A learner placed 91 days ago with no report since.
    const bigPot = await pot(w, 10_000_000);
    const round2 = await openRound(w, [level5.id], { potId: bigPot.id, ...yearOpen() });
    const { user: learner, app: placedApp } = await acceptedOffer(w, admin.token, round2.id, level5.id);
    const c = await cohort(w, provider.id, level5.id);
    const placed = await w.call('POST', `/admin/applications/${placedApp.id}/enrolment`, { token: admin.token, body: { cohortId: c.id } });
    expect(placed.status).toBe(201);
    w.clock.advance({ days: 91 });
    expect(await reminders.remindOverdueReports()).toBe(1);
    expect(await reminders.remindOverdueReports()).toBe(0);
    const [overdue] = await sentTo(providerUser.id, TOPIC.reportOverdue);
    expect(overdue.data.enrolmentIds).toEqual([placed.body.enrolmentId]);

    // "Tell me when a round opens": asked twice, told once.
    const watcher = `watcher.${randomBytes(4).toString('hex')}@example.org`;
    for (let i = 0; i < 2; i++) expect((await w.call('POST', '/rounds/notify-me', { body: { email: watcher } })).status).toBe(202);
    expect((await w.call('POST', '/rounds/notify-me', { body: { email: 'not an address' } })).status).toBe(400);
    expect(await reminders.announceOpenRounds()).toBe(1);
    expect(await reminders.announceOpenRounds()).toBe(0);
    await w.smtp.waitFor(watcher, /Bursary applications are open/);

    // The admins' digest: once a day (the reminded draft, now submitted, waits for review).
    expect((await w.call('POST', `/applications/${idle.id}/submit`, { token: drafter.token })).status).toBe(200);
    // One to each of the four admins this file has made so far.
    expect(await reminders.sendDailyDigest(new Date('2031-03-04T07:00:00Z'))).toBe(4);
    expect(await reminders.sendDailyDigest(new Date('2031-03-04T18:00:00Z'))).toBe(0);
    const [digest] = await sentTo(admin.id, TOPIC.dailyDigest).then((rows) => rows.filter((r: { data: { date: string } }) => r.data.date === '2031-03-04'));
    expect(digest.data.awaitingReview).toEqual(expect.any(Number));

    // Messages the domain does not send yet, built on the same real records.
    const rejectedPerson = await applicant(w);
    const rejectedApp = await draft(w, rejectedPerson.token, round2.id, level5.id);
    await w.call('POST', `/applications/${rejectedApp.id}/submit`, { token: rejectedPerson.token });
    await w.call('POST', `/admin/applications/${rejectedApp.id}/decision`, { token: admin.token, body: { decision: 'reject', reasonCode: 'insufficient_evidence', note: 'No statement was given.' } });
    const appeal = await w.call('POST', `/applications/${rejectedApp.id}/appeal`, { token: rejectedPerson.token, body: { statement: 'I have now written my statement in full.' } });
    await w.call('POST', `/admin/appeals/${appeal.body.appealId}/decision`, { token: admin.token, body: { decision: 'dismiss', note: 'The evidence is still missing.' } });
    const extra: [Topic, string, Record<string, unknown>][] = [
      [TOPIC.rejected, rejectedPerson.id, { applicationId: rejectedApp.id, reference: rejectedApp.reference }],
      [TOPIC.appealOutcome, rejectedPerson.id, { applicationId: rejectedApp.id, reference: rejectedApp.reference }],
      [TOPIC.eligibilityOutcome, keen.id, { applicationId: offers[1] }],
      [TOPIC.referred, keen.id, { applicationId: offers[1] }],
      [TOPIC.promoted, keen.id, { applicationId: offers[1], amountPence: 50_000 }],
      [TOPIC.enrolmentConfirmed, learner.id, { applicationId: placedApp.id, enrolmentId: placed.body.enrolmentId }],
      [TOPIC.completed, learner.id, { applicationId: placedApp.id, enrolmentId: placed.body.enrolmentId }],
      [TOPIC.learnerPlaced, providerUser.id, { enrolmentId: placed.body.enrolmentId }],
    ];
    const extraIds = await w.db.transaction(async (m) => {
      const ids: string[] = [];
      for (const [topic, to, data] of extra) ids.push(await outbox.add(m, { topic, recipientUserId: to, data }));
      return ids;
    });

    // Everything above reaches the SMTP server rendered, with nothing left blank; the muted reminder is skipped.
    const [draftRow] = await sentTo(drafter.id, TOPIC.draftReminder);
    const ids = [draftRow.id, reminded.id, overdue.id, digest.id, ...alerts.map((a: { id: string }) => a.id), ...extraIds];
    await until(() => delivered(w.smtp, new Set(ids)).distinct === ids.length, 20_000, 'every message to arrive');
    await until(async () => (await row(muted.id)).status === 'skipped', 5_000, 'the muted reminder to be skipped');
    expect(sunk(muted.id)).toHaveLength(0);
    const topics = new Set<string>();
    // Every link in every message, built on real records, is a page the application serves.
    const serves = servesGet(w.api.app);
    const base = w.api.config.http.publicBaseUrl;
    const brokenLinks: string[] = [];
    for (const id of ids) {
      const [m] = sunk(id);
      topics.add((await row(id)).topic);
      expect(`${m.subject}\n${m.text}\n${m.html}`).not.toMatch(EMPTY_PLACEHOLDER);
      expect(m.text).not.toMatch(/<\/?[a-z][^>]*>/i);
      expect(m.html).toContain(base);
      const { links, elsewhere } = linksIn(m, base);
      expect(links.length).toBeGreaterThan(0);
      brokenLinks.push(...elsewhere, ...links.filter((l) => !serves(new URL(l).pathname)));
    }
    expect(brokenLinks).toEqual([]);
    expect(topics.size).toBeGreaterThanOrEqual(12);
    const offerEmail = w.smtp.messages.find((m) => m.to.includes(keen.email) && /offered a bursary/.test(m.subject))!;
    expect(offerEmail.subject).toMatch(/£500/);
    expect(offerEmail.text).toMatch(/Accept by \d{1,2}(:\d\d)?(am|pm) on \d{1,2} \w+ \d{4}/);
    const rejection = sunk(extraIds[0])[0];
    expect(rejection.text).toContain('Your application did not include enough evidence to support it.');
    expect(rejection.text).toContain('No statement was given.');
    expect(rejection.text).toMatch(/appeal until \d{1,2} \w+ \d{4}/);
  }, 60_000);
});

describe('two relays over 1,000 rows', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.start({ worker: false });
  });
  afterAll(() => w.stop());

  it('enqueue each row once', async () => {
    const users = await bulkUsers(w.db, 10);
    const ids = new Set(await outboxRows(w.db, users, 1_000));
    const prefix = uniqueName('relays').toLowerCase();
    const redis = new Redis(w.api.config.redis.url);
    await redis.ping();
    const added = new Map<string, number>();
    const relays = [0, 1].map(() => {
      const queue = new Queue(QUEUE.notifications, { connection: { url: w.api.config.redis.url }, prefix });
      const addBulk = queue.addBulk.bind(queue);
      queue.addBulk = async (jobs) => {
        for (const j of jobs) added.set(j.data.outboxId, (added.get(j.data.outboxId) ?? 0) + 1);
        // Hold the claim a moment, so the two relays overlap.
        await new Promise((r) => setTimeout(r, 5));
        return addBulk(jobs);
      };
      return { queue, relay: new OutboxRelay(w.db, queue as never, redis) };
    });
    const counts = await Promise.all(
      relays.map(async ({ relay }) => {
        let total = 0;
        for (let n = 1; n > 0; total += n) n = await relay.relayBatch(50);
        return total;
      }),
    );
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBeGreaterThan(0);
    const mine = [...added.entries()].filter(([id]) => ids.has(id));
    expect(mine).toHaveLength(1_000);
    expect(mine.filter(([, n]) => n !== 1)).toEqual([]);
    expect(await relays[0].queue.getWaitingCount()).toBe(counts[0] + counts[1]);
    const [{ n }] = await w.db.query(`SELECT count(*)::int AS n FROM outbox WHERE id = ANY($1::uuid[]) AND status = 'queued'`, [[...ids]]);
    expect(n).toBe(1_000);
    // The jobs carry ids only: no personal data in the queue.
    const job = await relays[0].queue.getJob([...ids][0]);
    expect(job?.data).toEqual({ outboxId: [...ids][0] });
    for (const { queue } of relays) await queue.obliterate({ force: true });
    for (const { queue } of relays) await queue.close();
    redis.disconnect();
    await w.db.query(`UPDATE outbox SET status = 'sent' WHERE id = ANY($1::uuid[])`, [[...ids]]);
  });

  it('the queue board is for admins only', async () => {
    const anonymous = await fetch(`${w.api.url}/admin/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
    const applicantUser = await w.signedIn('applicant');
    const forbidden = await fetch(`${w.api.url}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${applicantUser.token}` } });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { status: number }).status).toBe(403);
    const adminUser = await w.signedIn('admin');
    const page = await fetch(`${w.api.url}/admin/queues`, { headers: { authorization: `Bearer ${adminUser.token}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const api = await fetch(`${w.api.url}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${adminUser.token}` } });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name);
    expect(names).toEqual(expect.arrayContaining(Object.values(QUEUE)));
  });

  it('an admin opens the queue board in the browser with the portal session; a change must come from the board itself', async () => {
    const admin = await w.user('admin');
    const portal = new PortalClient(w.api.url);
    await portal.signIn(admin.email, PASSWORD);
    const cookie = `${SESSION_COOKIE}=${portal.cookie}`;
    const page = await fetch(`${w.api.url}/admin/queues`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    // Pausing a queue from another site with the cookie is refused; from the board's own page it goes through.
    const crossSite = await fetch(`${w.api.url}/admin/queues/api/queues/${QUEUE.system}/pause`, { method: 'PUT', headers: { cookie, 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    const sameSite = await fetch(`${w.api.url}/admin/queues/api/queues/${QUEUE.system}/resume`, { method: 'PUT', headers: { cookie, 'sec-fetch-site': 'same-origin' } });
    expect(sameSite.status).toBeLessThan(400);
    const applicant = await w.user('applicant');
    const other = new PortalClient(w.api.url);
    await other.signIn(applicant.email, PASSWORD);
    expect((await fetch(`${w.api.url}/admin/queues`, { headers: { cookie: `${SESSION_COOKIE}=${other.cookie}` } })).status).toBe(403);
  });
});

describe('the development mailbox', () => {
  let w: World;
  beforeAll(async () => {
    // No SMTP_URL: mail goes over SMTP to the mailbox inside the process.
    w = await World.start({ config: (c) => ({ mail: { ...c.mail, smtpUrl: undefined } }) });
  });
  afterAll(() => w.stop());

  it('lists messages newest first as a page, links each rendered with its own CSP, and keeps a JSON variant', async () => {
    const email = `mailbox.${randomBytes(4).toString('hex')}@example.org`;
    expect((await w.call('POST', '/auth/register', { body: { email, password: 'a long test passphrase 2026', fullName: 'Mo Mailbox' } })).status).toBe(201);
    let listed: { messages: { id: number; to: string[]; subject: string }[] } = { messages: [] };
    await until(
      async () => {
        listed = (await (await fetch(`${w.api.url}/dev/mailbox.json`)).json()) as typeof listed;
        return listed.messages.some((m) => m.to.includes(email));
      },
      15_000,
      'the verification email in the mailbox',
    );
    const mine = listed.messages.find((m) => m.to.includes(email))!;
    expect(listed.messages[0].id).toBeGreaterThanOrEqual(mine.id);

    const viaAccept = await fetch(`${w.api.url}/dev/mailbox`, { headers: { accept: 'application/json' } });
    expect(((await viaAccept.json()) as typeof listed).messages.length).toBe(listed.messages.length);

    const page = await fetch(`${w.api.url}/dev/mailbox`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toMatch(/style-src 'sha256-/);
    const html = await page.text();
    expect(html).toContain(`href="/dev/mailbox/${mine.id}"`);
    expect(html).toContain('Confirm your email address');

    const message = await fetch(`${w.api.url}/dev/mailbox/${mine.id}`);
    expect(message.status).toBe(200);
    expect(message.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'");
    const body = await message.text();
    expect(body).toContain('#005eb8');
    expect(body).toMatch(/verify-email\?token=/);
    const text = await fetch(`${w.api.url}/dev/mailbox/${mine.id}/text`);
    expect(await text.text()).toMatch(/^Dear Mo Mailbox,/);
    expect((await fetch(`${w.api.url}/dev/mailbox/999999`)).status).toBe(404);
  });
});
