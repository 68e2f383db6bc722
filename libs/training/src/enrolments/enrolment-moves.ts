import { codeWords } from '@app/http';
import type { EntityManager } from 'typeorm';
import { rowsOf } from '@app/database';
import { actorColumns, type Actor } from '@app/identity';
import { TrainingError } from '../training.error';
import { canMoveEnrolment, PLACED, type EnrolmentCause, type EnrolmentStatus } from './enrolment-status';

/** What a report says besides its type: the why of a move. */
export interface ReportFields {
  milestone?: string | null;
  outcome?: string | null;
  date?: string | null;
  certificateReference?: string | null;
  reasonCode?: string | null;
  note?: string | null;
  /** A failed completion: whether the provider plans a resit (the money stays held for it). */
  resitPlanned?: boolean | null;
}

/** What the enrolment keeps about the move besides its status (a key present is set, even to null; absent keeps). */
export interface EnrolmentFields {
  startDate?: string | null;
  outcome?: string | null;
  completedOn?: string | null;
  certificateReference?: string | null;
}

const FIELD_COLUMNS = { startDate: 'start_date', outcome: 'outcome', completedOn: 'completed_on', certificateReference: 'certificate_reference' } as const;

/** One move of one enrolment: by a report (recorded as a new report), or by voiding the report `voids`. */
export type EnrolmentMove = {
  enrolmentId: string;
  from: EnrolmentStatus;
  to: EnrolmentStatus;
  cause: EnrolmentCause;
  /** Set in the same statement as the status (one write per enrolment, which matters for a file of 10,000 completions). */
  fields?: EnrolmentFields;
} & ({ report: ReportFields; voids?: never } | { voids: { reportId: string; reason: string }; report?: never });

/**
 * The one function that moves enrolments: checks every move against the
 * transition table, moves each enrolment only if it is still `from`, and
 * records who, when and why where the enrolment's history is kept, its
 * reports: a report move appends a report (with from, to and the actor), a
 * void move marks the voided report with who voided it and why. In a few
 * statements whatever the number of moves (each enrolment at most once a
 * call); returns the report id of each
 * move, in order.
 */
export async function moveEnrolments(manager: EntityManager, moves: EnrolmentMove[], actor: Actor | null): Promise<string[]> {
  for (const m of moves) {
    if (!canMoveEnrolment(m.from, m.to, m.cause)) {
      throw new TrainingError('invalid_report', `A ${codeWords(m.cause)} cannot move a learner who is ${codeWords(m.from)} to ${codeWords(m.to)}`);
    }
  }
  if (new Set(moves.map((m) => m.enrolmentId)).size !== moves.length) throw new Error('moveEnrolments moves each enrolment at most once a call');
  const by = actorColumns(actor);
  const reports = moves.filter((m) => m.report);
  const voids = moves.filter((m) => m.voids);
  await setStatuses(manager, reports, true);
  await setStatuses(manager, voids, false);
  const ids = new Map<EnrolmentMove, string>();
  if (reports.length) {
    const col = <T>(f: (m: EnrolmentMove, r: ReportFields) => T) => reports.map((m) => f(m, m.report!));
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO enrolment_report (enrolment_id, type, milestone, outcome, on_date, certificate_reference, reason_code, note, from_status, to_status, reported_by, reported_by_role, resit_planned)
       SELECT e, t, m, o, d::date, c, r, n, f, s, $11, $12, rp
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $13::boolean[]) WITH ORDINALITY AS v(e, t, m, o, d, c, r, n, f, s, rp, i)
       ORDER BY i
       RETURNING id`,
      [
        col((m) => m.enrolmentId),
        col((m) => m.cause),
        col((_, r) => r.milestone ?? null),
        col((_, r) => r.outcome ?? null),
        col((_, r) => r.date ?? null),
        col((_, r) => r.certificateReference ?? null),
        col((_, r) => r.reasonCode ?? null),
        col((_, r) => r.note ?? null),
        col((m) => m.from),
        col((m) => m.to),
        by.actorId,
        by.actorRole,
        col((_, r) => r.resitPlanned ?? null),
      ],
    );
    // Ids come from one sequence in insertion order, so sorted ids follow the moves.
    const sorted = inserted.map((r) => BigInt(r.id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    reports.forEach((m, i) => ids.set(m, String(sorted[i])));
  }
  for (const m of voids) {
    await manager.query(`UPDATE enrolment_report SET voided_at = now(), void_reason = $2, voided_by = $3, voided_by_role = $4 WHERE id = $1`, [
      m.voids!.reportId,
      m.voids!.reason,
      by.actorId,
      by.actorRole,
    ]);
    ids.set(m, m.voids!.reportId);
  }
  return moves.map((m) => ids.get(m)!);
}

/** The first entry of a new enrolment's history: placed on its cohort, by whom. */
export async function recordPlacement(manager: EntityManager, enrolmentId: string, actor: Actor | null): Promise<void> {
  const by = actorColumns(actor);
  await manager.query(`INSERT INTO enrolment_report (enrolment_id, type, to_status, reported_by, reported_by_role) VALUES ($1, 'placement', $2, $3, $4)`, [
    enrolmentId,
    PLACED,
    by.actorId,
    by.actorRole,
  ]);
}

/**
 * Moves the enrolments still in their `from` status, setting the fields each
 * move carries; a report also marks when the provider last reported.
 */
async function setStatuses(manager: EntityManager, moves: EnrolmentMove[], reported: boolean): Promise<void> {
  if (moves.length === 0) return;
  const fields = Object.entries(FIELD_COLUMNS) as [keyof EnrolmentFields, string][];
  const sets = fields.map(([, column], i) => `${column} = CASE WHEN v.s${i} THEN v.f${i}${column.endsWith('_date') || column.endsWith('_on') ? '::date' : ''} ELSE e.${column} END`);
  const params = fields.flatMap(([key]) => [moves.map((m) => (m.fields && key in m.fields ? (m.fields[key] ?? null) : null)), moves.map((m) => !!m.fields && key in m.fields)]);
  const columns = fields.flatMap((_, i) => [`f${i}`, `s${i}`]);
  const types = fields.flatMap((_, i) => [`$${4 + 2 * i}::text[]`, `$${5 + 2 * i}::boolean[]`]);
  const moved = rowsOf(
    await manager.query(
      `UPDATE enrolment e SET status = v.t, ${sets.join(', ')}, updated_at = now()${reported ? ', last_report_at = now()' : ''}
       FROM unnest($1::uuid[], $2::text[], $3::text[], ${types.join(', ')}) AS v(id, f, t, ${columns.join(', ')}) WHERE e.id = v.id AND e.status = v.f
       RETURNING e.id`,
      [moves.map((m) => m.enrolmentId), moves.map((m) => m.from), moves.map((m) => m.to), ...params],
    ),
  );
  if (moved.length !== moves.length) throw new TrainingError('invalid_report', 'A learner changed while these reports were applied; send them again');
}
