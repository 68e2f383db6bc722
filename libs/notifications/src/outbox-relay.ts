import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { JOB, QUEUE, type SendEmailData } from '@app/queue';

/** How a send job retries: 6 attempts over about 10 minutes. */
export const SEND_ATTEMPTS = 6;

/**
 * Moves committed outbox rows to the queue. Rows are claimed with
 * FOR UPDATE SKIP LOCKED (so several relays share the work), added as jobs
 * whose jobId is the outbox id, and only then marked queued in the same
 * transaction: a crash between the two leaves the rows pending, and adding
 * them again is a no-op for BullMQ because the job id already exists.
 */
@Injectable()
export class OutboxRelay {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUE.notifications) private readonly queue: Queue<SendEmailData>,
  ) {}

  /** Relays up to `limit` pending messages; returns how many. */
  async relayBatch(limit = 200): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string }[] = await manager.query(
        `SELECT id FROM outbox WHERE status = 'pending' ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      await this.queue.addBulk(
        rows.map(({ id }) => ({
          name: JOB.sendEmail,
          data: { outboxId: id },
          opts: {
            jobId: id,
            attempts: SEND_ATTEMPTS,
            backoff: { type: 'exponential', delay: 5_000 },
            removeOnComplete: { age: 24 * 3600 },
            removeOnFail: { age: 7 * 24 * 3600 },
          },
        })),
      );
      await manager.query(`UPDATE outbox SET status = 'queued', queued_at = now() WHERE id = ANY($1::uuid[])`, [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }
}
