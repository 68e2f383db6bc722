import type { Duration, FunnelStep, ProviderOutcome, RuleExclusion } from '@app/reports';
import { SUPPRESSED_TEXT } from '@app/workforce';
import { barChartSvg } from './bar-chart';

/** One table for the nhsuk tables macro: every cell's text a string. */
export interface PageTable {
  caption: string;
  head: { text: string; format?: 'numeric' }[];
  rows: { text: string; format?: 'numeric' }[][];
}

/** What the outcome report template shows. */
export interface OutcomeReportView {
  chart: string;
  /** Words beside the chart (what its bars are, how withheld figures look). */
  chartNote: string;
  tables: PageTable[];
  /** What the figures count, as short paragraphs. */
  definitions: string[];
}

const count = (n: number | null) => (n === null ? SUPPRESSED_TEXT : n.toLocaleString('en-GB'));
const percent = (n: number | null) => (n === null ? '' : `${(n * 100).toFixed(1)}%`);
const days = (n: number | null) => (n === null ? '' : n.toLocaleString('en-GB', { maximumFractionDigits: 1 }));
const num = (text: string) => ({ text, format: 'numeric' as const });

export const SUPPRESSION_NOTE = `With a region, ICB or role chosen, a count of 1 to 4 people shows as "${SUPPRESSED_TEXT}" and the figures made from it are left blank, so no one can be identified.`;

export function funnelView(steps: FunnelStep[], caption: string): OutcomeReportView {
  return {
    chart: barChartSvg({
      id: 'funnel-chart-title',
      title: `Applications reaching each stage, ${caption}. The same figures are in the table below the chart.`,
      axis: 'Applications',
      bars: steps.map((s) => ({ label: s.label, value: s.applications })),
    }),
    chartNote: 'One bar per stage: the applications that reached it.',
    tables: [
      {
        caption: `Applications at each stage, ${caption}`,
        head: [{ text: 'Stage' }, { text: 'Applications', format: 'numeric' }, { text: 'Of the stage before', format: 'numeric' }],
        rows: steps.map((s) => [{ text: s.label }, num(count(s.applications)), num(percent(s.conversionFromPrevious))]),
      },
    ],
    definitions: [
      'Applied counts every submitted application (drafts are not counted); one application is one person in one round.',
      'Eligible: passed the eligibility rules and reached review (including referrals a person let through). Offered, accepted: an offer was made, or accepted, at any time, even if it later expired or the person withdrew.',
      'Started, completed, passed: the training provider reported the start, the completion (passed or not), or a pass, and did not void the report.',
      'Each stage also counts the applications that went further, so no stage is larger than the one before.',
    ],
  };
}

export function rulesView(rules: RuleExclusion[], caption: string): OutcomeReportView {
  return {
    chart: barChartSvg({
      id: 'rules-chart-title',
      title: `Applications failing each eligibility rule, made ineligible or referred, ${caption}. The same figures are in the table below the chart.`,
      axis: 'Applications',
      series: [
        { label: 'Made ineligible', colour: '#da291c' },
        { label: 'Referred', colour: '#ffb81c' },
      ],
      bars: rules.flatMap((r) => [
        { label: r.ruleId, value: r.excluded, series: 'Made ineligible' },
        { label: r.ruleId, value: r.referred, series: 'Referred' },
      ]),
    }),
    chartNote: 'One bar per rule: red, applications it made ineligible; yellow, applications it referred to a person.',
    tables: [
      {
        caption: `Eligibility rules, most failures first, ${caption}`,
        head: [
          { text: 'Rule' },
          { text: 'Rule set' },
          { text: 'Decided', format: 'numeric' },
          { text: 'Made ineligible', format: 'numeric' },
          { text: 'Share', format: 'numeric' },
          { text: 'Referred', format: 'numeric' },
          { text: 'Share', format: 'numeric' },
        ],
        rows: rules.map((r) => [
          { text: `${r.ruleId}: ${r.sentence}` },
          { text: r.ruleSetVersion },
          num(count(r.decided)),
          num(count(r.excluded)),
          num(percent(r.exclusionRate)),
          num(count(r.referred)),
          num(percent(r.referralRate)),
        ]),
      },
    ],
    definitions: [
      'From the eligibility decision stored on each submitted application when it was submitted: every rule of the rule set, passed or failed.',
      'Made ineligible: the rule failed and its failure makes an applicant ineligible. Referred: the rule failed (or could not be evaluated) and its failure sends the application to a person.',
      'An application failing two rules counts against both.',
    ],
  };
}

