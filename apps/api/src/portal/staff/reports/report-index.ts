/** One page in the staff console's reports index. */
export interface ReportPage {
  path: string;
  title: string;
  description: string;
  /** Who may open it (default: every staff role). */
  roles?: readonly string[];
}

/**
 * The report pages the index lists, in the order shown. Each report's page
 * module adds its entry here.
 */
export const REPORT_PAGES: ReportPage[] = [
  {
    path: '/portal/staff/reports/skills-gap',
    title: 'Skills gap',
    description: 'Where people rate themselves below the level their role needs: a heatmap of competencies by region or ICB, with the figures in a table.',
  },
  {
    path: '/portal/staff/reports/coverage',
    title: 'Workforce coverage',
    description: 'How much of the real workforce the system knows in each region or ICB, against the official count, beside the skills gap.',
  },
  { path: '/portal/staff/reports/qualified', title: 'Qualified practice managers', description: 'Qualified this financial year against the programme’s annual target, month by month, with the forecast to the year end and its assumptions.' },
  { path: '/portal/staff/reports/cost-per-qualification', title: 'Cost per qualification', description: 'Money paid to providers divided by passes, by provider and qualification, against the standard bursary.' },
  { path: '/portal/staff/reports/budget-use', title: 'Budget use over time', description: 'The year’s pots at the end of each month: funded, reserved, committed, fallen due, paid and available.' },
  // Outcome reports (outcome-reports.pages.ts).
  { path: '/portal/staff/reports/funnel', title: 'Funnel: from application to qualification', description: 'How many applications reached each step, from applying to passing, and the share that went on.' },
  { path: '/portal/staff/reports/eligibility-rules', title: 'Eligibility rules that exclude or refer most', description: 'Which eligibility rules applications fail most often, made ineligible or referred.' },
  { path: '/portal/staff/reports/durations', title: 'Time from application to decision, start and completion', description: 'Median and 90th percentile days from submitting to a decision, to starting and to completing training.' },
  { path: '/portal/staff/reports/providers', title: 'Providers: completion, withdrawal and overdue reports', description: 'Completion and withdrawal rates by provider and qualification, and providers owing reports.' },
];
