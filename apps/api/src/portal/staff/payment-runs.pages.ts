import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BudgetError, PaymentRunsService, RUN_STATUSES, type PaymentRunDetail, type RunStatus } from '@app/budget';
import { Clock } from '@app/config';
import { humanise, ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { QualificationsService } from '@app/intake';
import { ProvidersService } from '@app/training';
import { remittanceCsv } from '../../budget/remittance';
import { field } from '../kit/form-fields';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { isRefusal } from '../kit/refusals';
import { buildFormValues, paidErrorList, paidForm, RUN_STATUS_TAGS, runActions, SECOND_APPROVER, type BuildFormValues, type PaidFormValues } from './payment-run-page';
import { STAFF_AREA } from './staff-area';

const BASE = '/portal/staff/finance/payment-runs';
const BANNERS: Record<string, string> = {
  built: 'The payment run has been built. Check its lines, then submit it for approval',
  submitted: 'The payment run has been submitted. Another finance user must approve it',
  approved: 'The payment run has been approved. Its lines are locked; record it as paid once the money has been sent',
  paid: 'The payment run has been recorded as paid. Providers can see the remittance reference on their statements',
  cancelled: 'The payment run has been cancelled. Its payments are due again',
};

/**
 * Paying providers (finance and admins), on PaymentRunsService as the API
 * (/api/v1/admin/budget/payment-runs): the runs, building one from the
 * payments due, submitting it, a second person approving it (after a
 * confirmation: it locks the lines), recording it paid (after a check), and
 * each provider's remittance advice.
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff/finance/payment-runs')
@Roles(['finance', 'admin'])
export class PaymentRunsPages {
  constructor(
    private readonly runs: PaymentRunsService,
    private readonly providers: ProvidersService,
    private readonly qualifications: QualificationsService,
    private readonly clock: Clock,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async list(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    const status = RUN_STATUSES.includes(query.status as RunStatus) ? (query.status as RunStatus) : undefined;
    const [runs, due] = await Promise.all([this.runs.list({ status }), this.runs.dueNotInRun()]);
    this.pages.send(req, reply, 'staff-payment-runs', {
      title: 'Payment runs',
      width: 'full',
      runs: runs.map((r) => ({ ...r, statusTag: RUN_STATUS_TAGS[r.status] })),
      due,
      status,
      statuses: RUN_STATUSES.map((s) => ({ value: s, text: RUN_STATUS_TAGS[s].text })),
    });
  }

  @Get('new')
  async newForm(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    return this.buildForm(req, reply, { providerId: '', month: '', qualificationId: '' }, {});
  }

  @Post()
  async build(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const values = buildFormValues(req.body);
    try {
      const run = await this.runs.build({ providerId: values.providerId || undefined, month: values.month || undefined, qualificationId: values.qualificationId || undefined }, actor);
      this.pages.redirect(reply, `${BASE}/${run.id}?built=1`);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      const nothing = err.code === 'nothing_to_pay';
      const errors: Record<string, string> = nothing
        ? { providerId: 'No payments are due for this choice outside a payment run already: choose another provider, month or qualification' }
        : Object.fromEntries((err.errors ?? []).map((e) => [e.field, `${humanise(e.field)} ${e.message}`]));
      return this.buildForm(req, reply, values, errors, 422);
    }
  }

  @Get(':id')
  async one(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @Query() query: Record<string, unknown>) {
    const run = await this.runs.get(id);
    const banner = Object.keys(BANNERS).find((k) => query[k] === '1');
    this.runPage(req, reply, run, { banner: banner && BANNERS[banner] });
  }

  @Post(':id/submit')
  async submit(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    try {
      await this.runs.submit(id, actor);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.runPage(req, reply, await this.runs.get(id), { errorList: [{ href: '#actions', text: err.message }] }, 409);
    }
    this.pages.redirect(reply, `${BASE}/${id}?submitted=1`);
  }

  /** "Are you sure?": approval locks the lines for sending. The builder is told, here, that someone else must approve. */
  @Get(':id/approve')
  async approveForm(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    const run = await this.runs.get(id);
    const actions = runActions(run, actor.userId);
    if (actions.needsSecondApprover) return this.approvePage(req, reply, run, SECOND_APPROVER, 403);
    this.approvePage(req, reply, run);
  }

  @Post(':id/approve')
  async approve(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    try {
      await this.runs.approve(id, actor);
    } catch (err) {
      if (err instanceof BudgetError && err.code === 'second_approver_required') return this.approvePage(req, reply, await this.runs.get(id), SECOND_APPROVER, 403);
      if (!isRefusal(err)) throw err;
      return this.approvePage(req, reply, await this.runs.get(id), err.message, 409);
    }
    this.pages.redirect(reply, `${BASE}/${id}?approved=1`);
  }

  @Get(':id/paid')
  async paidFormPage(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string) {
    this.paidPage(req, reply, await this.runs.get(id), { paidOn: { day: '', month: '', year: '' }, remittanceReference: '' }, {});
  }

  /** Check the answers before recording the money as sent. */
  @Post(':id/paid/check')
  async paidCheck(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string) {
    const run = await this.runs.get(id);
    const { values, errors, input } = paidForm(req.body, this.clock.today());
    if (!input) return this.paidPage(req, reply, run, values, errors, 422);
    this.pages.send(req, reply, 'staff-payment-run-paid-check', { title: `Check before recording ${run.reference} as paid`, run, input });
  }

  @Post(':id/paid')
  async recordPaid(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    const paidOn = field(req.body, 'paidOn');
    const remittanceReference = field(req.body, 'remittanceReference');
    try {
      await this.runs.recordPaid(id, { paidOn, remittanceReference }, actor);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      const [y = '', m = '', d = ''] = paidOn.split('-');
      const errors = Object.fromEntries((err.errors ?? [{ field: 'paidOn', message: err.message }]).map((e) => [e.field === 'status' ? 'paidOn' : e.field, `${e.field === 'paidOn' ? 'The date the money was sent' : e.field === 'status' ? 'This payment run' : 'The remittance reference'} ${e.message}`]));
      return this.paidPage(req, reply, await this.runs.get(id), { paidOn: { day: d, month: m, year: y }, remittanceReference }, errors, 422);
    }
    this.pages.redirect(reply, `${BASE}/${id}?paid=1`);
  }

  @Get(':id/cancel')
  async cancelForm(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string) {
    this.cancelPage(req, reply, await this.runs.get(id), '', {});
  }

  @Post(':id/cancel')
  async cancel(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    const reason = field(req.body, 'reason');
    if (!reason) return this.cancelPage(req, reply, await this.runs.get(id), reason, { reason: 'Enter why the payment run is being cancelled' }, 422);
    if (reason.length > 1000) return this.cancelPage(req, reply, await this.runs.get(id), reason, { reason: 'The reason must be 1,000 characters or fewer' }, 422);
    try {
      await this.runs.cancel(id, reason, actor);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.cancelPage(req, reply, await this.runs.get(id), reason, { reason: err.message }, 409);
    }
    this.pages.redirect(reply, `${BASE}/${id}?cancelled=1`);
  }

  @Get(':id/remittance.csv')
  async remittance(@Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @Query('providerId') providerId: string) {
    const advice = await this.runs.remittance(id, providerId);
    reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="remittance-${advice.run.reference}-${advice.provider.ukprn ?? advice.provider.providerId}.csv"`)
      .type('text/csv; charset=utf-8')
      .send(remittanceCsv(advice));
  }

  private runPage(req: PortalRequest, reply: FastifyReply, run: PaymentRunDetail, extra: Record<string, unknown>, status = 200) {
    this.pages.send(req, reply, 'staff-payment-run', { title: `Payment run ${run.reference}`, width: 'full', run, statusTag: RUN_STATUS_TAGS[run.status], actions: runActions(run, req.principal?.userId), secondApprover: SECOND_APPROVER, ...extra }, status);
  }

  private approvePage(req: PortalRequest, reply: FastifyReply, run: PaymentRunDetail, refused?: string, status = 200) {
    this.pages.send(req, reply, 'staff-payment-run-approve', { title: `Approve payment run ${run.reference}`, run, refused, errorList: refused ? [{ href: '#approve', text: refused }] : undefined }, status);
  }

  private paidPage(req: PortalRequest, reply: FastifyReply, run: PaymentRunDetail, values: PaidFormValues, errors: Record<string, string>, status = 200) {
    this.pages.send(req, reply, 'staff-payment-run-paid', { title: `Record ${run.reference} as paid`, run, values, errors, errorList: paidErrorList(errors) }, status);
  }

  private cancelPage(req: PortalRequest, reply: FastifyReply, run: PaymentRunDetail, reason: string, errors: Record<string, string>, status = 200) {
    this.pages.send(req, reply, 'staff-payment-run-cancel', { title: `Cancel payment run ${run.reference}`, run, reason, errors, errorList: errors.reason ? [{ href: '#reason', text: errors.reason }] : undefined }, status);
  }

  private async buildForm(req: PortalRequest, reply: FastifyReply, values: BuildFormValues, errors: Record<string, string>, status = 200) {
    const [providers, qualifications, months] = await Promise.all([this.providers.list(), this.qualifications.list(), this.runs.dueByMonth()]);
    this.pages.send(
      req,
      reply,
      'staff-payment-run-new',
      {
        title: 'Build a payment run',
        values,
        errors,
        errorList: Object.entries(errors).map(([k, text]) => ({ href: `#${k}`, text })),
        providers,
        qualifications,
        months,
        due: months.reduce((t, m) => ({ lines: t.lines + m.lines, totalPence: t.totalPence + m.totalPence }), { lines: 0, totalPence: 0 }),
      },
      status,
    );
  }
}
