export { REPORT_FILTER_NAMES } from './report-definition';
export type { ReportColumn, ReportDefinition, ReportFilterName, ReportFilters, ReportRow, ReportValue } from './report-definition';
export { describeFilters, parseReportFilters } from './report-filters';
export type { FilterProblem } from './report-filters';
export { ReportRegistry } from './report-registry';
export { ReportsModule } from './reports.module';
export { auditYearOf, COVERAGE_COLUMNS, gapFilterProblems, gapQueryOf, SKILLS_GAP_COLUMNS, WorkforceReports, WorkforceReportsModule } from './workforce/workforce-reports';
export * from './outcomes';
