import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { ReportExportsService, ReportRegistry, type ExportDownload, type ExportFormat } from '@app/reports';
import { mapExport, mapReport, ReportExportDto, ReportSummaryDto, RequestExportDto } from './reports.dto';

/** Who reads reports and their exports. A person sees their own export jobs; an admin any. */
export const REPORT_READERS = ['reviewer', 'finance', 'admin'] as const;

const file = (d: ExportDownload) => new StreamableFile(d.stream, { type: d.contentType, disposition: `attachment; filename="${d.fileName}"` });

@ApiTags('administration: reports')
@Controller('admin/reports')
@Roles(REPORT_READERS)
export class ReportsController {
  constructor(
    private readonly registry: ReportRegistry,
    private readonly exports: ReportExportsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: [ReportSummaryDto], description: 'Every registered report with its filters and columns' })
  list(): ReportSummaryDto[] {
    return this.registry.list().map(mapReport);
  }

  @Get(':key/export.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The report as CSV, streamed: three "#" lines (report, filters, time produced), the column headings, then the rows; formula-safe; suppressed figures empty. 422 names a bad filter.' })
  csv(@Param('key') key: string, @Query() query: Record<string, unknown>, @CurrentActor() actor: Actor): StreamableFile {
    return this.streamed(key, query, 'csv', actor);
  }

  @Get(':key/export.xlsx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The report as an Excel workbook, streamed: a "Data" sheet and an "About these columns" sheet' })
  xlsx(@Param('key') key: string, @Query() query: Record<string, unknown>, @CurrentActor() actor: Actor): StreamableFile {
    return this.streamed(key, query, 'xlsx', actor);
  }

  @Post(':key/exports')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ReportExportDto, description: 'Queued for the worker; poll GET /admin/reports/exports/{id}' })
  async request(@Param('key') key: string, @Body() body: RequestExportDto, @CurrentActor() actor: Actor): Promise<ReportExportDto> {
    const definition = this.exports.definition(key);
    return mapExport(await this.exports.request(definition, this.exports.filters(definition, body.filters ?? {}), body.format, actor));
  }

  @Get('exports/:id')
  @ApiOkResponse({ type: ReportExportDto })
  async status(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor): Promise<ReportExportDto> {
    return mapExport(await this.exports.get(id, actor));
  }

  @Get('exports/:id/download')
  @ApiOkResponse({ description: 'The file once ready (audited); 409 while it is being prepared, 410 once expired' })
  async download(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor): Promise<StreamableFile> {
    return file(await this.exports.download(id, actor));
  }

  private streamed(key: string, query: Record<string, unknown>, format: ExportFormat, actor: Actor): StreamableFile {
    const definition = this.exports.definition(key);
    return file(this.exports.stream(definition, this.exports.filters(definition, query), format, actor));
  }
}
