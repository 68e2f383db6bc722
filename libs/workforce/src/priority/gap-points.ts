import type { GapCompetencyPart } from '@app/intake';
import type { GapCell } from '../gap/gap.service';
import { SUPPRESSED_TEXT } from '../suppression';

/** The widest gap there can be: a role profile's 4 against everyone at 1. */
export const MAX_GAP = 3;

export interface GapPointsInput {
  /** The qualification's competency codes. */
  competencies: readonly string[];
  /** Competency code -> name, for the words. */
  competencyNames: ReadonlyMap<string, string>;
  maxPoints: number;
  areaKind: 'icb' | 'region';
  /** The applicant's ICB cells for their role (by competency); ignored when areaKind is region. */
  icb: ReadonlyMap<string, GapCell> | null;
  /** The applicant's region cells for their role (by competency). */
  region: ReadonlyMap<string, GapCell> | null;
}

export interface GapPoints {
  points: number;
  meanPositiveGap: number;
  competencies: GapCompetencyPart[];
}

const usable = (c: GapCell | undefined): c is GapCell & { gap: number } => !!c && !c.suppressed && c.gap !== null;

/** Why a cell gives nothing, in words. */
function missing(c: GapCell | undefined, kind: string): string {
  if (!c) return `no ${kind} figures for this role`;
  if (c.suppressed) return `${kind} figures from ${SUPPRESSED_TEXT} people, not used`;
  return `no required level for this role in the ${kind}`;
}

/**
 * The gap part of a priority score, pure: for each competency the
 * qualification covers, the gap of the applicant's area and role (the ICB's
 * cell; the region's when the ICB's is suppressed, absent or has no required
 * level; only the region's when areaKind is region). Suppressed or absent
 * cells give nothing, and a negative gap (ahead of the profile) counts as 0.
 *
 *   points = round(maxPoints x (sum of positive gaps / number of competencies) / 3)
 *
 * so a qualification whose every competency is 3 levels short in the area
 * earns maxPoints, and one covering no competency earns 0.
 */
export function gapPoints(input: GapPointsInput): GapPoints {
  const competencies = input.competencies.map((code): GapCompetencyPart => {
    const name = input.competencyNames.get(code) ?? code;
    const none = { code, name, areaKind: null, areaCode: null, areaName: null, gap: null };
    if (input.areaKind === 'icb') {
      const icb = input.icb?.get(code);
      if (usable(icb)) return { code, name, areaKind: 'icb', areaCode: icb.areaCode, areaName: icb.areaName, gap: icb.gap, fellBack: false, note: null };
      const region = input.region?.get(code);
      const why = input.icb ? missing(icb, 'ICB') : 'ICB not known (no practice file entry for the employer)';
      if (usable(region)) return { code, name, areaKind: 'region', areaCode: region.areaCode, areaName: region.areaName, gap: region.gap, fellBack: true, note: `${why}: region used` };
      return { ...none, fellBack: true, note: `${why}; ${missing(region, 'region')}` };
    }
    const region = input.region?.get(code);
    if (usable(region)) return { code, name, areaKind: 'region', areaCode: region.areaCode, areaName: region.areaName, gap: region.gap, fellBack: false, note: null };
    return { ...none, fellBack: false, note: missing(region, 'region') };
  });
  const positive = competencies.reduce((sum, c) => sum + Math.max(0, c.gap ?? 0), 0);
  const mean = competencies.length ? positive / competencies.length : 0;
  const points = Math.max(0, Math.min(input.maxPoints, Math.round((input.maxPoints * Math.min(mean, MAX_GAP)) / MAX_GAP)));
  return { points, meanPositiveGap: Math.round(mean * 100) / 100, competencies };
}

/** "Finance gap 1.4 in North Yorkshire ICB; Leadership and change gap 0.6 in North East and Yorkshire (region, ICB figures from fewer than 5 people, not used)". */
export function gapWords(competencies: readonly GapCompetencyPart[]): string {
  return competencies
    .map((c) => (c.gap === null ? `${c.name}: no gap used (${c.note})` : `${c.name} gap ${c.gap} in ${c.areaName}${c.fellBack ? ` (${c.note})` : ''}`))
    .join('; ');
}
