import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An Idempotency-Key's claim is a lease, and its response is written in the
 * work's own transaction: `claim_id` names the request that holds the key,
 * `lease_until` how long it holds it (renewed while the work runs). A
 * process that dies mid-work leaves a lease that lapses, and the same key
 * then runs the work again; one that dies after its commit has already
 * stored the response, which the same key replays.
 */
export class IdempotencyLease1764260000000 implements MigrationInterface {
  name = 'IdempotencyLease1764260000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_key ADD COLUMN claim_id uuid, ADD COLUMN lease_until timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_key DROP COLUMN claim_id, DROP COLUMN lease_until`);
  }
}
