import { codeWords } from '@app/http';
import type { EntityManager } from 'typeorm';
import { rowsOf } from '@app/database';
import { actorColumns, recordAudit, type Actor } from '@app/identity';
import { IntakeError } from '../intake.error';
import { canTransition, type ApplicationStatus, type Mover } from './status';

export interface TransitionReason {
  code?: string;
  note?: string;
}

/**
 * Who audits a move. The applicant's own moves and the system's are audited
 * here, one row per application. Staff and provider moves are decisions their
 * service audits itself, one row with its reasons (ReviewService.decide and
 * decideAppeal, one row per provider report), so by default the move adds none.
 */
const AUDITED_BY_THE_CALLER: readonly Mover[] = ['staff', 'provider'];

export interface MoveOptions {
  /** Whether the caller records this move in the audit log itself (default: for staff and provider moves). */
  audited?: boolean;
}

/**
 * The one function that moves an application: checks the transition table,
 * updates the status only if it is still `from` (so two people deciding at
 * once cannot both win), and records who, when and why, in the history and
 * (unless the caller audits it, `options.audited`) the audit log. `at` is the
 * Clock's now: offer expiry and appeal windows are measured from it.
 */
export async function moveApplication(
  manager: EntityManager,
  application: { id: string; status: ApplicationStatus },
  to: ApplicationStatus,
  mover: Mover,
  actor: Actor | null,
  reason: TransitionReason,
  at: Date,
  options: MoveOptions = {},
): Promise<void> {
  const from = application.status;
  if (!canTransition(from, to, mover)) {
    throw new IntakeError('invalid_transition', `An application that is ${codeWords(from)} cannot become ${codeWords(to)}`);
  }
  const moved = rowsOf(
    await manager.query(`UPDATE application SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2 RETURNING id`, [application.id, from, to, at]),
  );
  if (moved.length === 0) throw new IntakeError('invalid_transition', 'The application changed while you were deciding; reload it and try again');
  await recordTransition(manager, application.id, from, to, mover, actor, reason, at);
  if (!(options.audited ?? AUDITED_BY_THE_CALLER.includes(mover))) await auditMove(manager, application.id, from, to, mover, actor, reason);
  application.status = to;
}

/**
 * The audit action of a move: the system's are named for what happened
 * (eligibility decided at submission, an offer expiring, promotion from the
 * waiting list), everyone else's for the status reached.
 */
export function moveAction(from: ApplicationStatus, to: ApplicationStatus, mover: Mover): string {
  if (mover === 'system') {
    if (from === 'submitted') return 'application.eligibility_decided';
    if (to === 'expired') return 'application.offer_expired';
    if (from === 'waitlisted' && to === 'offered') return 'application.promoted';
  }
  return `application.${to}`;
}

/**
 * One audit row for one move of one application, by the history's actor rule
 * (what the system decides is the system's, whoever's request set it off).
 * The note stays in the history: it may hold what a person wrote.
 */
export async function auditMove(
  manager: EntityManager,
  applicationId: string,
  from: ApplicationStatus,
  to: ApplicationStatus,
  mover: Mover,
  actor: Actor | null,
  reason: TransitionReason,
): Promise<void> {
  await recordAudit(manager, mover === 'system' ? null : actor, {
    action: moveAction(from, to, mover),
    target: { type: 'application', id: applicationId },
    before: { status: from },
    after: { status: to, ...(reason.code ? { reasonCode: reason.code } : {}) },
  });
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
