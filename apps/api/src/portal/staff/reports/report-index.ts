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
];
