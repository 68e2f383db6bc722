import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional } from 'class-validator';
import { EXPORT_FORMATS, REPORT_FILTER_NAMES, type ReportDefinition, type ReportExportView } from '@app/reports';

export class ReportColumnDto {
  @ApiProperty({ example: 'applied' }) key: string;
  @ApiProperty({ example: 'Applied' }) header: string;
  @ApiProperty({ description: 'What the figure means (the Excel workbook’s “About these columns” sheet)' }) description: string;
}

export class ReportSummaryDto {
  @ApiProperty({ example: 'funnel' }) key: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: REPORT_FILTER_NAMES, isArray: true, description: 'The filters the report takes; others are refused' }) filters: string[];
  @ApiProperty({ type: [ReportColumnDto] }) columns: ReportColumnDto[];
  @ApiProperty({ nullable: true, type: String, example: '/api/v1/admin/reports/funnel', description: 'Where its figures are served as JSON; null for a report that is only exported' })
  path: string | null;
}

export const mapReport = (d: ReportDefinition): ReportSummaryDto => ({
  key: d.key,
  title: d.title,
  description: d.description,
  filters: [...d.filters],
  columns: d.columns.map((c) => ({ key: c.key, header: c.header, description: c.description })),
  path: d.path ? `/api/v1${d.path}` : null,
});

export class RequestExportDto {
  @ApiProperty({ enum: EXPORT_FORMATS }) @IsIn(EXPORT_FORMATS, { message: `format must be one of ${EXPORT_FORMATS.join(', ')}` }) format: 'csv' | 'xlsx';
  @ApiPropertyOptional({ description: 'The report’s filters, as on GET /admin/reports/{key}/export.csv (roundId, financialYear, region, icb, role, providerId, qualificationId, areaKind)', example: { financialYear: '2026-27' } })
  @IsOptional()
  @IsObject({ message: 'filters must be an object' })
  filters?: Record<string, unknown>;
}

export class ReportExportDto {
  @ApiProperty() id: string;
  @ApiProperty() reportKey: string;
  @ApiProperty() reportTitle: string;
  @ApiProperty({ type: Object }) filters: Record<string, unknown>;
  @ApiProperty({ enum: EXPORT_FORMATS }) format: string;
  @ApiProperty({ enum: ['queued', 'running', 'ready', 'failed'] }) status: string;
  @ApiProperty({ nullable: true, type: Number }) rowCount: number | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) readyAt: string | null;
  @ApiProperty({ nullable: true, type: String }) expiresAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Where to download it, once ready' }) downloadUrl: string | null;
}

export const mapExport = (e: ReportExportView): ReportExportDto => ({
  id: e.id,
  reportKey: e.reportKey,
  reportTitle: e.reportTitle,
  filters: { ...e.filters },
  format: e.format,
  status: e.status,
  rowCount: e.rowCount,
  createdAt: e.createdAt,
  readyAt: e.readyAt,
  expiresAt: e.expiresAt,
  downloadUrl: e.downloadable ? `/api/v1/admin/reports/exports/${e.id}/download` : null,
});
