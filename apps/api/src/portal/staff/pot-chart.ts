import type { PotUsePoint } from '@app/budget';
import { Plot, plotSvg } from './svg-chart';

export const SERIES = [
  { key: 'fundedPence', label: 'Funded', colour: '#005eb8' },
  { key: 'reservedPence', label: 'Reserved', colour: '#ffb81c' },
  { key: 'committedPence', label: 'Committed', colour: '#330072' },
  { key: 'fallenDuePence', label: 'Fallen due', colour: '#da291c' },
  { key: 'availablePence', label: 'Available', colour: '#007f3b' },
] as const;

/** A pot's use over time as an SVG string, drawn on the server (svg-chart.ts); the same figures are in the table beside it. */
export function potUseSvg(points: PotUsePoint[], title: string): string {
  if (points.length === 0) return '';
  const data = SERIES.flatMap((s) => points.map((p) => ({ series: s.label, date: periodDate(p.period), pounds: p[s.key] / 100 })));
  return plotSvg(
    {
    width: 720,
    height: 320,
    marginLeft: 80,
    x: { type: 'utc', label: null },
    y: { label: '£', grid: true, tickFormat: (v: number) => `£${v.toLocaleString('en-GB')}` },
    color: { domain: SERIES.map((s) => s.label), range: SERIES.map((s) => s.colour) },
    marks: [Plot.ruleY([0]), Plot.lineY(data, { x: 'date', y: 'pounds', stroke: 'series', z: 'series', curve: 'step-after', strokeWidth: 2, marker: points.length === 1 ? 'circle' : undefined })],
    },
    { id: 'pot-chart-title', title },
  );
}

/** "2026-04-01" or "2026-04" as a UTC date. */
function periodDate(period: string): Date {
  return new Date(period.length === 7 ? `${period}-01T00:00:00Z` : `${period}T00:00:00Z`);
}
