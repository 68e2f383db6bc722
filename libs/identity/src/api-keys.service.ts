import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { hashToken, randomToken } from '@app/crypto';
import { rowsOf } from '@app/database';
import { AuditService } from './audit.service';
import { ApiKey } from './entities/api-key.entity';
import { IdentityError } from './identity.error';
import type { Actor, Principal } from './roles';

export const API_KEY_PREFIX = 'pmdp_key_';

export interface ApiKeyView {
  id: string;
  name: string;
  keyPrefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /**
   * Who created it. A key belongs to its provider, not to this person: it
   * keeps working after they leave or are disabled, until someone revokes it
   * (which is why the provider's list names its creator and whether they are still active).
   */
  createdBy: { id: string; fullName: string; disabled: boolean } | null;
}

export interface NewApiKey extends ApiKeyView {
  /** The key itself: shown once, never stored. */
  key: string;
}

const view = (k: ApiKey, createdBy: ApiKeyView['createdBy']): ApiKeyView => ({
  id: k.id,
  name: k.name,
  keyPrefix: k.keyPrefix,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
  createdBy,
});

/** The people who created `keys`, by id, for their views. */
async function creatorsOf(manager: EntityManager, keys: ApiKey[]): Promise<Map<string, NonNullable<ApiKeyView['createdBy']>>> {
  const ids = [...new Set(keys.map((k) => k.createdBy).filter((id): id is string => !!id))];
  if (!ids.length) return new Map();
  const rows = rowsOf<{ id: string; full_name: string; disabled: boolean }>(
    await manager.query(`SELECT id, full_name, disabled_at IS NOT NULL AS disabled FROM user_account WHERE id = ANY($1::uuid[])`, [ids]),
  );
  return new Map(rows.map((r) => [r.id, { id: r.id, fullName: r.full_name, disabled: r.disabled }]));
}

async function viewsOf(manager: EntityManager, keys: ApiKey[]): Promise<ApiKeyView[]> {
  const creators = await creatorsOf(manager, keys);
  return keys.map((k) => view(k, (k.createdBy && creators.get(k.createdBy)) || null));
}

/** Provider API keys: named, scoped to one provider, shown once, stored hashed, revocable. */
@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Creates a key for `providerId` (the caller has checked the provider exists and may be acted for). */
  async create(providerId: string, name: string, actor: Actor): Promise<NewApiKey> {
    const key = randomToken(API_KEY_PREFIX);
    return this.dataSource.transaction(async (manager) => {
      const row = manager.create(ApiKey, {
        providerId,
        name,
        keyPrefix: key.slice(0, API_KEY_PREFIX.length + 6),
        keyHash: hashToken(key),
        createdBy: actor.userId ?? null,
      });
      await manager.save(row);
      await this.audit.record(manager, actor, {
        action: 'api_key.created',
        target: { type: 'api_key', id: row.id },
        after: { providerId, name, keyPrefix: row.keyPrefix },
      });
      const [shown] = await viewsOf(manager, [row]);
      return { ...shown, key };
    });
  }

  /** The provider's keys, newest first, without their secrets. */
  async list(providerId: string): Promise<ApiKeyView[]> {
    const keys = await this.dataSource.getRepository(ApiKey).find({ where: { providerId }, order: { createdAt: 'DESC' } });
    return viewsOf(this.dataSource.manager, keys);
  }

  /** Revokes a key of `providerId`; another provider's key id is not found. */
  async revoke(providerId: string, keyId: string, actor: Actor): Promise<ApiKeyView> {
    return this.dataSource.transaction(async (manager) => {
      const key = await manager.findOneBy(ApiKey, { id: keyId, providerId });
      if (!key) throw new IdentityError('api_key_not_found', 'No API key with that id');
      if (!key.revokedAt) {
        key.revokedAt = new Date();
        await manager.save(key);
        await this.audit.record(manager, actor, {
          action: 'api_key.revoked',
          target: { type: 'api_key', id: key.id },
          before: { revokedAt: null },
          after: { revokedAt: key.revokedAt.toISOString() },
        });
      }
      const [shown] = await viewsOf(manager, [key]);
      return shown;
    });
  }

  /** The principal for a presented key (recording its use), or null if unknown or revoked. */
  async authenticate(key: string): Promise<Principal | null> {
    const rows = rowsOf<{ id: string; provider_id: string }>(
      await this.dataSource.query(
        `UPDATE api_key SET last_used_at = now() WHERE key_hash = $1 AND revoked_at IS NULL RETURNING id, provider_id`,
        [hashToken(key)],
      ),
    );
    const row = rows[0];
    return row ? { kind: 'api_key', role: 'provider', apiKeyId: row.id, providerId: row.provider_id } : null;
  }
}
