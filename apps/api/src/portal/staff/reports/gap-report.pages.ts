import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { Roles } from '@app/identity';
import { parseReportFilters, type FilterProblem, type ReportFilterName } from '@app/reports';
import { gapFilterProblems, gapQueryOf, WorkforceReports } from '@app/reports';
import { CoverageService, GapService, MIN_CELL_PEOPLE, SUPPRESSED_TEXT } from '@app/workforce';
import { InPortalArea } from '../../kit/navigation';
import { PortalPages, type PortalRequest } from '../../kit/pages';
import { STAFF_AREA } from '../staff-area';
import { HEATMAP_LEGEND } from './gap-heatmap';
import { coverageTableRow, gapTableRow, heatmapsOf } from './gap-report-page';
import { errorListOf, exportLinks, filterFormView, ReportFilterOptions, type FilterFormView, type FilterOptions } from './report-filters-form';

const GAP_FILTERS: readonly ReportFilterName[] = ['financialYear', 'areaKind', 'region', 'icb', 'role'];
const COVERAGE_FILTERS: readonly ReportFilterName[] = ['financialYear', 'areaKind', 'role'];

/**
 * The skills gap (a heatmap per role, competency by area, or one area's
 * competencies by role, with the same figures in a table) and coverage
 * (people known against the official count, beside the gap). Figures come
 * from GapService and CoverageService, which decide suppression, so these
 * pages, the exports and the API cannot differ.
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff/reports')
@Roles(['reviewer', 'finance', 'admin'])
export class GapReportPages {
  constructor(
    private readonly gaps: GapService,
    private readonly coverageService: CoverageService,
    private readonly reports: WorkforceReports,
    private readonly filterOptions: ReportFilterOptions,
    private readonly config: AppConfig,
    private readonly pages: PortalPages,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('skills-gap')
  async gap(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    const { filters, problems } = parseReportFilters(query, this.config.workforce, GAP_FILTERS);
    problems.push(...gapFilterProblems(filters));
    const options = await this.options();
    const current = this.reports.currentAuditYear();
    if (problems.length) {
      const form = this.form('/portal/staff/reports/skills-gap', GAP_FILTERS, options, filters, problems, current);
      return this.pages.send(req, reply, 'staff-report-skills-gap', { title: 'Skills gap', width: 'full', filterForm: form, errorList: this.errorList(problems), cells: [], minCellPeople: MIN_CELL_PEOPLE, kindLabel: 'area' }, 400);
    }
    const gapQuery = gapQueryOf(filters, current);
    // The areas select shows what is drawn: ICBs when only an ICB is chosen.
    const form = this.form('/portal/staff/reports/skills-gap', GAP_FILTERS, options, { ...filters, ...(gapQuery.areaKind === 'icb' ? { areaKind: 'icb' as const } : {}) }, problems, current);
    const cells = await this.gaps.cells(gapQuery);
    const w = this.config.workforce;
    const competency = (code: string) => w.competencies.find((c) => c.code === code)?.name ?? code;
    const role = (code: string) => w.currentRoles.find((r) => r.code === code)?.name ?? code;
    const oneArea = !!gapQuery.areaCode;
    const kindLabel = gapQuery.areaKind === 'icb' ? 'integrated care board' : 'region';
    this.pages.send(req, reply, 'staff-report-skills-gap', {
      title: 'Skills gap',
      width: 'full',
      filterForm: form,
      exportLinks: exportLinks('skills-gap', form),
      auditYear: gapQuery.auditYear,
      kindLabel,
      oneArea,
      areaName: oneArea ? (cells[0]?.areaName ?? gapQuery.areaCode) : undefined,
      cells,
      heatmaps: heatmapsOf(cells, w, oneArea, kindLabel),
      legend: HEATMAP_LEGEND,
      head: [
        ...(oneArea ? [] : [{ text: gapQuery.areaKind === 'icb' ? 'ICB' : 'Region' }]),
        { text: 'Role' },
        { text: 'Competency' },
        { text: 'People', format: 'numeric' },
        { text: 'Average level (1 to 4)', format: 'numeric' },
        { text: 'Share at 1 or 2', format: 'numeric' },
        { text: 'Required level', format: 'numeric' },
        { text: 'Gap', format: 'numeric' },
        { text: 'Change since last year', format: 'numeric' },
      ],
      rows: cells.map((c) => gapTableRow(c, { competency, role }, !oneArea)),
      minCellPeople: MIN_CELL_PEOPLE,
      suppressedText: SUPPRESSED_TEXT,
    });
  }

  @Get('coverage')
  async coverage(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    const { filters, problems } = parseReportFilters(query, this.config.workforce, COVERAGE_FILTERS);
    const options = await this.options();
    const current = this.reports.currentAuditYear();
    const form = this.form('/portal/staff/reports/coverage', COVERAGE_FILTERS, options, filters, problems, current);
    if (problems.length) return this.pages.send(req, reply, 'staff-report-coverage', { title: 'Workforce coverage', width: 'full', filterForm: form, errorList: this.errorList(problems), rows: [], minCellPeople: MIN_CELL_PEOPLE }, 400);
    const auditYear = filters.financialYear ?? current;
    const areaKind = filters.areaKind ?? 'region';
    const result = await this.coverageService.coverage({ auditYear, areaKind, ...(filters.role ? { role: filters.role } : {}) });
    this.pages.send(req, reply, 'staff-report-coverage', {
      title: 'Workforce coverage',
      width: 'full',
      filterForm: form,
      exportLinks: exportLinks('coverage', form),
      auditYear,
      kindLabel: areaKind === 'icb' ? 'integrated care board' : 'region',
      upload: result.upload ? { ...result.upload, uploadedAt: new Date(result.upload.uploadedAt).toISOString() } : null,
      head: [
        { text: areaKind === 'icb' ? 'ICB' : 'Region' },
        { text: 'People known', format: 'numeric' },
        { text: 'Official count of practice managers', format: 'numeric' },
        { text: 'Share known', format: 'numeric' },
        { text: 'Average skills gap', format: 'numeric' },
      ],
      rows: result.rows.map(coverageTableRow),
      blind: result.rows.filter((r) => r.officialCount && (r.suppressed || (r.shareKnown ?? 0) < 0.1)).map((r) => r.areaName),
      minCellPeople: MIN_CELL_PEOPLE,
    });
  }

  /** The error summary, the year filter named for what it is here. */
  private errorList(problems: FilterProblem[]) {
    return errorListOf(problems).map((e) => ({ ...e, text: e.text.replace(/^Financial year/, 'Audit year') }));
  }

  /** The kit's options, with audit years (those with skills audits, and the current one) for the year filter. */
  private async options(): Promise<FilterOptions> {
    const [options, years] = await Promise.all([
      this.filterOptions.load(),
      this.dataSource.query(`SELECT DISTINCT audit_year AS value FROM skills_audit ORDER BY 1 DESC`) as Promise<{ value: string }[]>,
    ]);
    const all = [...new Set([this.reports.currentAuditYear(), ...years.map((y) => y.value)])].sort().reverse();
    return { ...options, financialYear: all.map((y) => ({ value: y, text: y })) };
  }

  /** The kit's filter form, the year filter named for what it is here. The current year is chosen when none is. */
  private form(action: string, names: readonly ReportFilterName[], options: FilterOptions, filters: Parameters<typeof filterFormView>[3], problems: FilterProblem[], current: string): FilterFormView {
    const form = filterFormView(action, names, options, filters, problems);
    for (const f of form.fields) {
      if (f.name !== 'financialYear') continue;
      f.label = 'Audit year';
      f.items = f.items.filter((i) => i.value !== '').map((i) => ({ ...i, selected: i.value === (filters.financialYear ?? current) }));
      if (f.errorMessage) f.errorMessage = { text: f.errorMessage.text.replace(/^Financial year/, 'Audit year') };
    }
    return form;
  }
}
