import { Plot, plotSvg } from '../svg-chart';

/*
 * Server-rendered bar charts for the report pages, by the pattern of
 * pot-chart.ts: @observablehq/plot drawing into linkedom, no inline style
 * (the CSP allows none), an SVG that is one image to assistive technology
 * with a <title>, and the same figures in a table beside it on the page.
 */
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
  const labels = [...new Set(chart.bars.map((b) => b.label))];
  const series = chart.series ?? [{ label: chart.axis, colour: '#005eb8' }];
  const data = drawn.map((b) => ({ label: b.label, value: chart.percent ? b.value! * 100 : b.value!, series: b.series ?? series[0].label }));
  return plotSvg(
    {
    width: 720,
    height: 60 + labels.length * 36,
    marginLeft: 220,
    marginRight: 30,
    x: { label: chart.percent ? `${chart.axis} (%)` : chart.axis, grid: true, ...(chart.percent ? { domain: [0, 100] } : {}) },
    y: { domain: labels, label: null },
    color: { domain: series.map((s) => s.label), range: series.map((s) => s.colour) },
    marks: [Plot.barX(data, { x: 'value', y: 'label', fill: 'series' }), Plot.ruleX([0])],
    },
    { id: chart.id, title: chart.title },
  );
}
