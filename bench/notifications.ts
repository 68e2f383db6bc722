import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/database';
import { LOADERS, renderEmail, smtpTransportOptions, TOPIC, type RenderedEmail } from '@app/notifications';
import { QUEUE } from '@app/queue';
import { startWorker } from '../apps/worker/src/start-worker';
import { scratchDatabase } from './harness';
import { countQueries } from './servers/count-queries';

/**
 * Email throughput: 10,000 "application received" messages from committed
 * outbox rows to an SMTP server, through the whole path (relay, BullMQ,
 * worker, loader, Nunjucks, pooled nodemailer), against a baseline of raw
 * nodemailer sending the same 10,000 rendered messages through a pooled
 * transport with the same settings and as many in flight as the worker runs
 * jobs at once. The SMTP server is in this process and accepts and discards;
 * the worker runs in this process too, so both share one event loop with it.
 */
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const WARMUP = Number(process.env.BENCH_WARMUP_MESSAGES ?? 500);
const queries = countQueries();

class DiscardingSink {
  received = 0;
  private server?: SMTPServer;
  port = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        stream.on('data', () => undefined);
        stream.on('end', () => {
          this.received++;
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async until(count: number): Promise<void> {
    while (this.received < count) await new Promise((r) => setTimeout(r, 5));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }
}

/** Applicants with submitted applications, made in bulk; returns the outbox data for each. */
async function applications(db: DataSource, count: number): Promise<{ applicantId: string; data: Record<string, unknown> }[]> {
  const tag = randomBytes(4).toString('hex');
  const [q] = await db.query(
    `INSERT INTO qualification (title, awarding_body, level, bursary_pence, duration_months) VALUES ('Level 5 Diploma in Practice Management (bench)', 'Bench Awarding Body', 5, 50000, 12) RETURNING id`,
  );
  const [r] = await db.query(
    `INSERT INTO funding_round (name, opens_at, closes_at, rule_set_version) VALUES ('Bench round ' || $1, now() - interval '1 day', now() + interval '30 days', '2026-1') RETURNING id`,
    [tag],
  );
  const rows: { id: string; applicant_id: string; reference: string }[] = await db.query(
    `WITH u AS (
       INSERT INTO user_account (email, full_name, role, email_verified_at)
       SELECT 'bench.' || $1 || '.' || i || '@example.org', 'Bench Applicant ' || i, 'applicant', now() FROM generate_series(1, $2) AS i RETURNING id
     )
     INSERT INTO application (reference, applicant_id, round_id, qualification_id, status, eligibility, submitted_at)
     SELECT 'BENCH-' || $1 || '-' || row_number() OVER (), u.id, $3, $4, 'under_review', '{"outcome": "eligible", "reasons": []}'::jsonb, now() FROM u
     RETURNING id, applicant_id, reference`,
    [tag, count, r.id, q.id],
  );
  return rows.map((a) => ({ applicantId: a.applicant_id, data: { applicationId: a.id, reference: a.reference, outcome: 'eligible' } }));
}

async function enqueue(db: DataSource, items: { applicantId: string; data: Record<string, unknown> }[]): Promise<void> {
  await db.query(
    `INSERT INTO outbox (topic, recipient_user_id, data) SELECT $1, unnest($2::uuid[]), unnest($3::jsonb[])`,
    [TOPIC.applicationSubmitted, items.map((i) => i.applicantId), items.map((i) => JSON.stringify(i.data))],
  );
}

export async function run(): Promise<void> {
  const scratch = await scratchDatabase();
  const sink = await new DiscardingSink().start();
  const config = scratch.config.withOverrides({
    mail: { ...scratch.config.mail, smtpUrl: sink.url },
    redis: { ...scratch.config.redis, queuePrefix: `bench_notifications_${randomBytes(4).toString('hex')}` },
  });
  const db = await new DataSource(dataSourceOptions(config)).initialize();
  let worker: INestApplicationContext | undefined;
  try {
    const warm = await applications(db, WARMUP);
    const timed = await applications(db, MESSAGES);
    const concurrency = config.worker.concurrency * 40;

    // Baseline: the same messages, rendered before the clock starts, sent by raw nodemailer.
    const emails: (RenderedEmail & { to: string; messageId: string })[] = [];
    for (const [i, item] of [...warm, ...timed].entries()) {
      const loaded = await LOADERS[TOPIC.applicationSubmitted]({ db, data: item.data, offerExpiryDays: 14, appealWindowDays: 28 });
      const email = renderEmail(TOPIC.applicationSubmitted, {
        ...loaded,
        recipient: { fullName: `Bench Applicant ${i}`, email: `bench.${i}@example.org` },
        programmeName: config.programme.name,
        baseUrl: config.http.publicBaseUrl,
        data: item.data,
      });
      emails.push({ ...email, to: `bench.${i}@example.org`, messageId: `<baseline.${i}@pmdp.bench>` });
    }
    const transport = createTransport(smtpTransportOptions(sink.url) as never);
    const send = async (batch: typeof emails) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < batch.length) await transport.sendMail({ from: config.mail.from, ...batch[next++] });
        }),
      );
    };
    await send(emails.slice(0, WARMUP));
    let t0 = process.hrtime.bigint();
    await send(emails.slice(WARMUP));
    const baselineSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    transport.close();

    // The system: committed outbox rows to the SMTP server through relay, queue and worker.
    worker = await startWorker(config);
    sink.received = 0;
    await enqueue(db, warm);
    await sink.until(WARMUP);
    t0 = process.hrtime.bigint();
    const q0 = queries();
    await enqueue(db, timed);
    await sink.until(WARMUP + MESSAGES);
    const appSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const sqlPerMessage = (queries() - q0) / MESSAGES;
    await new Promise((r) => setTimeout(r, 500));
    const [{ sent, other }] = await db.query(`SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status <> 'sent')::int AS other FROM outbox`);

    const baseline = MESSAGES / baselineSeconds;
    const app = MESSAGES / appSeconds;
    console.log(`\nbench/notifications: ${MESSAGES} "application received" emails to an in-process SMTP server (after ${WARMUP} warm-up each), ${concurrency} in flight`);
    console.log('name'.padEnd(48) + 'seconds'.padStart(9) + 'msgs/s'.padStart(9) + '  ratio to baseline');
    console.log('baseline: raw nodemailer, pooled, pre-rendered'.padEnd(48) + baselineSeconds.toFixed(2).padStart(9) + baseline.toFixed(0).padStart(9) + '  1.00');
    console.log('outbox -> relay -> BullMQ -> worker -> SMTP'.padEnd(48) + appSeconds.toFixed(2).padStart(9) + app.toFixed(0).padStart(9) + `  ${(app / baseline).toFixed(2)}`);
    console.log(`SQL round trips per message on the system's path: ${sqlPerMessage.toFixed(2)} (claims, application reads and "sent" marks are batched)`);
    console.log(`delivered ${sink.received} of ${WARMUP + MESSAGES} (the SMTP server counts every message, so more would be duplicates); outbox: ${sent} sent, ${other} not`);
  } finally {
    await worker?.close();
    for (const name of Object.values(QUEUE)) {
      const queue = new Queue(name, { connection: { url: config.redis.url }, prefix: config.redis.queuePrefix });
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
    await db.destroy();
    await sink.stop();
    await scratch.close();
  }
}
