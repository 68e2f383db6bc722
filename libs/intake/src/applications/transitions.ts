import type { EntityManager } from 'typeorm';
import { rowsOf } from '@app/database';
import { actorColumns, type Actor } from '@app/identity';
import { IntakeError } from '../intake.error';
import { canTransition, type ApplicationStatus, type Mover } from './status';

export interface TransitionReason {
  code?: string;
  note?: string;
}

/**
 * The one function that moves an application: checks the transition table,
 * updates the status only if it is still `from` (so two people deciding at
 * once cannot both win), and records who, when and why. `at` is the Clock's
 * now: offer expiry and appeal windows are measured from it.
 */
export async function moveApplication(
  manager: EntityManager,
  application: { id: string; status: ApplicationStatus },
  to: ApplicationStatus,
  mover: Mover,
  actor: Actor | null,
  reason: TransitionReason,
  at: Date,
): Promise<void> {
  const from = application.status;
  if (!canTransition(from, to, mover)) {
    throw new IntakeError('invalid_transition', `An application that is ${from.replace(/_/g, ' ')} cannot become ${to.replace(/_/g, ' ')}`);
  }
  const moved = rowsOf(
    await manager.query(`UPDATE application SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2 RETURNING id`, [application.id, from, to, at]),
  );
  if (moved.length === 0) throw new IntakeError('invalid_transition', 'The application changed while you were deciding; reload it and try again');
  await recordTransition(manager, application.id, from, to, mover, actor, reason, at);
  application.status = to;
}

/** Appends one history row (also used for the first, draft, row). */
export async function recordTransition(
  manager: EntityManager,
  applicationId: string,
  from: ApplicationStatus | null,
  to: ApplicationStatus,
  mover: Mover,
  actor: Actor | null,
  reason: TransitionReason,
  at: Date,
): Promise<void> {
  // What the system decides is the system's, whoever's request set it off.
  const by = actorColumns(mover === 'system' ? null : actor);
  await manager.query(
    `INSERT INTO application_transition (application_id, from_status, to_status, actor_id, actor_role, reason_code, note, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [applicationId, from, to, by.actorId, by.actorRole, reason.code ?? null, reason.note ?? null, at],
  );
}
