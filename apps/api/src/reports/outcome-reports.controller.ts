import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '@app/config';
import { RequestValidationError } from '@app/http';
import { Roles } from '@app/identity';
import { OUTCOME_FILTERS, OutcomeReports, parseReportFilters, type ReportFilters } from '@app/reports';
import { DurationDto, FunnelStepDto, OutcomeFiltersQueryDto, ProviderOutcomeDto, RuleExclusionDto } from './outcome-reports.dto';

const READERS = ['reviewer', 'finance', 'admin'] as const;
const BAD_FILTER = '400 problem+json naming each filter that is not valid';

/** The outcome reports as JSON: the same figures, and suppression, as the pages and exports. */
@ApiTags('administration: reports')
@Controller('admin/reports')
export class OutcomeReportsController {
  constructor(
    private readonly reports: OutcomeReports,
    private readonly config: AppConfig,
  ) {}

  @Get('funnel')
  @Roles(READERS)
  @ApiOkResponse({ type: [FunnelStepDto], description: `Applied, eligible, offered, accepted, started, completed, passed; ${BAD_FILTER}` })
  funnel(@Query() query: OutcomeFiltersQueryDto): Promise<FunnelStepDto[]> {
    return this.reports.funnel(this.filters(query));
  }

  @Get('eligibility-rules')
  @Roles(READERS)
  @ApiOkResponse({ type: [RuleExclusionDto], description: `Each rule’s failures in the stored eligibility decisions, most first; ${BAD_FILTER}` })
  eligibilityRules(@Query() query: OutcomeFiltersQueryDto): Promise<RuleExclusionDto[]> {
    return this.reports.eligibilityRules(this.filters(query));
  }

  @Get('durations')
  @Roles(READERS)
  @ApiOkResponse({ type: [DurationDto], description: `Days from submission to decision, start and completion; ${BAD_FILTER}` })
  durations(@Query() query: OutcomeFiltersQueryDto): Promise<DurationDto[]> {
    return this.reports.durations(this.filters(query));
  }

  @Get('providers')
  @Roles(READERS)
  @ApiOkResponse({ type: [ProviderOutcomeDto], description: `By provider, then by qualification; ${BAD_FILTER}` })
  providers(@Query() query: OutcomeFiltersQueryDto): Promise<ProviderOutcomeDto[]> {
    return this.reports.providers(this.filters(query));
  }

  private filters(query: OutcomeFiltersQueryDto): ReportFilters {
    const { filters, problems } = parseReportFilters({ ...query }, this.config.workforce, OUTCOME_FILTERS);
    if (problems.length) throw new RequestValidationError(problems);
    return filters;
  }
}
