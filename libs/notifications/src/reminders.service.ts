import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig, Clock } from '@app/config';
import { rowsOf } from '@app/database';
import { OutboxService } from './outbox.service';
import { TOPIC } from './topics';

/** A draft untouched this long gets one reminder. */
export const DRAFT_IDLE_DAYS = 7;
/** An offer this close to expiring gets one reminder. */
export const OFFER_EXPIRING_DAYS = 3;
/** A learner without a report this long is overdue (once per quiet spell). */
export const REPORT_OVERDUE_DAYS = 90;
/** Pot usage thresholds finance hears about, once each per pot. */
export const POT_THRESHOLDS = [80, 90, 100] as const;

const BATCH = 1_000;

/**
 * The reminders and scheduled messages, run by BullMQ job schedulers in the
 * worker. Each records what it has sent in notification_reminder (one key per
 * thing: a draft, an offer, a learner's quiet spell, a pot's threshold, a
 * day's digest) in the same transaction as the outbox rows, so a rerun, a
 * second worker or a retried job never sends the same reminder twice.
 */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger(RemindersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Reminds applicants of drafts idle for 7 days in rounds still open; returns how many. */
  async remindIdleDrafts(): Promise<number> {
    return this.count(
      'idle drafts',
      `WITH due AS (
         SELECT a.id, a.applicant_id, a.reference, 'draft_idle:' || a.id AS key
         FROM application a JOIN funding_round r ON r.id = a.round_id
         WHERE a.status = 'draft' AND a.updated_at < $3::timestamptz - make_interval(days => $1) AND r.closes_at > $3
           AND NOT EXISTS (SELECT 1 FROM notification_reminder n WHERE n.key = 'draft_idle:' || a.id)
         LIMIT ${BATCH}
       ), marked AS (
         INSERT INTO notification_reminder (key) SELECT key FROM due ON CONFLICT DO NOTHING RETURNING key
       )
       INSERT INTO outbox (topic, recipient_user_id, data)
       SELECT $2, d.applicant_id, jsonb_build_object('applicationId', d.id, 'reference', d.reference)
       FROM due d JOIN marked m ON m.key = d.key
       RETURNING id`,
      [DRAFT_IDLE_DAYS, TOPIC.draftReminder, this.clock.now()],
    );
  }

  /** Reminds applicants whose offer expires within 3 days; once per offer. */
  async remindExpiringOffers(): Promise<number> {
    return this.count(
      'expiring offers',
      `WITH offered AS (
         SELECT a.id, a.applicant_id, a.reference,
                (SELECT max(t.at) FROM application_transition t WHERE t.application_id = a.id AND t.to_status = 'offered') AS offered_at
         FROM application a WHERE a.status = 'offered'
       ), due AS (
         SELECT o.*, 'offer_expiring:' || o.id || ':' || floor(extract(epoch FROM o.offered_at))::bigint AS key
         FROM offered o
         WHERE o.offered_at + make_interval(days => $1) > $4::timestamptz
           AND o.offered_at + make_interval(days => $1) <= $4::timestamptz + make_interval(days => $2)
       ), fresh AS (
         SELECT * FROM due WHERE NOT EXISTS (SELECT 1 FROM notification_reminder n WHERE n.key = due.key) LIMIT ${BATCH}
       ), marked AS (
         INSERT INTO notification_reminder (key) SELECT key FROM fresh ON CONFLICT DO NOTHING RETURNING key
       )
       INSERT INTO outbox (topic, recipient_user_id, data)
       SELECT $3, f.applicant_id, jsonb_build_object('applicationId', f.id, 'reference', f.reference)
       FROM fresh f JOIN marked m ON m.key = f.key
       RETURNING id`,
      [this.config.programme.offerExpiryDays, OFFER_EXPIRING_DAYS, TOPIC.offerExpiring, this.clock.now()],
    );
  }

  /**
   * Tells each provider's users which learners have had no report for 90
   * days: one message per provider listing them; each learner once per quiet spell.
   */
  async remindOverdueReports(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const groups: { provider_id: string; ids: string[] }[] = await manager.query(
        `WITH due AS (
           SELECT e.id, e.provider_id,
                  'report_overdue:' || e.id || ':' || floor(extract(epoch FROM coalesce(e.last_report_at, e.created_at)))::bigint AS key
           FROM enrolment e
           WHERE e.status IN ('placed', 'started', 'deferred') AND coalesce(e.last_report_at, e.created_at) < $2::timestamptz - make_interval(days => $1)
         ), fresh AS (
           SELECT * FROM due WHERE NOT EXISTS (SELECT 1 FROM notification_reminder n WHERE n.key = due.key) LIMIT ${BATCH}
         ), marked AS (
           INSERT INTO notification_reminder (key) SELECT key FROM fresh ON CONFLICT DO NOTHING RETURNING key
         )
         SELECT f.provider_id, array_agg(f.id ORDER BY f.id) AS ids FROM fresh f JOIN marked m ON m.key = f.key GROUP BY f.provider_id`,
        [REPORT_OVERDUE_DAYS, this.clock.now()],
      );
      let sent = 0;
      for (const g of groups) {
        sent += (await this.outbox.addForAudience(manager, { providerId: g.provider_id }, { topic: TOPIC.reportOverdue, data: { providerId: g.provider_id, enrolmentIds: g.ids } })).length;
      }
      if (sent) this.logger.log({ providers: groups.length, messages: sent }, 'Reminded providers of overdue progress reports');
      return sent;
    });
  }

  /** Tells everyone who asked that a round is open (the newest open one); each sign-up once. */
  async announceOpenRounds(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const [round] = await manager.query(`SELECT id FROM funding_round WHERE opens_at <= $1 AND closes_at > $1 ORDER BY opens_at DESC, id LIMIT 1`, [now]);
      if (!round) return 0;
      const rows = rowsOf<{ id: string }>(
        await manager.query(
          `WITH due AS (
             SELECT id FROM round_subscription WHERE notified_at IS NULL ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
           ), told AS (
             UPDATE round_subscription s SET notified_at = $3, notified_round_id = $1 FROM due WHERE s.id = due.id RETURNING s.id
           )
           INSERT INTO outbox (topic, recipient_subscription_id, data)
           SELECT $2, told.id, jsonb_build_object('roundId', $1::text) FROM told
           RETURNING id`,
          [round.id, TOPIC.roundOpened, now],
        ),
      );
      if (rows.length) this.logger.log({ roundId: round.id, told: rows.length }, 'Told people who asked that a round is open');
      return rows.length;
    });
  }

  /**
   * Tells finance when a pot passes 80%, 90% and 100% used (reserved,
   * committed and paid against what it holds): once per threshold per pot,
   * naming the highest one passed when several are passed at once.
   */
  async checkPotThresholds(): Promise<number> {
    const pots: { id: string; funded: string; used: string }[] = await this.dataSource.query(
      `SELECT id, funded_pence::text AS funded, (reserved_pence + committed_pence + paid_pence)::text AS used
       FROM budget_pot WHERE closed_at IS NULL AND funded_pence > 0`,
    );
    let sent = 0;
    for (const pot of pots) {
      const funded = BigInt(pot.funded);
      const used = BigInt(pot.used);
      const passed = POT_THRESHOLDS.filter((t) => used * 100n >= BigInt(t) * funded);
      if (passed.length === 0) continue;
      sent += await this.dataSource.transaction(async (manager) => {
        const marked: { key: string }[] = await manager.query(
          `INSERT INTO notification_reminder (key) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING key`,
          [passed.map((t) => `pot_threshold:${pot.id}:${t}`)],
        );
        if (marked.length === 0) return 0;
        const threshold = Math.max(...marked.map((m) => Number(m.key.split(':')[2])));
        return (await this.outbox.addForAudience(manager, { role: 'finance' }, { topic: TOPIC.potThreshold, data: { potId: pot.id, threshold } })).length;
      });
    }
    if (sent) this.logger.log({ messages: sent }, 'Told finance about budget pot thresholds');
    return sent;
  }

  /** The day's digest of work waiting, to every admin; once a day, and not at all when nothing waits. */
  async sendDailyDigest(now = this.clock.now()): Promise<number> {
    const date = londonDate(now);
    return this.dataSource.transaction(async (manager) => {
      const marked = await manager.query(`INSERT INTO notification_reminder (key) VALUES ($1) ON CONFLICT DO NOTHING RETURNING key`, [`daily_digest:${date}`]);
      if (marked.length === 0) return 0;
      const counts = await this.waiting(manager, now);
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      if (total === 0) return 0;
      const ids = await this.outbox.addForAudience(manager, { role: 'admin' }, { topic: TOPIC.dailyDigest, data: { date, total, ...counts } });
      this.logger.log({ date, total, messages: ids.length }, 'Sent the daily digest');
      return ids.length;
    });
  }

  /**
   * Sends each provider user who chose a daily summary one email listing the
   * learners placed since their last one; nobody with none waiting hears
   * anything. The learners leave placed_learner_pending in the transaction
   * that writes the email, and a user has at most one summary a day (keyed in
   * notification_reminder), so a rerun, a retried job or a second worker at the
   * same moment lists no learner twice. Returns how many summaries.
   */
  async sendPlacedLearnerSummaries(now = this.clock.now()): Promise<number> {
    const date = londonDate(now);
    const rows = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `WITH due AS (
           SELECT DISTINCT p.user_id FROM placed_learner_pending p JOIN user_account u ON u.id = p.user_id WHERE u.disabled_at IS NULL
         ), marked AS (
           INSERT INTO notification_reminder (key) SELECT 'placed_learners:' || user_id || ':' || $1::text FROM due ON CONFLICT DO NOTHING RETURNING key
         ), taken AS (
           DELETE FROM placed_learner_pending p USING marked m WHERE m.key = 'placed_learners:' || p.user_id || ':' || $1::text
           RETURNING p.user_id, p.enrolment_id, p.placed_at
         )
         INSERT INTO outbox (topic, recipient_user_id, data)
         SELECT $2, user_id, jsonb_build_object('date', $1::text, 'enrolmentIds', jsonb_agg(enrolment_id ORDER BY placed_at, enrolment_id))
         FROM taken GROUP BY user_id
         RETURNING id`,
        [date, TOPIC.placedLearnersSummary],
      ),
    );
    if (rows.length) this.logger.log({ date, messages: rows.length }, 'Sent the daily summaries of newly placed learners');
    return rows.length;
  }

  /** What is waiting for the programme team now. */
  async waiting(manager: EntityManager = this.dataSource.manager, now = this.clock.now()) {
    const [row] = await manager.query(
      `SELECT
         (SELECT count(*) FROM application WHERE status = 'under_review')::int AS awaiting_review,
         (SELECT count(*) FROM application WHERE status = 'referred')::int AS referred,
         (SELECT count(*) FROM appeal WHERE decision IS NULL)::int AS open_appeals,
         (SELECT count(*) FROM application WHERE status = 'accepted')::int AS awaiting_placement,
         (SELECT count(*) FROM outbox WHERE status = 'failed' AND failed_at > $1::timestamptz - interval '1 day')::int AS failed_emails`,
      [now],
    );
    return {
      awaitingReview: row.awaiting_review as number,
      referred: row.referred as number,
      openAppeals: row.open_appeals as number,
      awaitingPlacement: row.awaiting_placement as number,
      failedEmails: row.failed_emails as number,
    };
  }

  private async count(what: string, sql: string, params: unknown[]): Promise<number> {
    const rows = rowsOf<{ id: string }>(await this.dataSource.query(sql, params));
    if (rows.length) this.logger.log({ messages: rows.length }, `Sent reminders: ${what}`);
    return rows.length;
  }
}

/** The calendar date in England, YYYY-MM-DD. */
export function londonDate(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}
