/*
 * Server-rendered bar charts for the report pages, by the pattern of
 * pot-chart.ts: @observablehq/plot drawing into linkedom, no inline style
 * (the CSP allows none), an SVG that is one image to assistive technology
 * with a <title>, and the same figures in a table beside it on the page.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Plot = require('@observablehq/plot') as typeof import('@observablehq/plot');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseHTML } = require('linkedom') as typeof import('linkedom');

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

export interface Bar {
  /** The bar's row (in the order given). */
  label: string;
  /** The bar's length; a withheld figure has no bar. */
  value: number | null;
  /** For stacked bars: which part. */
  series?: string;
}

export interface BarSeries {
  label: string;
  colour: string;
}

export interface BarChart {
  /** The SVG's <title> id, unique on the page. */
  id: string;
  title: string;
  bars: Bar[];
  /** The value axis's label. */
  axis: string;
  /** The parts of stacked bars, in order, with their colours (one NHS blue when absent). */
  series?: BarSeries[];
  /** Values are shares 0-1, shown as percentages. */
  percent?: boolean;
}

/** A horizontal bar chart as an SVG string, or '' when there is nothing to draw. */
export function barChartSvg(chart: BarChart): string {
  const drawn = chart.bars.filter((b) => b.value !== null);
  if (drawn.length === 0 || drawn.every((b) => b.value === 0)) return '';
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const labels = [...new Set(chart.bars.map((b) => b.label))];
  const series = chart.series ?? [{ label: chart.axis, colour: '#005eb8' }];
  const data = drawn.map((b) => ({ label: b.label, value: chart.percent ? b.value! * 100 : b.value!, series: b.series ?? series[0].label }));
  const plot = Plot.plot({
    document,
    style: false as unknown as string,
    width: 720,
    height: 60 + labels.length * 36,
    marginLeft: 220,
    marginRight: 30,
    x: { label: chart.percent ? `${chart.axis} (%)` : chart.axis, grid: true, ...(chart.percent ? { domain: [0, 100] } : {}) },
    y: { domain: labels, label: null },
    color: { domain: series.map((s) => s.label), range: series.map((s) => s.colour) },
    marks: [Plot.barX(data, { x: 'value', y: 'label', fill: 'series' }), Plot.ruleX([0])],
  }) as unknown as Node;
  const svg = plot.tagName.toLowerCase() === 'svg' ? plot : plot.querySelector('svg')!;
  for (const el of [svg, ...Array.from(svg.querySelectorAll('*'))]) el.removeAttribute('style');
  for (const el of Array.from(svg.querySelectorAll('style'))) el.remove();
  for (const el of Array.from(svg.querySelectorAll('[aria-label], [aria-description], [aria-hidden]'))) {
    for (const name of ['aria-label', 'aria-description', 'aria-hidden']) el.removeAttribute(name);
  }
  svg.removeAttribute('class');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', chart.id);
  svg.removeAttribute('aria-label');
  const t = (document as unknown as { createElementNS(ns: string, name: string): Node }).createElementNS('http://www.w3.org/2000/svg', 'title');
  t.setAttribute('id', chart.id);
  t.textContent = chart.title;
  svg.insertBefore(t, svg.firstChild);
  return svg.outerHTML;
}
