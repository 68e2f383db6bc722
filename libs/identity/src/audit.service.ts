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
 * The append-only audit log: security events and every domain decision, with
 * who, what, before and after, and the request id. Record inside the
 * transaction that makes the change, so the log and the change agree.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends one event (inside `manager`'s transaction when given). Never put secrets in before/after. */
  async record(manager: EntityManager | undefined, actor: Actor | null | undefined, entry: AuditEntry): Promise<void> {
    const { actorId, actorRole } = actorColumns(actor);
    await (manager ?? this.dataSource.manager).query(
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

  /** Newest first, filtered; 50 to a page. */
  async list(query: AuditQuery): Promise<{ items: AuditEventView[]; total: number; page: number }> {
    const page = Math.max(1, query.page ?? 1);
    const qb = this.dataSource.getRepository(AuditEvent).createQueryBuilder('e');
    if (query.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
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
    return {
      total,
      page,
      items: rows.map((r) => ({
        id: String(r.id),
        at: r.at.toISOString(),
        actorId: r.actorId,
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
