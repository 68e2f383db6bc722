import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ForecastService, nextFinancialYear, PaymentRunsService, PotsService, ReconciliationService, YearEndService, type YearEndInput } from '@app/budget';
import { Clock } from '@app/config';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { POT_THRESHOLDS } from '@app/notifications';
import { summaryOf } from '../kit/form-state';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { isRefusal } from '../kit/refusals';
import { potsNearThresholds, YEAR_END_IDS, yearEndForm, type YearEndFormValues } from './finance-page';
import { STAFF_AREA } from './staff-area';

/**
 * Finance's home and the budget's checks (finance and admins): what needs
 * attention, the reconciliation, the forecast with its assumptions, and the
 * financial year end as a preview and then a confirmation. Each calls the
 * service its API twin calls (/api/v1/admin/budget/...).
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff/finance')
@Roles(['finance', 'admin'])
export class FinancePages {
  constructor(
    private readonly pots: PotsService,
    private readonly runs: PaymentRunsService,
    private readonly reconciliation: ReconciliationService,
    private readonly forecasts: ForecastService,
    private readonly yearEnd: YearEndService,
    private readonly clock: Clock,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async home(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    const month = this.clock.today().slice(0, 7);
    const [pots, awaiting, approved, dueMonths, reconciliation, summary] = await Promise.all([
      this.pots.list(),
      this.runs.list({ status: 'submitted' }),
      this.runs.list({ status: 'approved' }),
      this.runs.dueByMonth(),
      this.reconciliation.reconcile(),
      this.pots.summary(),
    ]);
    const dueThisMonth = dueMonths.find((m) => m.month === month) ?? { month, lines: 0, totalPence: 0 };
    const dueOutsideRuns = dueMonths.reduce((t, m) => ({ lines: t.lines + m.lines, totalPence: t.totalPence + m.totalPence }), { lines: 0, totalPence: 0 });
    this.pages.send(req, reply, 'staff-finance-home', {
      title: 'Finance',
      width: 'full',
     
      nearThresholds: potsNearThresholds(pots, POT_THRESHOLDS),
      awaiting,
      approved,
      viewerId: req.principal?.userId,
      month,
      dueThisMonth,
      dueOutsideRuns,
      reconciliation,
      summary,
    });
  }

  @Get('reconciliation')
  async reconcile(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    const result = await this.reconciliation.reconcile();
    const pots = await this.pots.list();
    const names = new Map(pots.map((p) => [p.id, p.name]));
    this.pages.send(req, reply, 'staff-finance-reconciliation', { title: 'Reconciliation', width: 'full', result, names: Object.fromEntries(names) });
  }

  @Get('forecast')
  async forecast(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    const forecast = await this.forecasts.forecast();
    this.pages.send(req, reply, 'staff-finance-forecast', { title: `Forecast for ${forecast.financialYear}`, width: 'full', forecast });
  }

  @Get('year-end')
  async yearEndForm(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    return this.yearEndPage(req, reply, { financialYear: '', reservations: '', commitments: '', unspent: '', toPotId: '', reason: '' }, {});
  }

  /** Step 1: the preview, moving nothing. */
  @Post('year-end/preview')
  async yearEndPreview(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    const { values, errors, input } = yearEndForm(req.body);
    if (!input) return this.yearEndPage(req, reply, values, errors, 422);
    try {
      const preview = await this.yearEnd.preview(input);
      const names = Object.fromEntries((await this.pots.list()).map((p) => [p.id, p.name]));
      this.pages.send(req, reply, 'staff-finance-year-end-preview', { title: `Check the year end for ${input.financialYear}`, width: 'full', preview, input, names });
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.yearEndPage(req, reply, values, refusalErrors(err.errors, err.message), 422);
    }
  }

  /** Step 2: the confirmation runs it. */
  @Post('year-end')
  async yearEndRun(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const { values, errors, input } = yearEndForm(req.body);
    if (!input) return this.yearEndPage(req, reply, values, errors, 422);
    try {
      const result = await this.yearEnd.run(input as YearEndInput, actor);
      const names = Object.fromEntries((await this.pots.list()).map((p) => [p.id, p.name]));
      this.pages.send(req, reply, 'staff-finance-year-end-done', { title: `The year end for ${result.financialYear} is done`, width: 'full', result, names });
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.yearEndPage(req, reply, values, refusalErrors(err.errors, err.message), 422);
    }
  }

  private async yearEndPage(req: PortalRequest, reply: FastifyReply, values: YearEndFormValues, errors: Record<string, string>, status = 200) {
    const pots = await this.pots.list();
    const years = [...new Set(pots.map((p) => p.financialYear))].sort().reverse();
    const openYears = [...new Set(pots.filter((p) => !p.closedAt).map((p) => p.financialYear))];
    this.pages.send(
      req,
      reply,
      'staff-finance-year-end',
      {
        title: 'Financial year end',
       
        values,
        errors,
        errorList: summaryOf(errors, YEAR_END_IDS),
        years: years.map((y) => ({ value: y, text: `${y}${openYears.includes(y) ? '' : ' (pots closed already)'}` })),
        // Money is carried only into a pot of the year after: the service says so too.
        targets: pots.filter((p) => !p.closedAt && years.some((y) => nextFinancialYear(y) === p.financialYear)),
      },
      status,
    );
  }
}

/** A refusal's field problems as the form's errors (the field's name is its input's id). */
function refusalErrors(problems: { field: string; message: string }[] | undefined, message: string): Record<string, string> {
  const words: Record<string, string> = { financialYear: 'The financial year', toPotId: 'Next year’s pot', reason: 'The reason', reservations: 'Offers not yet started', commitments: 'Started learners’ money', unspent: 'Unspent money' };
  if (!problems?.length) return { financialYear: message };
  return Object.fromEntries(problems.map((p) => [p.field in words ? p.field : 'financialYear', `${words[p.field] ?? ''} ${p.message}`.trim()]));
}
