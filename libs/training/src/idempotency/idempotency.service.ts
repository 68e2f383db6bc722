import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { TrainingError } from '../training.error';

/** Keys are kept at least this long; a key older than this is free to use again. */
export const IDEMPOTENCY_HOURS = 24;

export type Claim = { kind: 'new' } | { kind: 'replay'; status: number; body: unknown };

/**
 * Idempotency-Key for provider POSTs, scoped to the provider: the first
 * request with a key runs; the same key and body again replays the first
 * response and writes nothing; the same key with another body is refused
 * (422); a key whose first request is still running is refused (409).
 */
@Injectable()
export class IdempotencyService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  static hash(method: string, path: string, body: unknown): Buffer {
    return createHash('sha256').update(`${method} ${path}\n`).update(typeof body === 'string' ? body : JSON.stringify(body ?? null)).digest();
  }

  /** Claims `key` for this request, or says what to do instead. */
  async claim(providerId: string, key: string, requestHash: Buffer): Promise<Claim> {
    await this.dataSource.query(`DELETE FROM idempotency_key WHERE provider_id = $1 AND key = $2 AND created_at < now() - make_interval(hours => $3)`, [
      providerId,
      key,
      IDEMPOTENCY_HOURS,
    ]);
    const inserted = await this.dataSource.query(
      `INSERT INTO idempotency_key (provider_id, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key`,
      [providerId, key, requestHash],
    );
    if (inserted.length) return { kind: 'new' };
    const [existing] = await this.dataSource.query(
      `SELECT request_hash, response_status, response_body FROM idempotency_key WHERE provider_id = $1 AND key = $2`,
      [providerId, key],
    );
    if (!existing) return this.claim(providerId, key, requestHash);
    if (!(existing.request_hash as Buffer).equals(requestHash)) {
      throw new TrainingError('idempotency_key_reused', 'This Idempotency-Key was used with a different request; use a new key for a new request', [
        { field: 'Idempotency-Key', message: 'was used with a different body' },
      ]);
    }
    if (existing.response_status === null) {
      throw new TrainingError('idempotency_key_in_flight', 'The first request with this Idempotency-Key is still being processed; try again shortly');
    }
    return { kind: 'replay', status: existing.response_status, body: existing.response_body };
  }

  /** Stores the response to replay. */
  async complete(providerId: string, key: string, status: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_key SET response_status = $3, response_body = $4, completed_at = now() WHERE provider_id = $1 AND key = $2`,
      [providerId, key, status, JSON.stringify(body ?? null)],
    );
  }

  /** Frees the key after a failure, so the provider can correct the request and send it again. */
  async release(providerId: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_key WHERE provider_id = $1 AND key = $2 AND response_status IS NULL`, [providerId, key]);
  }

  /** Deletes keys past their time (a scheduled job). */
  async purgeExpired(): Promise<number> {
    const rows = await this.dataSource.query(`DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => $1) RETURNING key`, [IDEMPOTENCY_HOURS]);
    return rows.length;
  }
}
