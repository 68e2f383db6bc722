import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditEvent } from './entities/audit-event.entity';
import { actorColumns, type Actor } from './roles';

export interface AuditEntry {
  action: string;
  target?: { type: string; id: string };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export interface AuditQuery {
  actorId?: string;
  /** The actor's email address (a person's account), instead of their id. */
  actorEmail?: string;
  targetType?: string;
  targetId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  page?: number;
}

export interface AuditEventView {
  id: string;
  at: string;
  actorId: string | null;
  /** A person actor's email address (looked up now; none for an API key or the system). */
  actorEmail: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
}

export const AUDIT_PAGE_SIZE = 50;

/**
 * The one way a row gets into the audit log, for services (through
 * AuditService.record) and for the free functions that move things inside a
 * service's transaction (moveApplication): who by actorColumns, the request
 * id and address from the actor.
 */
export async function recordAudit(manager: EntityManager, actor: Actor | null | undefined, entry: AuditEntry): Promise<void> {
  const { actorId, actorRole } = actorColumns(actor);
  await manager.query(
    `INSERT INTO audit_event (actor_id, actor_role, action, target_type, target_id, before, after, request_id, ip)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      actorId,
      actorRole,
      entry.action,
      entry.target?.type ?? null,
      entry.target?.id ?? null,
      entry.before ?? null,
      entry.after ?? null,
      actor?.requestId ?? null,
      actor?.ip ?? null,
    ],
  );
}

/**
 * The append-only audit log: security events and every domain decision, with
 * who, what, before and after, and the request id. Record inside the
 * transaction that makes the change, so the log and the change agree.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends one event (inside `manager`'s transaction when given). Never put secrets in before/after. */
  async record(manager: EntityManager | undefined, actor: Actor | null | undefined, entry: AuditEntry): Promise<void> {
    await recordAudit(manager ?? this.dataSource.manager, actor, entry);
  }

  /**
   * Appends one event per entry, all by the same actor, in one statement: a
   * provider's file of reports is audited a row per report without a round
   * trip per row.
   */
  async recordMany(manager: EntityManager, actor: Actor | null | undefined, entries: AuditEntry[]): Promise<void> {
    if (!entries.length) return;
    const { actorId, actorRole } = actorColumns(actor);
    await manager.query(
      `INSERT INTO audit_event (actor_id, actor_role, action, target_type, target_id, before, after, request_id, ip)
       SELECT $1, $2, e.action, e.target_type, e.target_id, e.before, e.after, $3, $4
       FROM unnest($5::text[], $6::text[], $7::text[], $8::jsonb[], $9::jsonb[]) AS e(action, target_type, target_id, before, after)`,
      [
        actorId,
        actorRole,
        actor?.requestId ?? null,
        actor?.ip ?? null,
        entries.map((e) => e.action),
        entries.map((e) => e.target?.type ?? null),
        entries.map((e) => e.target?.id ?? null),
        entries.map((e) => (e.before ? JSON.stringify(e.before) : null)),
        entries.map((e) => (e.after ? JSON.stringify(e.after) : null)),
      ],
    );
  }

  /** Newest first, filtered; 50 to a page. */
  async list(query: AuditQuery): Promise<{ items: AuditEventView[]; total: number; page: number }> {
    const page = Math.max(1, query.page ?? 1);
    const qb = this.dataSource.getRepository(AuditEvent).createQueryBuilder('e');
    if (query.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
    if (query.actorEmail) qb.andWhere('e.actor_id IN (SELECT u.id FROM user_account u WHERE u.email = :actorEmail)', { actorEmail: query.actorEmail.trim() });
    if (query.targetType) qb.andWhere('e.target_type = :targetType', { targetType: query.targetType });
    if (query.targetId) qb.andWhere('e.target_id = :targetId', { targetId: query.targetId });
    if (query.action) qb.andWhere('e.action = :action', { action: query.action });
    if (query.from) qb.andWhere('e.at >= :from', { from: query.from });
    if (query.to) qb.andWhere('e.at < :to', { to: query.to });
    const [rows, total] = await qb
      .orderBy('e.at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .skip((page - 1) * AUDIT_PAGE_SIZE)
      .take(AUDIT_PAGE_SIZE)
      .getManyAndCount();
    const people = [...new Set(rows.filter((r) => r.actorId && r.actorRole !== 'provider_api_key').map((r) => r.actorId!))];
    const emails = new Map<string, string>(
      people.length
        ? (await this.dataSource.query(`SELECT id, email::text AS email FROM user_account WHERE id = ANY($1::uuid[])`, [people])).map((u: { id: string; email: string }) => [u.id, u.email])
        : [],
    );
    return {
      total,
      page,
      items: rows.map((r) => ({
        id: String(r.id),
        at: r.at.toISOString(),
        actorId: r.actorId,
        actorEmail: (r.actorId && r.actorRole !== 'provider_api_key' && emails.get(r.actorId)) || null,
        actorRole: r.actorRole,
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        before: r.before,
        after: r.after,
        requestId: r.requestId,
      })),
    };
  }
}
