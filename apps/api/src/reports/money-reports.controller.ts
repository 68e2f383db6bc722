import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '@app/config';
import { RequestValidationError } from '@app/http';
import { Roles } from '@app/identity';
import { OutcomeMoneyReports, parseReportFilters, type ReportFilterName, type ReportFilters } from '@app/reports';
import { BudgetUseReportDto, CostReportDto, QualifiedReportDto } from './money-reports.dto';

/** Reading reports: reviewers, finance and admins. */
const READERS = ['reviewer', 'finance', 'admin'] as const;

/** The money outcome reports: parse the filters (400 naming the field), call the one service. */
@ApiTags('administration: reports')
@Controller('admin/reports')
export class MoneyReportsController {
  constructor(
    private readonly reports: OutcomeMoneyReports,
    private readonly config: AppConfig,
  ) {}

  @Get('qualified')
  @Roles(READERS)
  @ApiQuery({ name: 'financialYear', required: false, example: '2026-27' })
  @ApiOkResponse({ type: QualifiedReportDto, description: 'Qualified practice managers this financial year against the target, actual to date and forecast, with the assumptions' })
  qualified(@Query() query: Record<string, unknown>): Promise<QualifiedReportDto> {
    return this.reports.qualified(this.filters(query, ['financialYear']));
  }

  @Get('cost-per-qualification')
  @Roles(READERS)
  @ApiQuery({ name: 'financialYear', required: false, example: '2026-27' })
  @ApiQuery({ name: 'providerId', required: false })
  @ApiQuery({ name: 'qualificationId', required: false })
  @ApiOkResponse({ type: CostReportDto, description: 'Paid to providers divided by passes, against the standard bursary' })
  costPerQualification(@Query() query: Record<string, unknown>): Promise<CostReportDto> {
    return this.reports.costPerQualification(this.filters(query, ['financialYear', 'providerId', 'qualificationId']));
  }

  @Get('budget-use')
  @Roles(READERS)
  @ApiQuery({ name: 'financialYear', required: false, example: '2026-27' })
  @ApiOkResponse({ type: BudgetUseReportDto, description: 'The year’s pots at the end of each month' })
  budgetUse(@Query() query: Record<string, unknown>): Promise<BudgetUseReportDto> {
    return this.reports.budgetUse(this.filters(query, ['financialYear']));
  }

  private filters(query: Record<string, unknown>, allowed: ReportFilterName[]): ReportFilters {
    const { filters, problems } = parseReportFilters(query, this.config.workforce, allowed);
    if (problems.length) throw new RequestValidationError(problems.map((p) => ({ field: p.field, message: p.message })));
    return filters;
  }
}
