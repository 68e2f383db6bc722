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
export const REPORT_PAGES: ReportPage[] = [];
