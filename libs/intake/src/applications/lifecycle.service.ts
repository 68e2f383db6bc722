import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/config';
import { actorColumns, type Actor } from '@app/identity';
import { IntakeError } from '../intake.error';
import type { ApplicationStatus, Mover } from './status';
import { canTransition } from './status';
import { moveApplication, type MoveOptions, type TransitionReason } from './transitions';

export interface ApplicationFacts {
  id: string;
  reference: string;
  status: ApplicationStatus;
  applicantId: string;
  roundId: string;
  qualificationId: string;
}

/**
 * How other libs (training) read and move applications, always through the
 * one transition table, inside their own transaction.
 */
@Injectable()
export class ApplicationLifecycle {
  constructor(private readonly clock: Clock) {}

  /** Locks and returns an application (FOR UPDATE), or throws not found. */
  async lock(manager: EntityManager, id: string): Promise<ApplicationFacts> {
    const [row] = await manager.query(
      `SELECT id, reference, status, applicant_id, round_id, qualification_id FROM application WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!row) throw new IntakeError('application_not_found', 'No application with that id');
    return { id: row.id, reference: row.reference, status: row.status, applicantId: row.applicant_id, roundId: row.round_id, qualificationId: row.qualification_id };
  }

  /** Moves one application, recording who and why (and auditing it as moveApplication does, unless `options.audited`). */
  async advance(
    manager: EntityManager,
    application: { id: string; status: ApplicationStatus },
    to: ApplicationStatus,
    mover: Mover,
    actor: Actor | null,
    reason?: TransitionReason,
    options?: MoveOptions,
  ): Promise<void> {
    await moveApplication(manager, application, to, mover, actor, reason ?? {}, this.clock.now(), options);
  }

  /**
   * Moves many applications from one status to another in two statements
   * (bulk completions). Every id must currently be in `from`. Not audited
   * here: the caller audits what caused the moves (a row per provider report).
   */
  async advanceMany(manager: EntityManager, ids: string[], from: ApplicationStatus, to: ApplicationStatus, mover: Mover, actor: Actor | null, reasonCode: string): Promise<void> {
    if (ids.length === 0) return;
    if (!canTransition(from, to, mover)) throw new IntakeError('invalid_transition', `Applications that are ${from} cannot become ${to}`);
    // What the system decides is the system's, whoever's request set it off (as recordTransition records it).
    const by = actorColumns(mover === 'system' ? null : actor);
    const moved = await manager.query(
      `WITH moved AS (
         UPDATE application SET status = $3, updated_at = $7 WHERE id = ANY($1::uuid[]) AND status = $2 RETURNING id
       )
       INSERT INTO application_transition (application_id, from_status, to_status, actor_id, actor_role, reason_code, at)
       SELECT id, $2, $3, $4, $5, $6, $7 FROM moved RETURNING application_id`,
      [ids, from, to, by.actorId, by.actorRole, reasonCode, this.clock.now()],
    );
    if (moved.length !== ids.length) throw new IntakeError('invalid_transition', `Some applications were no longer ${from}`);
  }
}