export function durationsView(rows: Duration[], caption: string): OutcomeReportView {
  return {
    chart: barChartSvg({
      id: 'durations-chart-title',
      title: `Median and 90th percentile days from submission, ${caption}. The same figures are in the table below the chart.`,
      axis: 'Days',
      series: [
        { label: 'Median', colour: '#005eb8' },
        { label: '90th percentile', colour: '#41b6e6' },
      ],
      bars: rows.flatMap((r) => [
        { label: r.label, value: r.medianDays, series: 'Median' },
        { label: r.label, value: r.p90Days === null || r.medianDays === null ? null : r.p90Days - r.medianDays, series: '90th percentile' },
      ]),
    }),
    chartNote: 'Dark blue: the median days; the lighter part runs on to the 90th percentile.',
    tables: [
      {
        caption: `Days from submission, ${caption}`,
        head: [{ text: 'From submission to' }, { text: 'Applications', format: 'numeric' }, { text: 'Median days', format: 'numeric' }, { text: '90th percentile days', format: 'numeric' }],
        rows: rows.map((r) => [{ text: r.label }, num(count(r.applications)), num(days(r.medianDays)), num(days(r.p90Days))]),
      },
    ],
    definitions: [
      'UK calendar days from the day an application was submitted. Only applications that reached the end point are measured.',
      'Decision: the first offer, waiting-list place or rejection, or a person finding a referred application ineligible (the rules turning an application down at submission is not counted).',
      'Start and completion: the dates the training provider reported.',
      'Median: half took this long or less; 90th percentile: nine in ten did (both interpolated, as percentile_cont).',
    ],
  };
}

export function providersView(rows: ProviderOutcome[], caption: string): OutcomeReportView {
  const table = (kind: 'provider' | 'qualification', title: string): PageTable => ({
    caption: `${title}, ${caption}`,
    head: [
      { text: kind === 'provider' ? 'Provider' : 'Qualification' },
      { text: 'Learners', format: 'numeric' },
      { text: 'Started', format: 'numeric' },
      { text: 'Completed', format: 'numeric' },
      { text: 'Passed', format: 'numeric' },
      { text: 'Withdrawn', format: 'numeric' },
      { text: 'Completion rate', format: 'numeric' },
      { text: 'Withdrawal rate', format: 'numeric' },
      { text: 'Overdue reports', format: 'numeric' },
      { text: 'Completion overdue', format: 'numeric' },
    ],
    rows: rows
      .filter((r) => r.groupBy === kind)
      .map((r) => [
        { text: r.name },
        num(count(r.learners)),
        num(count(r.started)),
        num(count(r.completed)),
        num(count(r.passed)),
        num(count(r.withdrawn)),
        num(percent(r.completionRate)),
        num(percent(r.withdrawalRate)),
        num(count(r.overdueReports)),
        num(count(r.pastExpectedEnd)),
      ]),
  });
  const providers = rows.filter((r) => r.groupBy === 'provider');
  return {
    chart: barChartSvg({
      id: 'providers-chart-title',
      title: `Completion and withdrawal rates by provider, ${caption}. The same figures are in the tables below the chart.`,
      axis: 'Rate',
      percent: true,
      series: [
        { label: 'Completion rate', colour: '#007f3b' },
        { label: 'Withdrawal rate', colour: '#da291c' },
      ],
      bars: providers.flatMap((r) => [
        { label: `${r.name} (completion)`, value: r.completionRate, series: 'Completion rate' },
        { label: `${r.name} (withdrawal)`, value: r.withdrawalRate, series: 'Withdrawal rate' },
      ]),
    }),
    chartNote: 'Two bars per provider: green, the share of learners who started and completed; red, the share of learners placed who withdrew.',
    tables: [table('provider', 'By provider, those owing reports first'), table('qualification', 'By qualification')],
    definitions: [
      'Learners: places on a cohort, except those the provider turned down or a cancelled cohort ended. A learner placed again elsewhere counts with the provider that has them.',
      'Completion rate: completed (passed or not) divided by started. Withdrawal rate: withdrawn divided by learners.',
      'Overdue reports: learners placed, started or deferred with no report from their provider for 90 days (the rule the reminder to providers uses).',
      'Completion overdue: learners still in training after their cohort’s start date plus the qualification’s length, with no completion reported.',
    ],
  };
}
