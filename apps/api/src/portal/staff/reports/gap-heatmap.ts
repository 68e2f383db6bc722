/*
 * @observablehq/plot ships only ES modules; see pot-chart.ts for why require() works here.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Plot = require('@observablehq/plot') as typeof import('@observablehq/plot');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseHTML } = require('linkedom') as typeof import('linkedom');

/** What this file uses of linkedom's DOM (the project compiles without the DOM library). */
interface Node {
  tagName: string;
  outerHTML: string;
  firstChild: Node | null;
  textContent: string | null;
  querySelector(selector: string): Node | null;
  querySelectorAll(selector: string): ArrayLike<Node>;
  removeAttribute(name: string): void;
  setAttribute(name: string, value: string): void;
  insertBefore(node: Node, before: Node | null): void;
  remove(): void;
}

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
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const shown = cells.filter((c) => !c.suppressed && c.gap !== null);
  const grey = cells.filter((c) => c.suppressed);
  const blank = cells.filter((c) => !c.suppressed && c.gap === null);
  const rows = options.rows.filter((r) => cells.some((c) => c.row === r));
  const chart = Plot.plot({
    document,
    style: false as unknown as string,
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
  }) as unknown as Node;
  const svg = chart.tagName.toLowerCase() === 'svg' ? chart : chart.querySelector('svg')!;
  for (const el of [svg, ...Array.from(svg.querySelectorAll('*'))]) el.removeAttribute('style');
  for (const el of Array.from(svg.querySelectorAll('style'))) el.remove();
  for (const el of Array.from(svg.querySelectorAll('[aria-label], [aria-description], [aria-hidden]'))) {
    for (const name of ['aria-label', 'aria-description', 'aria-hidden']) el.removeAttribute(name);
  }
  svg.removeAttribute('class');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', `${options.id}-title`);
  svg.removeAttribute('aria-label');
  const t = (document as unknown as { createElementNS(ns: string, name: string): Node }).createElementNS('http://www.w3.org/2000/svg', 'title');
  t.setAttribute('id', `${options.id}-title`);
  t.textContent = options.title;
  svg.insertBefore(t, svg.firstChild);
  return svg.outerHTML;
}
