import type { DataSource } from 'typeorm';
import type { ApplicationStatus } from '../applications/status';

/** One line of the case page's timeline: a change of status, or a hold or release, with who did it and why. */
export interface TimelineEntry {
  at: string;
  kind: 'status' | 'hold' | 'release';
  /** The status moved to (kind status). */
  status?: ApplicationStatus;
  from?: ApplicationStatus | null;
  byName: string | null;
  /** The role of who did it, or system. */
  byRole: string;
  reason?: string;
  note?: string;
}

/** What the case page knows beyond the queue's row: the qualification, the earlier application, assignment, hold, the timeline. */
export interface CaseFacts {
  qualification: { id: string; title: string; level: number; bursaryPence: number };
  roundName: string;
  duplicateOfId: string | null;
  assignment: { userId: string; name: string | null; at: string } | null;
  hold: { at: string; byName: string | null; reason: string } | null;
  timeline: TimelineEntry[];
}

/** Reads an application's case facts (it must exist). */
export async function caseFacts(dataSource: DataSource, id: string): Promise<CaseFacts> {
  const [row] = await dataSource.query(
    `SELECT q.id AS q_id, q.title, q.level, q.bursary_pence, r.name AS round_name, a.duplicate_of, a.assigned_to, a.assigned_at, ua.full_name AS assigned_name,
            a.held_at, a.hold_reason, uh.full_name AS held_name
     FROM application a JOIN qualification q ON q.id = a.qualification_id JOIN funding_round r ON r.id = a.round_id
     LEFT JOIN user_account ua ON ua.id = a.assigned_to LEFT JOIN user_account uh ON uh.id = a.held_by
     WHERE a.id = $1`,
    [id],
  );
  const moves = await dataSource.query(
    `SELECT t.at, t.to_status, t.from_status, t.actor_role, t.reason_code, t.note, u.full_name
     FROM application_transition t LEFT JOIN user_account u ON u.id = t.actor_id WHERE t.application_id = $1 ORDER BY t.id`,
    [id],
  );
  const holds = await dataSource.query(
    `SELECT COALESCE((e.after ->> 'at')::timestamptz, e.at) AS at, e.action, e.actor_role, e.after ->> 'reason' AS reason, u.full_name
     FROM audit_event e LEFT JOIN user_account u ON u.id = e.actor_id
     WHERE e.target_type = 'application' AND e.target_id = $1 AND e.action IN ('application.hold', 'application.release') ORDER BY e.id`,
    [id],
  );
  const timeline: TimelineEntry[] = [
    ...moves.map((t: Record<string, unknown>) => ({
      at: (t.at as Date).toISOString(),
      kind: 'status' as const,
      status: t.to_status as ApplicationStatus,
      from: (t.from_status as ApplicationStatus) ?? null,
      byName: (t.full_name as string) ?? null,
      byRole: (t.actor_role as string) ?? 'system',
      ...(t.reason_code ? { reason: t.reason_code as string } : {}),
      ...(t.note ? { note: t.note as string } : {}),
    })),
    ...holds.map((e: Record<string, unknown>) => ({
      at: (e.at as Date).toISOString(),
      kind: e.action === 'application.hold' ? ('hold' as const) : ('release' as const),
      byName: (e.full_name as string) ?? null,
      byRole: (e.actor_role as string) ?? 'system',
      ...(e.reason ? { note: e.reason as string } : {}),
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return {
    qualification: { id: row.q_id, title: row.title, level: row.level, bursaryPence: Number(row.bursary_pence) },
    roundName: row.round_name,
    duplicateOfId: row.duplicate_of ?? null,
    assignment: row.assigned_to ? { userId: row.assigned_to, name: row.assigned_name ?? null, at: (row.assigned_at as Date).toISOString() } : null,
    hold: row.held_at ? { at: (row.held_at as Date).toISOString(), byName: row.held_name ?? null, reason: row.hold_reason } : null,
    timeline,
  };
}
