import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { ApplicationsService } from '@app/intake';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { isRefusal, refusalText } from '../kit/refusals';
import { APPLICANT_AREA } from './applicant-area';
import { ApplicationPageLoader } from './application-loader';
import { appealStatement } from './application-page';
import { withdrawReason } from './apply-forms';

/**
 * Withdrawing an application (with a reason, after a confirmation page) and
 * appealing a decision: ApplicationsService.withdraw and .appeal, as
 * POST /api/v1/applications/:id/withdraw and /appeal.
 */
@InPortalArea(APPLICANT_AREA)
@ApiExcludeController()
@Controller('portal/applications')
@Roles(['applicant'])
export class WithdrawAppealPages {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly loader: ApplicationPageLoader,
    private readonly pages: PortalPages,
  ) {}

  /** Withdrawing cannot be undone: a page asks first, and why (as the API's reason). Not withdrawable: back to the application. */
  @Get(':id/withdraw')
  async withdrawPage(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const application = await this.loader.application(actor, id);
    if (!this.loader.actions(application).withdraw) return this.pages.redirect(reply, `/portal/applications/${id}`);
    this.pages.send(req, reply, 'withdraw', await this.loader.withdraw(application, ''));
  }

  /** Withdraws with the reason; no reason, or a refusal: the confirmation page again (422). */
  @Post(':id/withdraw')
  async withdraw(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const { reason, error } = withdrawReason(req.body);
    if (error) return this.pages.send(req, reply, 'withdraw', await this.loader.withdraw(await this.loader.application(actor, id), reason, error), 422);
    try {
      await this.applications.withdraw(actor, id, reason);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.pages.send(req, reply, 'withdraw', await this.loader.withdraw(await this.loader.application(actor, id), reason, refusalText('withdraw', err)), 422);
    }
    this.pages.redirect(reply, `/portal/applications/${id}?done=withdrawn`);
  }

  /** An appeal needs a statement (checked here, as AppealDto checks it for the API); the service checks the status and the 28 days. */
  @Post(':id/appeal')
  async appeal(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const { statement, error } = appealStatement(req.body);
    if (error) return this.pages.send(req, reply, 'application', await this.loader.one(actor, id, { statement, problem: { field: 'appeal-statement', text: error } }), 422);
    try {
      await this.applications.appeal(actor, id, statement);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.pages.send(req, reply, 'application', await this.loader.one(actor, id, { statement, problem: { field: 'appeal-statement', text: refusalText('appeal', err) } }), 422);
    }
    this.pages.redirect(reply, `/portal/applications/${id}?appealed=1`);
  }
}
