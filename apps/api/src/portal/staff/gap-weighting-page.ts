import { formatDate } from '@app/http';
import type { PriorityPreview, PrioritySettingView } from '@app/workforce';
import { MAX_GAP_POINTS, PRIORITY_NOTE_MAX } from '@app/workforce';
import { field, type FormBody } from '../kit/form-fields';
import type { FormError } from '../kit/pages';

export const AREA_KIND_WORDS: Record<'icb' | 'region', string> = {
  icb: 'Integrated care board (ICB), or the region when the ICB’s figures are too few to show',
  region: 'Region only',
};

/** For a caption: "by ICB, falling back to the region". */
export const AREA_KIND_SHORT: Record<'icb' | 'region', string> = { icb: 'by ICB, falling back to the region', region: 'by region' };

export interface GapWeightingValues {
  maxPoints: string;
  areaKind: string;
  note: string;
}

/** The what-if's (and switching on's) fields, as typed, and what is wrong with them. */
export function gapWeightingForm(body: FormBody): { values: GapWeightingValues; input?: { maxPoints: number; areaKind: 'icb' | 'region'; note?: string }; errors: Record<string, string> } {
  const values = { maxPoints: field(body, 'maxPoints'), areaKind: field(body, 'areaKind'), note: field(body, 'note') };
  const errors: Record<string, string> = {};
  const points = /^\d{1,3}$/.test(values.maxPoints) ? Number(values.maxPoints) : NaN;
  if (!values.maxPoints) errors.maxPoints = 'Enter the most points the gap can add';
  else if (!(points >= 1 && points <= MAX_GAP_POINTS)) errors.maxPoints = `The most points the gap can add must be a whole number from 1 to ${MAX_GAP_POINTS}`;
  if (values.areaKind !== 'icb' && values.areaKind !== 'region') errors.areaKind = 'Select which area’s gap to use';
  if (values.note.length > PRIORITY_NOTE_MAX) errors.note = `The note must be ${PRIORITY_NOTE_MAX} characters or fewer`;
  if (Object.keys(errors).length) return { values, errors };
  return { values, errors, input: { maxPoints: points, areaKind: values.areaKind as 'icb' | 'region', ...(values.note ? { note: values.note } : {}) } };
}

export function gapWeightingErrorList(errors: Record<string, string>): FormError[] {
  const ids: Record<string, string> = { maxPoints: 'maxPoints', areaKind: 'areaKind', note: 'note' };
  return Object.entries(errors).map(([k, text]) => ({ href: `#${ids[k] ?? k}`, text }));
}

/** The current setting as summary rows. */
export function settingRows(s: PrioritySettingView): { key: { text: string }; value: { text: string } }[] {
  return [
    { key: { text: 'Gap weighting' }, value: { text: s.gapWeighting ? 'On' : 'Off: the fixed weights in config/workforce.yaml alone' } },
    ...(s.gapWeighting
      ? [
          { key: { text: 'Most points the gap adds' }, value: { text: String(s.maxPoints) } },
          { key: { text: 'Area' }, value: { text: AREA_KIND_WORDS[s.areaKind] } },
        ]
      : []),
    { key: { text: 'Last changed' }, value: { text: s.changedAt ? `${formatDate(s.changedAt)} by ${s.changedBy?.name ?? 'a former user'}${s.note ? `: ${s.note}` : ''}` : 'Never' } },
  ];
}

/** "Up 2 places", "Down 1 place", "No change". */
export function movedWords(movedBy: number): string {
  if (movedBy === 0) return 'No change';
  const n = Math.abs(movedBy);
  return `${movedBy > 0 ? 'Up' : 'Down'} ${n} ${n === 1 ? 'place' : 'places'}`;
}

/** The what-if's table rows, in the new order. */
export function previewRows(p: PriorityPreview) {
  return p.lines.map((l) => [
    { html: `<a href="/portal/staff/applications/${encodeURIComponent(l.applicationId)}">${escapeHtml(l.reference)}</a>` },
    { text: String(l.currentPosition), format: 'numeric' },
    { text: l.currentScore === null ? 'None' : String(l.currentScore), format: 'numeric' },
    { text: String(l.newPosition), format: 'numeric' },
    { text: String(l.newScore), format: 'numeric' },
    { text: `+${l.gapPoints}`, format: 'numeric' },
    { text: movedWords(l.movedBy) },
  ]);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
