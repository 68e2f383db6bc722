import { Queue } from 'bullmq';
import { NotificationPreferencesService, RemindersService, TOPIC } from '@app/notifications';
import { JOB, QUEUE } from '@app/queue';
import { openRound, pot, qualification } from './factories/intake.factory';
import { acceptedOffer, cohort } from './factories/training.factory';
import { until } from './support/outbox';
import { World } from './support/world';

/**
 * A provider user chooses an email for each new learner (the default) or one
 * a day listing them. Everything here goes through the real outbox, worker and
 * SMTP server.
 */
describe('the daily summary of newly placed learners', () => {
  let w: World;
  let admin: { id: string; token: string };
  let reminders: RemindersService;

  beforeAll(async () => {
    w = await World.start({ config: () => ({ notifications: { placedLearnerSummaryHour: 6 } }) });
    admin = await w.signedIn('admin');
    reminders = w.api.app.get(RemindersService);
  });
  afterAll(() => w.stop());

  const mailTo = (email: string, subject: RegExp) => w.smtp.messages.filter((m) => m.to.includes(email.toLowerCase()) && subject.test(m.subject));
  const nameOf = async (userId: string) => (await w.db.query(`SELECT full_name FROM applicant_profile WHERE user_id = $1`, [userId]))[0].full_name as string;

  it('schedules the summary at the configured hour in England', async () => {
    const queue = new Queue(QUEUE.schedules, { connection: { url: w.api.config.redis.url }, prefix: w.api.config.redis.queuePrefix });
    try {
      await until(async () => !!(await queue.getJobScheduler(JOB.sendPlacedLearnerSummaries)), 10_000, 'the schedule');
      expect(await queue.getJobScheduler(JOB.sendPlacedLearnerSummaries)).toMatchObject({ pattern: '0 6 * * *', tz: 'Europe/London' });
    } finally {
      await queue.close();
    }
  });

  it('is chosen through the API as on the email settings page; only provider users may choose, and a bad value is named', async () => {
    const provider = await w.provider('Preferences College');
    const user = await w.signedIn('provider', { providerId: provider.id });
    expect((await w.call('GET', '/me/notification-preferences', { token: user.token })).body).toMatchObject({ placedLearners: 'each' });
    const changed = await w.call('PUT', '/me/notification-preferences', { token: user.token, body: { placedLearners: 'daily', reminders: false } });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ reminders: false, digests: true, skillsAuditInvitations: true, placedLearners: 'daily' });
    expect(await w.api.app.get(NotificationPreferencesService).placedLearnerEmails(user.id)).toBe('daily');
    const bad = await w.call('PUT', '/me/notification-preferences', { token: user.token, body: { placedLearners: 'weekly' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'placedLearners', message: 'placedLearners must be one of each, daily' }]);

    const applicant = await w.signedIn('applicant');
    expect((await w.call('GET', '/me/notification-preferences', { token: applicant.token })).body).not.toHaveProperty('placedLearners');
    const refused = await w.call('PUT', '/me/notification-preferences', { token: applicant.token, body: { placedLearners: 'daily', reminders: false } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'placedLearners', message: 'is only for training provider users' }]);
    // Refused whole: the reminders choice sent with it was not saved.
    expect((await w.call('GET', '/me/notification-preferences', { token: applicant.token })).body.reminders).toBe(true);
  });

  it('sends a per-learner user one email each, and a summary user one email listing both, once', async () => {
    const provider = await w.provider('Summary College');
    const each = await w.user('provider', { providerId: provider.id });
    const daily = await w.user('provider', { providerId: provider.id });
    await w.api.app.get(NotificationPreferencesService).update(daily.id, { placedLearners: 'daily' });

    const level5 = await qualification(w, { level: 5, bursaryPence: 50_000 });
    const round = await openRound(w, [level5.id], { potId: (await pot(w, 1_000_000)).id, closesAt: new Date(w.clock.now().getTime() + 365 * 86_400_000) });
    const c = await cohort(w, provider.id, level5.id);
    const learners = [];
    for (let i = 0; i < 2; i++) {
      const { user, app } = await acceptedOffer(w, admin.token, round.id, level5.id);
      const placed = await w.call('POST', `/admin/applications/${app.id}/enrolment`, { token: admin.token, body: { cohortId: c.id } });
      expect(placed.status).toBe(201);
      learners.push({ enrolmentId: placed.body.enrolmentId as string, name: await nameOf(user.id), reference: app.reference });
    }

    // The per-learner user hears about each at once; the summary user has them waiting, and no email.
    await until(() => mailTo(each.email, /New learner placed/).length === 2, 15_000, 'two learner emails');
    const waiting = await w.db.query(`SELECT enrolment_id FROM placed_learner_pending WHERE user_id = $1 ORDER BY placed_at`, [daily.id]);
    expect(waiting.map((r: { enrolment_id: string }) => r.enrolment_id)).toEqual(learners.map((l) => l.enrolmentId));
    expect(await w.db.query(`SELECT id FROM outbox WHERE recipient_user_id = $1`, [daily.id])).toEqual([]);

    // The job, run twice at once and again later the same day, sends one summary.
    const morning = new Date('2031-03-04T06:00:00Z');
    const runs = await Promise.all([reminders.sendPlacedLearnerSummaries(morning), reminders.sendPlacedLearnerSummaries(morning)]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await reminders.sendPlacedLearnerSummaries(new Date('2031-03-04T18:00:00Z'))).toBe(0);
    // The next day nothing new has been placed: nothing is sent.
    expect(await reminders.sendPlacedLearnerSummaries(new Date('2031-03-05T06:00:00Z'))).toBe(0);

    const summary = await w.smtp.waitFor(daily.email, /Daily summary, 4 March 2031: 2 new learners placed with you/);
    for (const l of learners) {
      expect(summary.text).toContain(l.name);
      expect(summary.text).toContain(l.reference);
      expect(summary.text).toContain(`${w.api.config.http.publicBaseUrl}/portal/provider/learners/${l.enrolmentId}`);
      expect(summary.html).toContain(`/portal/provider/learners/${l.enrolmentId}`);
    }
    expect(summary.text).toContain(level5.title);
    expect(summary.text).toContain(c.name);
    await new Promise((r) => setTimeout(r, 500));
    expect(mailTo(daily.email, /./)).toHaveLength(1);
    expect(mailTo(each.email, /./)).toHaveLength(2);
    expect(await w.db.query(`SELECT 1 FROM placed_learner_pending WHERE user_id = $1`, [daily.id])).toEqual([]);
  });

  it('lists a learner placed after one summary in the next day’s, and switching back to each email takes effect at the next placement', async () => {
    const provider = await w.provider('Switching College');
    const user = await w.user('provider', { providerId: provider.id });
    const preferences = w.api.app.get(NotificationPreferencesService);
    await preferences.update(user.id, { placedLearners: 'daily' });
    expect(await preferences.placedLearnerEmails(user.id)).toBe('daily');

    const level4 = await qualification(w, { level: 4, bursaryPence: 40_000 });
    const round = await openRound(w, [level4.id], { potId: (await pot(w, 1_000_000)).id, closesAt: new Date(w.clock.now().getTime() + 365 * 86_400_000) });
    const c = await cohort(w, provider.id, level4.id);
    const place = async () => {
      const { user: learner, app } = await acceptedOffer(w, admin.token, round.id, level4.id);
      const placed = await w.call('POST', `/admin/applications/${app.id}/enrolment`, { token: admin.token, body: { cohortId: c.id } });
      expect(placed.status).toBe(201);
      return nameOf(learner.id);
    };

    const first = await place();
    expect(await reminders.sendPlacedLearnerSummaries(new Date('2031-06-10T06:00:00Z'))).toBe(1);
    const second = await place();
    // Already summarised today: the new learner waits for tomorrow's.
    expect(await reminders.sendPlacedLearnerSummaries(new Date('2031-06-10T07:00:00Z'))).toBe(0);
    expect(await reminders.sendPlacedLearnerSummaries(new Date('2031-06-11T06:00:00Z'))).toBe(1);
    const one = await w.smtp.waitFor(user.email, /Daily summary, 10 June 2031: 1 new learner placed with you/);
    const two = await w.smtp.waitFor(user.email, /Daily summary, 11 June 2031: 1 new learner placed with you/);
    expect(one.text).toContain(first);
    expect(one.text).not.toContain(second);
    expect(two.text).toContain(second);
    expect(two.text).not.toContain(first);

    await preferences.update(user.id, { placedLearners: 'each' });
    await place();
    await w.smtp.waitFor(user.email, /New learner placed/);
    expect(await reminders.sendPlacedLearnerSummaries(new Date('2031-06-12T06:00:00Z'))).toBe(0);
    expect(await w.db.query(`SELECT topic FROM outbox WHERE recipient_user_id = $1 ORDER BY created_at`, [user.id])).toEqual([
      { topic: TOPIC.placedLearnersSummary },
      { topic: TOPIC.placedLearnersSummary },
      { topic: TOPIC.learnerPlaced },
    ]);
  });
});
