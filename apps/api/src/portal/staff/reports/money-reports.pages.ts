import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@app/config';
import { Roles } from '@app/identity';
import { OutcomeMoneyReports, parseReportFilters, type ReportFilterName } from '@app/reports';
import { InPortalArea } from '../../kit/navigation';
import { PortalPages, type PortalRequest } from '../../kit/pages';
import { STAFF_AREA } from '../staff-area';
import { BUDGET_SERIES, budgetUseSvg, costSvg, qualifiedSvg } from './money-charts';
import { errorListOf, exportLinks, filterFormView, ReportFilterOptions } from './report-filters-form';

const READERS = ['reviewer', 'finance', 'admin'] as const;
const FILTERS: Record<'qualified' | 'cost-per-qualification' | 'budget-use', ReportFilterName[]> = {
  qualified: ['financialYear'],
  'cost-per-qualification': ['financialYear', 'providerId', 'qualificationId'],
  'budget-use': ['financialYear'],
};

/** The money reports' pages: figures, a chart with the same figures in a table, the filter form and export links. */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff/reports')
@Roles(READERS)
export class MoneyReportsPages {
  constructor(
    private readonly pages: PortalPages,
    private readonly reports: OutcomeMoneyReports,
    private readonly options: ReportFilterOptions,
    private readonly config: AppConfig,
  ) {}

  @Get('qualified')
  async qualified(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    await this.render(req, reply, query, 'qualified', 'Qualified practice managers', async (filters) => {
      const report = await this.reports.qualified(filters);
      return { report, chart: qualifiedSvg(report.months, report.target) };
    });
  }

  @Get('cost-per-qualification')
  async cost(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    await this.render(req, reply, query, 'cost-per-qualification', 'Cost per qualification', async (filters) => {
      const report = await this.reports.costPerQualification(filters);
      return { report, chart: costSvg(report.rows, report.standardBursaryPence) };
    });
  }

  @Get('budget-use')
  async budgetUse(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    await this.render(req, reply, query, 'budget-use', 'Budget use over time', async (filters) => {
      const report = await this.reports.budgetUse(filters);
      return { report, chart: budgetUseSvg(report.months, report.financialYear), series: BUDGET_SERIES };
    });
  }

  private async render(
    req: PortalRequest,
    reply: FastifyReply,
    query: Record<string, unknown>,
    key: keyof typeof FILTERS,
    title: string,
    load: (filters: ReturnType<typeof parseReportFilters>['filters']) => Promise<Record<string, unknown>>,
  ) {
    const { filters, problems } = parseReportFilters(query, this.config.workforce, FILTERS[key]);
    const filterForm = filterFormView(`/portal/staff/reports/${key}`, FILTERS[key], await this.options.load(), filters, problems);
    const context = { title, width: 'full', filterForm, exportLinks: exportLinks(key, filterForm) };
    if (problems.length) {
      this.pages.send(req, reply, `staff-report-${key}`, { ...context, errorList: errorListOf(problems) }, 400);
      return;
    }
    this.pages.send(req, reply, `staff-report-${key}`, { ...context, ...(await load(filters)) });
  }
}
