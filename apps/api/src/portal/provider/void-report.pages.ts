import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { EnrolmentsService, ReportsService } from '@app/training';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { PROVIDER_AREA } from './provider-area';
import { voidReason } from './void-form';
import { voidRefusal } from './report-refusals';
import { voidReportPage, type VoidPageState } from './void-report-page';

/** Voiding a learner's latest report (ReportsService.voidReport): voiding reverses money, so it is never one click. */
@InPortalArea(PROVIDER_AREA)
@ApiExcludeController()
@Controller('portal/provider/learners')
@Roles(['provider'])
export class VoidReportPages {
  constructor(
    private readonly enrolments: EnrolmentsService,
    private readonly reports: ReportsService,
    private readonly pages: PortalPages,
  ) {}

  /** Asks for the reason before a report is voided. */
  @Get(':id/reports/:reportId/void')
  voidForm(@Param('id', new ParseIdPipe()) id: string, @Param('reportId') reportId: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.voidPage(req, reply, actor, id, reportId, {});
  }

  /** Voids the report; a missing reason or a refusal shows the page again with 422, otherwise 303 to the learner. */
  @Post(':id/reports/:reportId/void')
  async voidReport(@Param('id', new ParseIdPipe()) id: string, @Param('reportId') reportId: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const { reason, error } = voidReason(req.body);
    if (error) return this.voidPage(req, reply, actor, id, reportId, { reason, problem: { field: 'reason', text: error } }, 422);
    try {
      await this.reports.voidReport(actor.providerId!, id, reportId, reason, actor);
    } catch (err) {
      const text = voidRefusal(err);
      if (!text) throw err;
      return this.voidPage(req, reply, actor, id, reportId, { reason, problem: { field: 'report', text } }, 422);
    }
    this.pages.redirect(reply, `/portal/provider/learners/${id}?voided=1`);
  }

  /** Another provider's learner is not found (404) by the service, another learner's report by voidReportPage. */
  private async voidPage(req: PortalRequest, reply: FastifyReply, actor: Actor, id: string, reportId: string, state: VoidPageState, status = 200): Promise<void> {
    const learner = await this.enrolments.learner(actor.providerId!, id);
    this.pages.send(req, reply, 'void-report', voidReportPage(learner, reportId, state), status);
  }
}
