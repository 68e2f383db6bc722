import type { BudgetUseMonth, CostRow, QualifiedMonth } from '@app/reports';
import { formatPence } from '@app/http';
import { Plot, plotSvg } from '../svg-chart';

/*
 * The money reports' charts, drawn on the server with @observablehq/plot and
 * linkedom as pot-chart.ts does (see there why require() and why no style):
 * no inline style, role="img" with a <title>, the same figures in a table
 * beside each chart.
 */
export const BUDGET_SERIES = [
  { key: 'fundedPence', label: 'Funded', colour: '#005eb8' },
  { key: 'reservedPence', label: 'Reserved', colour: '#ffb81c' },
  { key: 'committedPence', label: 'Committed', colour: '#330072' },
  { key: 'fallenDuePence', label: 'Fallen due', colour: '#da291c' },
  { key: 'paidPence', label: 'Paid', colour: '#425563' },
  { key: 'availablePence', label: 'Available', colour: '#007f3b' },
] as const;

type PlotOptions = Parameters<typeof Plot.plot>[0];

/** Plot's SVG made fit for the page's CSP and for assistive technology. */
function svgOf(options: PlotOptions, id: string, title: string): string {
  return plotSvg({ width: 720, height: 320, marginLeft: 80, ...options }, { id, title, fluid: true });
}

/** Bar labels fit the chart's margin; the table beside it has the names in full. */
const shorten = (text: string) => (text.length > 48 ? `${text.slice(0, 47)}…` : text);
const monthDate = (m: string) => new Date(`${m}-01T00:00:00Z`);

/** Qualified to date, month by month: actual then forecast, with the target as a line. */
export function qualifiedSvg(months: QualifiedMonth[], target: number): string {
  if (months.length === 0) return '';
  const data = months.map((m) => ({ date: monthDate(m.month), qualified: m.qualifiedToDate, kind: m.kind === 'actual' ? 'Actual' : 'Forecast' }));
  return svgOf(
    {
      x: { type: 'band', label: null, tickFormat: (d: Date) => d.toLocaleDateString('en-GB', { month: 'short', timeZone: 'UTC' }) },
      y: { label: 'Qualified', grid: true, domain: [0, Math.max(target, ...months.map((m) => m.qualifiedToDate)) * 1.05] },
      color: { domain: ['Actual', 'Forecast'], range: ['#005eb8', '#aeb7bd'] },
      marks: [Plot.ruleY([0]), Plot.barY(data, { x: 'date', y: 'qualified', fill: 'kind' }), Plot.ruleY([target], { stroke: '#da291c', strokeWidth: 2, strokeDasharray: '6,4' })],
    },
    'qualified-chart-title',
    `Qualified practice managers to date by month, actual (blue) then forecast (grey), against the target of ${target} (red dashed line). The same figures are in the table below.`,
  );
}

/** Cost per qualification for each provider and qualification, with the standard bursary as a line. */
export function costSvg(rows: CostRow[], bursaryPence: number): string {
  const data = rows.filter((r) => r.costPerQualificationPence !== null).map((r) => ({ label: shorten(`${r.providerName}: ${r.qualificationTitle}`), pounds: r.costPerQualificationPence! / 100 }));
  if (data.length === 0) return '';
  return svgOf(
    {
      height: 60 + 40 * data.length,
      marginLeft: 340,
      x: { label: '£ per qualification', grid: true, tickFormat: (v: number) => `£${v.toLocaleString('en-GB')}` },
      y: { label: null },
      marks: [Plot.barX(data, { y: 'label', x: 'pounds', fill: '#005eb8' }), Plot.ruleX([0]), Plot.ruleX([bursaryPence / 100], { stroke: '#da291c', strokeWidth: 2, strokeDasharray: '6,4' })],
    },
    'cost-chart-title',
    `Cost per qualification by provider and qualification against the standard bursary of ${formatPence(bursaryPence)} (red dashed line). The same figures are in the table below.`,
  );
}

/** The year's pots at the end of each month, one line per balance. */
export function budgetUseSvg(months: BudgetUseMonth[], year: string): string {
  if (months.length === 0) return '';
  const data = BUDGET_SERIES.flatMap((s) => months.map((m) => ({ series: s.label, date: monthDate(m.month), pounds: m[s.key] / 100 })));
  return svgOf(
    {
      x: { type: 'utc', label: null },
      y: { label: '£', grid: true, tickFormat: (v: number) => `£${v.toLocaleString('en-GB')}` },
      color: { domain: BUDGET_SERIES.map((s) => s.label), range: BUDGET_SERIES.map((s) => s.colour) },
      marks: [Plot.ruleY([0]), Plot.lineY(data, { x: 'date', y: 'pounds', stroke: 'series', z: 'series', curve: 'step-after', strokeWidth: 2, marker: months.length === 1 ? 'circle' : undefined })],
    },
    'budget-use-chart-title',
    `The ${year} pots at the end of each month: funded, reserved, committed, fallen due, paid and available. The same figures are in the table below.`,
  );
}
