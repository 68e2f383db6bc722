import type { PotUsePoint } from '@app/budget';

/*
 * @observablehq/plot ships only ES modules; this repo compiles to CommonJS.
 * Node 20.19+ can require() an ES module that has no top-level await, which
 * Plot has not, so the compiled require() below works in dist (and jest
 * compiles ESM packages itself).
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

export const SERIES = [
  { key: 'fundedPence', label: 'Funded', colour: '#005eb8' },
  { key: 'reservedPence', label: 'Reserved', colour: '#ffb81c' },
  { key: 'committedPence', label: 'Committed', colour: '#330072' },
  { key: 'fallenDuePence', label: 'Fallen due', colour: '#da291c' },
  { key: 'availablePence', label: 'Available', colour: '#007f3b' },
] as const;

/**
 * A pot's use over time as an SVG string, drawn on the server. The page's
 * Content-Security-Policy allows no inline style (style-src 'self'), so the
 * chart carries none: Plot's own <style> element is not asked for, and any
 * style attribute left is removed; colours are presentation attributes,
 * which CSP does not govern. The SVG is an image to assistive technology
 * (role="img" with a <title>); the same figures are in the table beside it.
 */
export function potUseSvg(points: PotUsePoint[], title: string): string {
  if (points.length === 0) return '';
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const data = SERIES.flatMap((s) => points.map((p) => ({ series: s.label, date: periodDate(p.period), pounds: p[s.key] / 100 })));
  const chart = Plot.plot({
    document,
    style: false as unknown as string,
    width: 720,
    height: 320,
    marginLeft: 80,
    x: { type: 'utc', label: null },
    y: { label: '£', grid: true, tickFormat: (v: number) => `£${v.toLocaleString('en-GB')}` },
    color: { domain: SERIES.map((s) => s.label), range: SERIES.map((s) => s.colour) },
    marks: [Plot.ruleY([0]), Plot.lineY(data, { x: 'date', y: 'pounds', stroke: 'series', z: 'series', curve: 'step-after', strokeWidth: 2, marker: points.length === 1 ? 'circle' : undefined })],
  }) as unknown as Node;
  const svg = chart.tagName.toLowerCase() === 'svg' ? chart : chart.querySelector('svg')!;
  for (const el of [svg, ...Array.from(svg.querySelectorAll('*'))]) el.removeAttribute('style');
  for (const el of Array.from(svg.querySelectorAll('style'))) el.remove();
  // Inside role="img" the parts are presentational: Plot's aria-label on each mark's <g> would be a prohibited attribute.
  for (const el of Array.from(svg.querySelectorAll('[aria-label], [aria-description], [aria-hidden]'))) {
    for (const name of ['aria-label', 'aria-description', 'aria-hidden']) el.removeAttribute(name);
  }
  svg.removeAttribute('class');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', 'pot-chart-title');
  svg.removeAttribute('aria-label');
  const t = (document as unknown as { createElementNS(ns: string, name: string): Node }).createElementNS('http://www.w3.org/2000/svg', 'title');
  t.setAttribute('id', 'pot-chart-title');
  t.textContent = title;
  svg.insertBefore(t, svg.firstChild);
  return svg.outerHTML;
}

/** "2026-04-01" or "2026-04" as a UTC date. */
function periodDate(period: string): Date {
  return new Date(period.length === 7 ? `${period}-01T00:00:00Z` : `${period}T00:00:00Z`);
}
