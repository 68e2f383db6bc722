import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '@app/config';
import { AuditService, type Actor } from '@app/identity';
import type { ApplicationStatus } from '../applications/status';
import { IntakeError } from '../intake.error';
import { CASE_NOTE_MAX, HOLD_REASON_MAX } from '../limits';

/** An internal note as staff read it: who wrote it (name and role) and when. Never shown to the applicant. */
export interface NoteView {
  id: string;
  body: string;
  authorName: string | null;
  authorRole: string;
  createdAt: string;
}

/** Statuses in which an application may be put on hold: those still waiting for a decision. */
export const HOLDABLE_STATUSES: readonly ApplicationStatus[] = ['under_review', 'referred', 'waitlisted'];

/**
 * The case work around a decision: staff's internal notes, and holding an
 * application out of decisions (with a reason) until it is released. Each
 * change is audited with its reason in the same transaction; hold and
 * release show on the case page's timeline from that audit row.
 */
@Injectable()
export class CaseworkService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Adds a note (1 to 5000 characters) to an application. */
  async addNote(applicationId: string, body: string, actor: Actor): Promise<NoteView> {
    const text = checked(body, CASE_NOTE_MAX, 'body', 'invalid_note', 'note');
    return this.dataSource.transaction(async (manager) => {
      const [app] = await manager.query(`SELECT id FROM application WHERE id = $1 AND status <> 'draft'`, [applicationId]);
      if (!app) throw new IntakeError('application_not_found', 'No application with that id');
      const [row] = await manager.query(
        `INSERT INTO application_note (application_id, author_id, author_role, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at`,
        [applicationId, actor.userId, actor.role, text, this.clock.now()],
      );
      await this.audit.record(manager, actor, { action: 'application.note_added', target: { type: 'application', id: applicationId }, after: { noteId: row.id } });
      const [author] = await manager.query(`SELECT full_name FROM user_account WHERE id = $1`, [actor.userId]);
      return { id: row.id, body: text, authorName: author?.full_name ?? null, authorRole: actor.role ?? 'system', createdAt: (row.created_at as Date).toISOString() };
    });
  }

  /** An application's notes, oldest first. */
  async notes(applicationId: string): Promise<NoteView[]> {
    await this.exists(applicationId);
    const rows = await this.dataSource.query(
      `SELECT n.id, n.body, n.author_role, n.created_at, u.full_name FROM application_note n LEFT JOIN user_account u ON u.id = n.author_id
       WHERE n.application_id = $1 ORDER BY n.created_at, n.id`,
      [applicationId],
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id as string,
      body: r.body as string,
      authorName: (r.full_name as string) ?? null,
      authorRole: r.author_role as string,
      createdAt: (r.created_at as Date).toISOString(),
    }));
  }

  /** Holds an application out of decisions: only one waiting for a decision, and only if not held already. */
  async hold(applicationId: string, reason: string, actor: Actor): Promise<{ heldAt: string }> {
    const text = checked(reason, HOLD_REASON_MAX, 'reason', 'invalid_hold_reason', 'reason for the hold');
    return this.dataSource.transaction(async (manager) => {
      // An UPDATE through TypeORM's postgres driver answers [rows, affected].
      const [[held]] = await manager.query(
        `UPDATE application SET held_at = $2, held_by = $3, hold_reason = $4
         WHERE id = $1 AND held_at IS NULL AND status = ANY($5::text[]) RETURNING held_at, status`,
        [applicationId, this.clock.now(), actor.userId ?? null, text, HOLDABLE_STATUSES],
      );
      if (!held) {
        const [app] = await manager.query(`SELECT status, held_at FROM application WHERE id = $1 AND status <> 'draft'`, [applicationId]);
        if (!app) throw new IntakeError('application_not_found', 'No application with that id');
        if (app.held_at) throw new IntakeError('application_on_hold', 'This application is on hold already');
        throw new IntakeError('not_holdable', 'Only an application waiting for a decision (to review, referred or on the waiting list) can be put on hold');
      }
      await this.audit.record(manager, actor, { action: 'application.hold', target: { type: 'application', id: applicationId }, before: { held: false }, after: { held: true, reason: text, at: this.clock.now().toISOString() } });
      return { heldAt: (held.held_at as Date).toISOString() };
    });
  }

  /** Releases a held application, so it can be decided again. */
  async release(applicationId: string, reason: string, actor: Actor): Promise<{ releasedAt: string }> {
    const text = checked(reason, HOLD_REASON_MAX, 'reason', 'invalid_hold_reason', 'reason for the release');
    return this.dataSource.transaction(async (manager) => {
      const [[released]] = await manager.query(
        `UPDATE application SET held_at = NULL, held_by = NULL, hold_reason = NULL WHERE id = $1 AND held_at IS NOT NULL AND status <> 'draft' RETURNING hold_reason`,
        [applicationId],
      );
      if (!released) {
        await this.exists(applicationId);
        throw new IntakeError('not_on_hold', 'This application is not on hold');
      }
      await this.audit.record(manager, actor, { action: 'application.release', target: { type: 'application', id: applicationId }, before: { held: true }, after: { held: false, reason: text, at: this.clock.now().toISOString() } });
      return { releasedAt: this.clock.now().toISOString() };
    });
  }

  private async exists(applicationId: string) {
    const [app] = await this.dataSource.query(`SELECT id FROM application WHERE id = $1 AND status <> 'draft'`, [applicationId]);
    if (!app) throw new IntakeError('application_not_found', 'No application with that id');
  }
}

/** Free text staff must give: trimmed, 1 to `max` characters, or refused naming the field. */
function checked(value: unknown, max: number, field: string, code: 'invalid_note' | 'invalid_hold_reason', what: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) throw new IntakeError(code, `Enter the ${what}`, [{ field, message: 'must not be empty' }]);
  if (text.length > max) throw new IntakeError(code, `The ${what} must be ${max} characters or fewer`, [{ field, message: `must be ${max} characters or fewer` }]);
  return text;
}
