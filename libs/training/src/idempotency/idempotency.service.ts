import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import { rowsOf } from '@app/database';
import { TrainingError } from '../training.error';

/** Keys are kept at least this long; a key older than this is free to use again. */
export const IDEMPOTENCY_HOURS = 24;

/**
 * The request that holds a key. The work it guards stores its response
 * through `record`, inside the work's own transaction, so the response and
 * the work commit together or not at all.
 */
export interface IdempotencyReceipt<T = unknown> {
  /**
   * Stores `body` as the key's response in the work's transaction. Refuses
   * (and so rolls the work back) if this request no longer holds the key: its
   * lease lapsed and another request with the key took it over, so the work
   * runs once, never twice.
   */
  record(manager: EntityManager, body: T): Promise<void>;
}

/** A receipt for work whose result is not the response itself: `shape` makes the response from it. */
export function shapedReceipt<T, U>(receipt: IdempotencyReceipt<U> | undefined, shape: (result: T) => U): IdempotencyReceipt<T> | undefined {
  return receipt && { record: (manager, result) => receipt.record(manager, shape(result)) };
}

export type Claim = { kind: 'new'; receipt: HeldKey } | { kind: 'replay'; status: number; body: unknown };

/** A claimed key: its receipt for the work, and the lease kept alive while the work runs. */
export class HeldKey implements IdempotencyReceipt {
  /** Set once the work has recorded its response (or the holder has stored it itself). */
  recorded = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly keys: IdempotencyService,
    readonly providerId: string,
    readonly key: string,
    readonly claimId: string,
    readonly status: number,
  ) {}

  async record(manager: EntityManager, body: unknown): Promise<void> {
    await this.keys.store(manager, this, body);
    this.recorded = true;
  }

  /** Renews the lease every third of its length until `stop`. */
  keepAlive(leaseSeconds: number): void {
    // A renewal that fails (a busy pool) is logged; the lease may then lapse and another request take the key
    // over, and this one's work is refused at its commit: wasted, never applied twice.
    this.timer = setInterval(() => void this.keys.renew(this).catch((err) => this.keys.renewalFailed(err)), (leaseSeconds * 1000) / 3);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * Idempotency-Key for provider POSTs, scoped to the provider: the first
 * request with a key runs; the same key and body again replays the first
 * response and writes nothing; the same key with another body is refused
 * (422); a key whose first request is still running is refused (409).
 *
 * A claim is a lease (IDEMPOTENCY_LEASE_SECONDS, renewed while the work
 * runs) and the response is stored in the work's own transaction
 * (IdempotencyReceipt). So after any crash the same key either replays the
 * committed result (the process died after its commit) or, once the lease
 * has lapsed, runs the work again (it died before): never both, never stuck.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  static hash(method: string, path: string, body: unknown): Buffer {
    return createHash('sha256').update(`${method} ${path}\n`).update(typeof body === 'string' ? body : JSON.stringify(body ?? null)).digest();
  }

  get leaseSeconds(): number {
    return this.config.idempotencyLeaseSeconds;
  }

  /**
   * Claims `key` for this request (`status` is what its success answers), or
   * says what to do instead. A key whose holder's lease has lapsed, with no
   * response stored, is taken over: that holder died before its commit.
   */
  async claim(providerId: string, key: string, requestHash: Buffer, status = 201): Promise<Claim> {
    const claimId = randomUUID();
    const held = new HeldKey(this, providerId, key, claimId, status);
    await this.dataSource.query(`DELETE FROM idempotency_key WHERE provider_id = $1 AND key = $2 AND created_at < now() - make_interval(hours => $3)`, [
      providerId,
      key,
      IDEMPOTENCY_HOURS,
    ]);
    const inserted = await this.dataSource.query(
      `INSERT INTO idempotency_key (provider_id, key, request_hash, claim_id, lease_until) VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
       ON CONFLICT DO NOTHING RETURNING key`,
      [providerId, key, requestHash, claimId, this.leaseSeconds],
    );
    if (inserted.length) return { kind: 'new', receipt: held };
    const [existing] = await this.dataSource.query(
      `SELECT request_hash, response_status, response_body, lease_until < now() AS lapsed FROM idempotency_key WHERE provider_id = $1 AND key = $2`,
      [providerId, key],
    );
    if (!existing) return this.claim(providerId, key, requestHash, status);
    if (!(existing.request_hash as Buffer).equals(requestHash)) {
      throw new TrainingError('idempotency_key_reused', 'This Idempotency-Key was used with a different request; use a new key for a new request', [
        { field: 'Idempotency-Key', message: 'was used with a different body' },
      ]);
    }
    if (existing.response_status !== null) return { kind: 'replay', status: existing.response_status, body: existing.response_body };
    // The guarded update waits for a holder still committing, then sees its response and takes nothing.
    const taken = rowsOf(
      await this.dataSource.query(
        `UPDATE idempotency_key SET claim_id = $3, lease_until = now() + make_interval(secs => $4)
         WHERE provider_id = $1 AND key = $2 AND response_status IS NULL AND (lease_until IS NULL OR lease_until < now()) RETURNING key`,
        [providerId, key, claimId, this.leaseSeconds],
      ),
    );
    if (taken.length) return { kind: 'new', receipt: held };
    if (!existing.lapsed) {
      throw new TrainingError('idempotency_key_in_flight', 'The first request with this Idempotency-Key is still being processed; try again shortly');
    }
    return this.claim(providerId, key, requestHash, status);
  }

  /** Writes the response in `manager`'s transaction, if `held` still holds the key (IdempotencyReceipt.record). */
  async store(manager: EntityManager, held: HeldKey, body: unknown): Promise<void> {
    const rows = rowsOf(
      await manager.query(
        `UPDATE idempotency_key SET response_status = $4, response_body = $5, completed_at = now(), lease_until = NULL
         WHERE provider_id = $1 AND key = $2 AND claim_id = $3 AND response_status IS NULL RETURNING key`,
        [held.providerId, held.key, held.claimId, held.status, JSON.stringify(body ?? null)],
      ),
    );
    if (!rows.length) {
      throw new TrainingError('idempotency_key_in_flight', 'This request took too long and another with the same Idempotency-Key took over; nothing was applied by this one');
    }
  }

  /** Stores the response after the work, for work that did not record it in its own transaction. */
  async complete(held: HeldKey, body: unknown): Promise<void> {
    if (held.recorded) return;
    await this.store(this.dataSource.manager, held, body);
    held.recorded = true;
  }

  renewalFailed(err: unknown): void {
    this.logger.warn({ err }, 'Could not renew an Idempotency-Key lease');
  }

  /** Extends the holder's lease. */
  async renew(held: HeldKey): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_key SET lease_until = now() + make_interval(secs => $4) WHERE provider_id = $1 AND key = $2 AND claim_id = $3 AND response_status IS NULL`,
      [held.providerId, held.key, held.claimId, this.leaseSeconds],
    );
  }

  /** Frees the key after a failure, so the provider can correct the request and send it again. */
  async release(held: HeldKey): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_key WHERE provider_id = $1 AND key = $2 AND claim_id = $3 AND response_status IS NULL`, [
      held.providerId,
      held.key,
      held.claimId,
    ]);
  }

  /** Deletes keys past their time (a scheduled job). */
  async purgeExpired(): Promise<number> {
    const rows = await this.dataSource.query(`DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => $1) RETURNING key`, [IDEMPOTENCY_HOURS]);
    return rows.length;
  }
}
