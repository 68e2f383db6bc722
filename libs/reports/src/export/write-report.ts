import type { Writable } from 'node:stream';
import type { ReportDefinition, ReportFilters } from '../report-definition';
import { writeReportCsv, type ExportTally } from './report-csv';
import { writeReportXlsx } from './report-xlsx';

/**
 * Streams a report's rows, as CSV or an Excel workbook, into any sink (a
 * file, a response, or a counting Writable for bench/reports' constant-memory
 * check: peak RSS for 10,000 and 100,000 rows), resolving when the sink has
 * everything. Exactly what the downloads and the worker write.
 */
export function writeReport(definition: ReportDefinition, filters: ReportFilters, format: 'csv' | 'xlsx', sink: Writable, producedAt = new Date()): Promise<ExportTally> {
  return format === 'csv' ? writeReportCsv(definition, filters, sink, producedAt) : writeReportXlsx(definition, filters, sink, producedAt);
}
