import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { rowsOf } from '@app/database';
import { JOB, QUEUE, REDIS, type SendEmailData } from '@app/queue';

/** How a send job retries: 6 attempts, 30 s doubling (about 15 minutes in all); a refused address stops at once. */
export const SEND_ATTEMPTS = 6;

export const SEND_JOB_OPTIONS: JobsOptions = {
  attempts: SEND_ATTEMPTS,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Past this, a claim gives up on Redis (its rows stay pending); a late add is harmless, the job id is the outbox id. */
const ADD_TIMEOUT_MS = 5_000;
const SWEEP_PAGE = 1_000;

/**
 * The job for an outbox row: its id, and after an admin's resend a new
 * generation of it (`<id>-r1`), so the failed job of the first try does not
 * swallow the resend.
 */
export function sendJobId(outboxId: string, resendCount: number): string {
  return resendCount > 0 ? `${outboxId}-r${resendCount}` : outboxId;
}

/** Redis is not answering: the relay leaves rows pending and tries again shortly. */
export class RedisUnavailable extends Error {}

/**
 * Moves committed outbox rows to the queue. Rows are claimed with
 * FOR UPDATE SKIP LOCKED (so several relays share the work), added as jobs
 * whose jobId is the outbox id, and only then marked queued in the same
 * transaction: a crash between the two leaves the rows pending, and adding
 * them again is a no-op for BullMQ because the job id already exists.
 *
 * Redis here keeps nothing on disk, so a queued row's job can vanish: the
 * sweep finds queued rows whose job is gone and puts them back to pending.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly epoch = randomUUID();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUE.notifications) private readonly queue: Queue<SendEmailData>,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Relays up to `limit` pending messages; returns how many. Throws RedisUnavailable while Redis is away. */
  async relayBatch(limit = 500): Promise<number> {
    if (this.redis.status !== 'ready') throw new RedisUnavailable(`Redis is ${this.redis.status}`);
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string; resend_count: number }[] = await manager.query(
        `SELECT id, resend_count FROM outbox WHERE status = 'pending' ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      const jobs = rows.map(({ id, resend_count }) => ({
        name: JOB.sendEmail,
        data: { outboxId: id },
        opts: { ...SEND_JOB_OPTIONS, jobId: sendJobId(id, resend_count) },
      }));
      await withTimeout(this.queue.addBulk(jobs), ADD_TIMEOUT_MS);
      await manager.query(`UPDATE outbox SET status = 'queued', queued_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /**
   * True when Redis has lost its data since a relay last looked (it restarted
   * with nothing on disk), or on the first look: a marker key that every relay
   * sets if absent. The one relay that sets it sweeps everything.
   */
  async redisWasReset(): Promise<boolean> {
    const set = await this.redis.set(this.queue.toKey('relay-epoch'), this.epoch, 'NX');
    return set === 'OK';
  }

  /**
   * Puts back to pending every row queued at least `olderThanSeconds` ago
   * whose job Redis no longer has, and marks failed those whose job failed
   * for good while the worker that ran it died before recording it.
   */
  async sweep(olderThanSeconds: number): Promise<{ requeued: number; failed: number }> {
    const [{ cutoff }] = await this.dataSource.query(`SELECT now() - make_interval(secs => $1) AS cutoff`, [olderThanSeconds]);
    let after = '00000000-0000-0000-0000-000000000000';
    let requeued = 0;
    let failed = 0;
    for (;;) {
      const rows: { id: string; resend_count: number }[] = await this.dataSource.query(
        `SELECT id, resend_count FROM outbox WHERE status = 'queued' AND queued_at <= $1 AND id > $2 ORDER BY id LIMIT ${SWEEP_PAGE}`,
        [cutoff, after],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      const pipeline = this.redis.pipeline();
      for (const r of rows) {
        const jobId = sendJobId(r.id, r.resend_count);
        pipeline.exists(this.queue.toKey(jobId));
        pipeline.zscore(this.queue.toKey('failed'), jobId);
        pipeline.hget(this.queue.toKey(jobId), 'failedReason');
      }
      const answers = (await pipeline.exec()) ?? [];
      const missing: string[] = [];
      const dead: { id: string; reason: string }[] = [];
      rows.forEach((r, i) => {
        const [exists, inFailed, reason] = answers.slice(i * 3, i * 3 + 3).map(([err, value]) => {
          if (err) throw err;
          return value;
        });
        if (!exists) missing.push(r.id);
        else if (inFailed !== null) dead.push({ id: r.id, reason: String(reason ?? 'failed') });
      });
      if (missing.length) {
        const moved = rowsOf(
          await this.dataSource.query(
          `UPDATE outbox SET status = 'pending', queued_at = NULL WHERE id = ANY($1::uuid[]) AND status = 'queued' AND queued_at <= $2 RETURNING id`,
            [missing, cutoff],
          ),
        );
        requeued += moved.length;
      }
      for (const d of dead) {
        await this.dataSource.query(
          `UPDATE outbox SET status = 'failed', failed_at = now(), last_error = $2 WHERE id = $1 AND status = 'queued'`,
          [d.id, d.reason.slice(0, 500)],
        );
        failed++;
      }
    }
    if (requeued || failed) this.logger.warn({ requeued, failed }, 'Outbox sweep found queued messages whose jobs Redis no longer had');
    return { requeued, failed };
  }

  /** Clears the sealed link of messages that failed or were skipped longer ago than any link lives. */
  async forgetExpiredLinks(): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbox SET secret_sealed = NULL WHERE secret_sealed IS NOT NULL AND status IN ('failed', 'skipped') AND created_at < now() - make_interval(days => $1)`,
      [LONGEST_LINK_DAYS],
    );
  }
}

/** A link token lives at most 7 days (an invitation): a failed message's sealed token is cleared after that. */
const LONGEST_LINK_DAYS = 7;

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisUnavailable(`Redis did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
