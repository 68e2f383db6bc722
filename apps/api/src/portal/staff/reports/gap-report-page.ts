import type { WorkforceFramework } from '@app/config';
import type { CoverageRow, GapCell } from '@app/workforce';
import { SUPPRESSED_TEXT } from '@app/workforce';
import { gapHeatmapSvg, type HeatmapCell } from './gap-heatmap';

/** What a suppressed cell's other figures show. */
export const NOT_SHOWN = 'not shown';

const num = (x: number | null, places: number, signed = false) => (x === null ? '' : `${signed && x > 0 ? '+' : ''}${x.toFixed(places)}`);
const percent = (x: number | null) => (x === null ? '' : `${Math.round(x * 1000) / 10}%`);

/** One table row of the gap, as strings (the nhsuk table takes text). */
export function gapTableRow(c: GapCell, names: { competency: (code: string) => string; role: (code: string) => string }, withArea: boolean): { text: string; format?: string }[] {
  const figure = (text: string) => ({ text: c.suppressed ? NOT_SHOWN : text, format: 'numeric' });
  return [
    ...(withArea ? [{ text: c.areaName }] : []),
    { text: names.role(c.role) },
    { text: names.competency(c.competency) },
    { text: c.suppressed ? SUPPRESSED_TEXT : String(c.people), format: 'numeric' },
    figure(num(c.averageLevel, 2)),
    figure(percent(c.shareAtOneOrTwo)),
    { text: c.requiredLevel === null ? 'none set' : String(c.requiredLevel), format: 'numeric' },
    figure(c.gap === null ? 'no profile' : num(c.gap, 2, true)),
    figure(c.changeSinceLastYear === null ? 'no comparison' : num(c.changeSinceLastYear, 2, true)),
  ];
}

export interface HeatmapView {
  heading: string;
  svg: string;
}

/**
 * The heatmaps for a set of cells: with several areas, one per role
 * (competency by area); for one area, one (competency by role).
 */
export function heatmapsOf(cells: GapCell[], workforce: WorkforceFramework, oneArea: boolean, areaKindLabel: string): HeatmapView[] {
  const competencyName = new Map(workforce.competencies.map((c) => [c.code, c.name]));
  const roleName = new Map(workforce.currentRoles.map((r) => [r.code, r.name]));
  const competencies = workforce.competencies.map((c) => c.name);
  const square = (c: GapCell, row: string): HeatmapCell => ({ row, competency: competencyName.get(c.competency) ?? c.competency, gap: c.gap, suppressed: c.suppressed });
  if (oneArea) {
    if (!cells.length) return [];
    const area = cells[0]!.areaName;
    const rows = workforce.currentRoles.map((r) => r.name);
    const svg = gapHeatmapSvg(
      cells.map((c) => square(c, roleName.get(c.role) ?? c.role)),
      { rows, competencies, rowLabel: 'Role', title: `${area}: the skills gap by competency and role. The same figures are in the table below.`, id: 'gap-area' },
    );
    return [{ heading: `${area}: competencies by role`, svg }];
  }
  const areas = [...new Set(cells.map((c) => c.areaName))];
  return workforce.currentRoles
    .filter((r) => cells.some((c) => c.role === r.code))
    .map((r) => ({
      heading: r.name,
      svg: gapHeatmapSvg(
        cells.filter((c) => c.role === r.code).map((c) => square(c, c.areaName)),
        { rows: areas, competencies, rowLabel: areaKindLabel, title: `${r.name}: the skills gap by competency and ${areaKindLabel}. The same figures are in the table below.`, id: `gap-${r.code}` },
      ),
    }));
}

/** One coverage table row, as strings. */
export function coverageTableRow(r: CoverageRow): { text: string; format?: string }[] {
  return [
    { text: r.areaName },
    { text: r.suppressed ? SUPPRESSED_TEXT : String(r.knownPeople), format: 'numeric' },
    { text: r.officialCount === null ? 'no count' : String(r.officialCount), format: 'numeric' },
    { text: r.suppressed ? NOT_SHOWN : r.shareKnown === null ? 'no count' : percent(r.shareKnown), format: 'numeric' },
    { text: r.averageGap === null ? 'no figures' : num(r.averageGap, 2, true), format: 'numeric' },
  ];
}
