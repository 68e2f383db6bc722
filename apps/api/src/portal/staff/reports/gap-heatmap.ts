import { Plot, plotSvg } from '../svg-chart';

/** One square of the heatmap: a competency (x) in a row (an area, or a role within one area). */
export interface HeatmapCell {
  row: string;
  competency: string;
  gap: number | null;
  suppressed: boolean;
}

/** Colours (presentation attributes, which the CSP does not govern): pale, so the black figures stay legible. */
export const HEATMAP_COLOURS = { ahead: '#7fb8e6', even: '#f0f4f5', short: '#f08a8a', suppressed: '#aeb7bd', noProfile: '#ffffff' } as const;
/** The gap at which the colour is strongest either way. */
export const HEATMAP_GAP_LIMIT = 2;

/** The text legend shown under every heatmap. */
export const HEATMAP_LEGEND = [
  "Each square is a competency in one row; its figure and colour are the gap: the role profile’s level minus the average self-rated level.",
  `Red: people rate themselves below the level their role needs (a positive gap; the deeper, the wider, strongest at +${HEATMAP_GAP_LIMIT} or more).`,
  `Blue: at or above it (a gap of 0 or less). Grey with "<5": fewer than 5 people, so nothing is shown. White with "no profile": no required level is set for the role.`,
];

const label = (c: HeatmapCell) => (c.suppressed ? '<5' : c.gap === null ? 'no profile' : `${c.gap > 0 ? '+' : ''}${c.gap.toFixed(1)}`);

/**
 * The skills gap as a heatmap (competency by area, or by role for one
 * area), an SVG string drawn on the server with Plot.cell. As pot-chart.ts:
 * no inline style (the CSP allows none), role="img" with a <title>, and
 * the same figures in the table beside it.
 */
export function gapHeatmapSvg(cells: HeatmapCell[], options: { rows: string[]; competencies: string[]; rowLabel: string; title: string; id: string }): string {
  if (cells.length === 0) return '';
  const shown = cells.filter((c) => !c.suppressed && c.gap !== null);
  const grey = cells.filter((c) => c.suppressed);
  const blank = cells.filter((c) => !c.suppressed && c.gap === null);
  const rows = options.rows.filter((r) => cells.some((c) => c.row === r));
  return plotSvg(
    {
    width: 900,
    height: 190 + rows.length * 40,
    marginLeft: 260,
    marginBottom: 180,
    marginTop: 10,
    x: { domain: options.competencies, label: null, tickRotate: -35 },
    y: { domain: rows, label: null },
    color: { type: 'linear', domain: [-HEATMAP_GAP_LIMIT, 0, HEATMAP_GAP_LIMIT], range: [HEATMAP_COLOURS.ahead, HEATMAP_COLOURS.even, HEATMAP_COLOURS.short], clamp: true },
    marks: [
      // Every square of the grid, faintly: one with no one in it stays empty.
      Plot.cell(rows.flatMap((row) => options.competencies.map((competency) => ({ row, competency }))), { x: 'competency', y: 'row', fill: 'none', stroke: '#d8dde0', inset: 1 }),
      Plot.cell(shown, { x: 'competency', y: 'row', fill: 'gap', inset: 1 }),
      Plot.cell(grey, { x: 'competency', y: 'row', fill: HEATMAP_COLOURS.suppressed, inset: 1 }),
      Plot.cell(blank, { x: 'competency', y: 'row', fill: HEATMAP_COLOURS.noProfile, stroke: '#768692', inset: 1 }),
      Plot.text(cells, { x: 'competency', y: 'row', text: label, fill: '#212b32', fontSize: 13 }),
      Plot.axisY({ tickSize: 0, lineWidth: 18, textOverflow: 'ellipsis', fontSize: 13 }),
      Plot.axisX({ tickSize: 0, tickRotate: -35, lineWidth: 24, textOverflow: 'ellipsis', fontSize: 13 }),
    ],
    },
    { id: `${options.id}-title`, title: options.title },
  );
}
