export { csvPreamble, reportCsv, writeReportCsv } from './report-csv';
export type { ExportTally } from './report-csv';
export { ABOUT_SHEET, DATA_SHEET, SUPPRESSION_NOTE, writeReportXlsx } from './report-xlsx';
export { producedAtText } from './produced-at';
export { writeReport } from './write-report';
