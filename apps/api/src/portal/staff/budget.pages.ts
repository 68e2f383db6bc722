import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ENTRY_KINDS, LEDGER_PAGE_SIZE, PotsService, type PotView } from '@app/budget';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { pageNumber } from '../kit/form-fields';
import { summaryOf } from '../kit/form-state';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { isRefusal } from '../kit/refusals';
import { pounds } from '../kit/views';
import { ledgerFilterForm, potForm, potUse, topUpForm, transferForm, type PotFormValues, type TopUpFormValues, type TransferFormValues } from './budget-page';
import { potUseSvg, SERIES } from './pot-chart';
import { STAFF_AREA } from './staff-area';

/** A refusal's problems by form field: the service names amountPence, the form's box is "amount". */
function refusalErrors(err: { errors?: { field: string; message: string }[]; message: string }, fallback: string): Record<string, string> {
  const rename: Record<string, string> = { amountPence: 'amount', id: fallback };
  const errors: Record<string, string> = {};
  for (const p of err.errors ?? []) errors[rename[p.field] ?? p.field] = `${p.field === 'amountPence' ? 'The amount' : 'This'} ${p.message}`;
  return Object.keys(errors).length ? errors : { [fallback]: err.message };
}

/**
 * The budget on pages (finance and admins): the programme, its pots, topping
 * one up from money not yet in a pot, transfers between pots and the ledger.
 * Each calls PotsService as its API twin does (/api/v1/admin/budget/...).
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff/finance')
@Roles(['finance', 'admin'])
export class BudgetPages {
  constructor(
    private readonly pots: PotsService,
    private readonly pages: PortalPages,
  ) {}

  @Get('budget')
  async budget(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    const [summary, pots] = await Promise.all([this.pots.summary(), this.pots.list()]);
    const banner = query.created === '1' ? 'The pot has been created' : query.transferred === '1' ? 'The money has been moved' : undefined;
    this.pages.send(req, reply, 'staff-finance-budget', { title: 'Budget and pots', width: 'full', summary, pots: pots.map((p) => ({ ...p, ...potUse(p) })), banner });
  }

  @Get('pots/new')
  newPot(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    return this.potForm(req, reply, { name: '', financialYear: '', amount: '', purpose: 'bursaries' }, {});
  }

  @Post('pots')
  async createPot(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const { values, errors, input } = potForm(req.body);
    if (!input) return this.potForm(req, reply, values, errors, 422);
    try {
      await this.pots.create(input, actor);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.potForm(req, reply, values, refusalErrors(err, 'name'), 422);
    }
    this.pages.redirect(reply, '/portal/staff/finance/budget?created=1');
  }

  @Get('pots/:id')
  async pot(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @Query() query: Record<string, unknown>) {
    const pot = await this.pots.get(id);
    const by = query.by === 'month' ? 'month' : 'day';
    const [recent, usage] = await Promise.all([this.pots.entries({ potId: id }, 1), this.pots.usage(id, by)]);
    const banner = query.toppedUp === '1' ? 'The pot has been topped up' : undefined;
    const chart = potUseSvg(usage, `${pot.name}: funded, reserved, committed, fallen due and available, by ${by}. The same figures are in the table below.`);
    this.pages.send(req, reply, 'staff-finance-pot', { title: pot.name, width: 'full', pot: { ...pot, ...potUse(pot) }, recent: recent.items.slice(0, 10), entries: recent.total, banner, chart, usage, series: SERIES, by });
  }

  @Get('pots/:id/top-up')
  async topUpPage(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string) {
    return this.topUpForm(req, reply, await this.pots.get(id), { amount: '', reason: '' }, {});
  }

  /** Check before topping up: the pot and the programme before and after. Nothing moves until the next step. */
  @Post('pots/:id/top-up/check')
  async topUpCheck(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string) {
    const pot = await this.pots.get(id);
    const { values, errors, input } = topUpForm(req.body);
    if (!input) return this.topUpForm(req, reply, pot, values, errors, 422);
    const summary = await this.pots.summary();
    if (input.amountPence > summary.unallocatedPence) {
      return this.topUpForm(req, reply, pot, values, { amount: `The amount must not be more than the ${pounds(Math.max(0, summary.unallocatedPence))} of the programme not yet in a pot` }, 422);
    }
    this.pages.send(req, reply, 'staff-finance-top-up-check', { title: `Check the top-up of ${pot.name}`, pot, values, input, summary });
  }

  @Post('pots/:id/top-up')
  async topUp(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    const pot = await this.pots.get(id);
    const { values, errors, input } = topUpForm(req.body);
    if (!input) return this.topUpForm(req, reply, pot, values, errors, 422);
    try {
      await this.pots.topUp(id, input, actor);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.topUpForm(req, reply, pot, values, refusalErrors(err, 'amount'), 422);
    }
    this.pages.redirect(reply, `/portal/staff/finance/pots/${id}?toppedUp=1`);
  }

  @Get('ledger')
  async ledger(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    const { values, errors, filter, queryString } = ledgerFilterForm(query);
    const page = pageNumber(query, 100_000);
    const [result, pots] = await Promise.all([this.pots.entries(filter, page), this.pots.list()]);
    const names = new Map(pots.map((p) => [p.id, p.name]));
    const pages = Math.max(1, Math.ceil(result.total / LEDGER_PAGE_SIZE));
    const link = (n: number) => `/portal/staff/finance/ledger?${queryString ? `${queryString}&` : ''}page=${n}`;
    this.pages.send(
      req,
      reply,
      'staff-finance-ledger',
      {
        title: 'Ledger',
        width: 'full',
        values,
        errors,
        errorList: summaryOf(errors),
        pots,
        kinds: ENTRY_KINDS,
        entries: result.items.map((e) => ({ ...e, potName: names.get(e.potId) ?? e.potId })),
        total: result.total,
        page: result.page,
        pages,
        previous: result.page > 1 ? link(result.page - 1) : undefined,
        next: result.page < pages ? link(result.page + 1) : undefined,
        csvHref: `/api/v1/admin/budget/ledger.csv${queryString ? `?${queryString}` : ''}`,
      },
      Object.keys(errors).length ? 422 : 200,
    );
  }

  @Get('transfers/new')
  async transferPage(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    const fromPotId = typeof query.fromPotId === 'string' ? query.fromPotId : '';
    return this.transferForm(req, reply, { fromPotId, toPotId: '', amount: '', reason: '' }, {});
  }

  @Post('transfers/check')
  async transferCheck(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    const { values, errors, input } = transferForm(req.body);
    if (!input) return this.transferForm(req, reply, values, errors, 422);
    const [from, to] = await Promise.all([this.pots.get(input.fromPotId).catch(() => undefined), this.pots.get(input.toPotId).catch(() => undefined)]);
    if (!from || !to) return this.transferForm(req, reply, values, from ? { toPotId: 'Select the pot the money goes to' } : { fromPotId: 'Select the pot the money comes from' }, 422);
    if (input.amountPence > from.availablePence) return this.transferForm(req, reply, values, { amount: `The amount must not be more than the ${pounds(from.availablePence)} available in ${from.name}` }, 422);
    this.pages.send(req, reply, 'staff-finance-transfer-check', { title: 'Check the transfer', from, to, values, input });
  }

  @Post('transfers')
  async transfer(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const { values, errors, input } = transferForm(req.body);
    if (!input) return this.transferForm(req, reply, values, errors, 422);
    try {
      await this.pots.transfer(input, actor);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.transferForm(req, reply, values, refusalErrors(err, 'amount'), 422);
    }
    this.pages.redirect(reply, '/portal/staff/finance/budget?transferred=1');
  }

  private potForm(req: PortalRequest, reply: FastifyReply, values: PotFormValues, errors: Record<string, string>, status = 200) {
    this.pages.send(req, reply, 'staff-finance-pot-new', { title: 'Create a pot', values, errors, errorList: summaryOf(errors) }, status);
  }

  private topUpForm(req: PortalRequest, reply: FastifyReply, pot: PotView, values: TopUpFormValues, errors: Record<string, string>, status = 200) {
    this.pages.send(req, reply, 'staff-finance-top-up', { title: `Top up ${pot.name}`, pot, values, errors, errorList: summaryOf(errors) }, status);
  }

  private async transferForm(req: PortalRequest, reply: FastifyReply, values: TransferFormValues, errors: Record<string, string>, status = 200) {
    const pots = (await this.pots.list()).filter((p) => !p.closedAt || p.id === values.fromPotId);
    this.pages.send(req, reply, 'staff-finance-transfer', { title: 'Move money between pots', pots, values, errors, errorList: summaryOf(errors) }, status);
  }
}
