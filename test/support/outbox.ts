import type { DataSource } from 'typeorm';
import type { SmtpSink } from './smtp-sink';

/**
 * `count` committed outbox messages of `topic` to `users` (round robin),
 * written in bulk; returns their ids. The data is what the topic's template
 * needs when it has no loader (the daily digest's counts by default).
 */
export async function outboxRows(db: DataSource, users: string[], count: number, data: Record<string, unknown> = DIGEST, topic = 'admin.daily_digest'): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `INSERT INTO outbox (topic, recipient_user_id, data)
     SELECT $1, ($2::uuid[])[1 + (i % cardinality($2::uuid[]))], $3 FROM generate_series(0, $4 - 1) AS i RETURNING id`,
    [topic, users, data, count],
  );
  return rows.map((r) => r.id);
}

export const DIGEST = { date: '2026-04-14', total: 3, awaitingReview: 1, referred: 1, openAppeals: 0, awaitingPlacement: 1, failedEmails: 0 };

/** `count` admin accounts made in bulk (recipients for load tests). */
export async function bulkUsers(db: DataSource, count: number, role = 'admin'): Promise<string[]> {
  const tag = Math.random().toString(36).slice(2, 10);
  const rows: { id: string }[] = await db.query(
    `INSERT INTO user_account (email, full_name, role, email_verified_at)
     SELECT 'bulk.' || $1 || '.' || i || '@example.org', 'Bulk Person ' || i, $2, now() FROM generate_series(1, $3) AS i RETURNING id`,
    [tag, role, count],
  );
  return rows.map((r) => r.id);
}

/** The outbox id in a Message-ID (<id@pmdp.outbox> or <id.rN@pmdp.outbox>). */
export function outboxIdOf(messageId: string | undefined): string | undefined {
  return /^<([0-9a-f-]{36})(?:\.r\d+)?@pmdp\.outbox>$/.exec(messageId ?? '')?.[1];
}

/** Messages the sink holds for these outbox ids: how many distinct, and how many extra copies. */
export function delivered(sink: SmtpSink, ids: Set<string>): { distinct: number; duplicates: number } {
  const seen = new Map<string, number>();
  for (const m of sink.messages) {
    const id = outboxIdOf(m.messageId);
    if (id && ids.has(id)) seen.set(m.messageId!, (seen.get(m.messageId!) ?? 0) + 1);
  }
  let duplicates = 0;
  for (const n of seen.values()) duplicates += n - 1;
  return { distinct: seen.size, duplicates };
}

/** Waits until `check` is true, polling. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
