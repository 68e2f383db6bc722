/**
 * A report the staff console shows and exports. Each report registers one
 * definition with ReportRegistry; the export machinery (CSV, Excel, the
 * worker job for large exports) and the API work from it alone, so a new
 * report is exported the same way as every other.
 */
export interface ReportColumn {
  key: string;
  /** The column's heading in CSV and Excel. */
  header: string;
  /** What the figure means: the Excel workbook's "About these columns" sheet. */
  description: string;
}

export type ReportValue = string | number | boolean | null;
export type ReportRow = Record<string, ReportValue>;

export interface ReportDefinition {
  /** URL-safe: /admin/reports/{key}, /portal/staff/reports/{key}. */
  key: string;
  title: string;
  description: string;
  /** Which filters apply to it (others are refused as not applicable). */
  filters: readonly ReportFilterName[];
  columns: readonly ReportColumn[];
  /**
   * Where the API serves the report's figures as JSON, under /api/v1
   * ("/admin/reports/funnel"; the workforce reports live under
   * /admin/workforce). Absent for a report that is only exported.
   */
  path?: string;
  /**
   * Every row for the filters, suppression already applied (a suppressed
   * figure is null). An async iterable so an export can stream rows it
   * never holds all at once.
   */
  rows(filters: ReportFilters): AsyncIterable<ReportRow>;
  /**
   * Optional: how many rows `rows(filters)` gives, cheaply (a COUNT). A page's
   * Excel export of more than EXPORT_STREAM_MAX_ROWS rows is then built by the
   * worker instead of streamed; without it the export is always streamed.
   */
  countRows?(filters: ReportFilters): Promise<number>;
}

/** The filters the outcome and workforce reports share. */
export interface ReportFilters {
  roundId?: string;
  /** Financial year label, "2026-27". */
  financialYear?: string;
  region?: string;
  icb?: string;
  role?: string;
  providerId?: string;
  qualificationId?: string;
  /** Workforce reports: group by region or ICB. */
  areaKind?: 'region' | 'icb';
}

export type ReportFilterName = keyof ReportFilters;
export const REPORT_FILTER_NAMES: readonly ReportFilterName[] = ['roundId', 'financialYear', 'region', 'icb', 'role', 'providerId', 'qualificationId', 'areaKind'];
