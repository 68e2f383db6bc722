import type { FieldProblem } from '@app/http';
import type { AreaKind } from '../entities';

/** The programme's choice about gap weighting; version 0 is the default before anyone has chosen. */
export interface PrioritySettingView {
  version: number;
  gapWeighting: boolean;
  maxPoints: number;
  areaKind: AreaKind;
  changedBy: { id: string; name: string } | null;
  changedAt: string | null;
  note: string | null;
}

export interface PrioritySettingInput {
  gapWeighting: boolean;
  maxPoints: number;
  areaKind: AreaKind;
  note?: string | null;
}

/** Before the programme chooses: fixed weights only; the what-if page starts from 20 points by ICB. */
export const DEFAULT_PRIORITY_SETTING: PrioritySettingView = { version: 0, gapWeighting: false, maxPoints: 20, areaKind: 'icb', changedBy: null, changedAt: null, note: null };

export const MAX_GAP_POINTS = 100;
export const PRIORITY_NOTE_MAX = 500;

/** What is wrong with a setting, each naming its field (the API, the pages and the service check the same). */
export function prioritySettingProblems(input: Partial<Record<keyof PrioritySettingInput, unknown>>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (typeof input.gapWeighting !== 'boolean') problems.push({ field: 'gapWeighting', message: 'must be true or false' });
  if (typeof input.maxPoints !== 'number' || !Number.isInteger(input.maxPoints) || input.maxPoints < 1 || input.maxPoints > MAX_GAP_POINTS) {
    problems.push({ field: 'maxPoints', message: `must be a whole number from 1 to ${MAX_GAP_POINTS}` });
  }
  if (input.areaKind !== 'icb' && input.areaKind !== 'region') problems.push({ field: 'areaKind', message: 'must be icb or region' });
  if (input.note !== undefined && input.note !== null && (typeof input.note !== 'string' || input.note.length > PRIORITY_NOTE_MAX)) {
    problems.push({ field: 'note', message: `must be text of at most ${PRIORITY_NOTE_MAX} characters` });
  }
  return problems;
}

/** One application in the what-if: where it stands now and where it would stand. */
export interface PriorityPreviewLine {
  applicationId: string;
  reference: string;
  status: string;
  currentPosition: number;
  currentScore: number | null;
  newPosition: number;
  newScore: number;
  /** Places moved up the queue (negative: down). */
  movedBy: number;
  gapPoints: number;
}

export interface PriorityPreview {
  maxPoints: number;
  areaKind: AreaKind;
  /** The audit year whose gap is used (the newest with any audits); null when there are none. */
  auditYear: string | null;
  /** In the new order. */
  lines: PriorityPreviewLine[];
  moved: number;
}

interface Ranked {
  id: string;
  score: number | null;
  submittedAt: string | null;
}

/** The queue's order: highest score first, then oldest submission, then id. */
export function queueOrder(a: Ranked, b: Ranked): number {
  const pa = a.score ?? -Infinity;
  const pb = b.score ?? -Infinity;
  if (pa !== pb) return pb - pa;
  const sa = a.submittedAt ?? '\uffff';
  const sb = b.submittedAt ?? '\uffff';
  if (sa !== sb) return sa < sb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Positions (1 = first) before and after, from each application's current and new score. */
export function compareOrders(
  apps: readonly { id: string; reference: string; status: string; submittedAt: string | null; currentScore: number | null; newScore: number; gapPoints: number }[],
): PriorityPreviewLine[] {
  const before = new Map([...apps].sort((a, b) => queueOrder({ ...a, score: a.currentScore }, { ...b, score: b.currentScore })).map((a, i) => [a.id, i + 1]));
  return [...apps]
    .sort((a, b) => queueOrder({ ...a, score: a.newScore }, { ...b, score: b.newScore }))
    .map((a, i) => ({
      applicationId: a.id,
      reference: a.reference,
      status: a.status,
      currentPosition: before.get(a.id)!,
      currentScore: a.currentScore,
      newPosition: i + 1,
      newScore: a.newScore,
      movedBy: before.get(a.id)! - (i + 1),
      gapPoints: a.gapPoints,
    }));
}
