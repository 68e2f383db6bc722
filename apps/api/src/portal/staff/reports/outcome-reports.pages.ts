import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@app/config';
import { Roles } from '@app/identity';
import { OUTCOME_FILTERS, OUTCOME_REPORT_KEYS, OutcomeReports, parseReportFilters, type ReportFilters } from '@app/reports';
import { InPortalArea } from '../../kit/navigation';
import { PortalPages, type PortalRequest } from '../../kit/pages';
import { STAFF_AREA } from '../staff-area';
import { durationsView, funnelView, providersView, rulesView, SUPPRESSION_NOTE, type OutcomeReportView } from './outcome-report-page';
import { errorListOf, exportLinks, filterFormView, ReportFilterOptions } from './report-filters-form';

interface OutcomePage {
  key: string;
  title: string;
  intro: string;
  view: (reports: OutcomeReports, filters: ReportFilters, caption: string) => Promise<OutcomeReportView>;
}

const PAGES: Record<'funnel' | 'rules' | 'durations' | 'providers', OutcomePage> = {
  funnel: {
    key: OUTCOME_REPORT_KEYS.funnel,
    title: 'Funnel: from application to qualification',
    intro: 'How many applications reached each step, from applying to passing the qualification, and what share of the step before went on.',
    view: async (r, f, c) => funnelView(await r.funnel(f), c),
  },
  rules: {
    key: OUTCOME_REPORT_KEYS.eligibilityRules,
    title: 'Eligibility rules that exclude or refer most',
    intro: 'Which eligibility rules applications fail most often, and whether the failure made them ineligible or referred them to a person.',
    view: async (r, f, c) => rulesView(await r.eligibilityRules(f), c),
  },
  durations: {
    key: OUTCOME_REPORT_KEYS.durations,
    title: 'Time from application to decision, start and completion',
    intro: 'How long people wait from submitting an application to a decision, to starting training and to completing it.',
    view: async (r, f, c) => durationsView(await r.durations(f), c),
  },
  providers: {
    key: OUTCOME_REPORT_KEYS.providers,
    title: 'Providers: completion, withdrawal and overdue reports',
    intro: 'How learners fare with each training provider and on each qualification, and which providers owe reports.',
    view: async (r, f, c) => providersView(await r.providers(f), c),
  },
};

/** The outcome reports on pages: filter form, chart, the same figures as tables, downloads. */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff/reports')
@Roles(['reviewer', 'finance', 'admin'])
export class OutcomeReportsPages {
  constructor(
    private readonly reports: OutcomeReports,
    private readonly options: ReportFilterOptions,
    private readonly config: AppConfig,
    private readonly pages: PortalPages,
  ) {}

  @Get('funnel')
  funnel(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    return this.show(req, reply, query, PAGES.funnel);
  }

  @Get('eligibility-rules')
  rules(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    return this.show(req, reply, query, PAGES.rules);
  }

  @Get('durations')
  durations(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    return this.show(req, reply, query, PAGES.durations);
  }

  @Get('providers')
  providers(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    return this.show(req, reply, query, PAGES.providers);
  }

  private async show(req: PortalRequest, reply: FastifyReply, query: Record<string, unknown>, page: OutcomePage) {
    const { filters, problems } = parseReportFilters(query, this.config.workforce, OUTCOME_FILTERS);
    const filterForm = filterFormView(`/portal/staff/reports/${page.key}`, OUTCOME_FILTERS, await this.options.load(), filters, problems);
    const caption = filterForm.summary === 'no filters' ? 'the whole programme' : filterForm.summary;
    const context = { title: page.title, width: 'full', intro: page.intro, caption, filterForm, suppressionNote: SUPPRESSION_NOTE };
    if (problems.length) {
      this.pages.send(req, reply, 'staff-report-outcome', { ...context, errorList: errorListOf(problems) }, 400);
      return;
    }
    const view = await page.view(this.reports, filters, caption);
    this.pages.send(req, reply, 'staff-report-outcome', { ...context, ...view, exportLinks: exportLinks(page.key, filterForm) });
  }
}

