import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ParseIdPipe, type FieldProblem } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { EnrolmentsService, ReportsService } from '@app/training';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { offersReport, reportFormPage } from './learner-page';
import { PROVIDER_AREA } from './provider-area';
import { formOnlyProblems, formValues, reportRow, type ReportForm, type ReportFormValues } from './report-forms';
import { reportRefusal } from './report-refusals';

/**
 * Each report on a learner on its own page, one form each, applied through
 * ReportsService.reportOne (as the API). A withdrawal and turning a learner
 * down are confirmation pages: the provider cannot undo them.
 */
@InPortalArea(PROVIDER_AREA)
@ApiExcludeController()
@Controller('portal/provider/learners')
@Roles(['provider'])
export class ReportPages {
  constructor(
    private readonly enrolments: EnrolmentsService,
    private readonly reports: ReportsService,
    private readonly pages: PortalPages,
  ) {}

  @Get(':id/start')
  startPage(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.page('start', id, req, reply, actor);
  }

  @Post(':id/start')
  start(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.report('start', id, req, reply, actor);
  }

  @Get(':id/progress')
  progressPage(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.page('progress', id, req, reply, actor);
  }

  @Post(':id/progress')
  progress(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.report('progress', id, req, reply, actor);
  }

  @Get(':id/completion')
  completionPage(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.page('completion', id, req, reply, actor);
  }

  @Post(':id/completion')
  completion(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.report('completion', id, req, reply, actor);
  }

  @Get(':id/deferral')
  deferralPage(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.page('deferral', id, req, reply, actor);
  }

  @Post(':id/deferral')
  deferral(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.report('deferral', id, req, reply, actor);
  }

  /** A confirmation page: "Are you sure ... has withdrawn?", with the reason and date, confirmed with a warning button. */
  @Get(':id/withdrawal')
  withdrawalPage(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.page('withdrawal', id, req, reply, actor);
  }

  @Post(':id/withdrawal')
  withdrawal(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.report('withdrawal', id, req, reply, actor);
  }

  /** A confirmation page: "Are you sure you want to turn down ...?", with the reason, confirmed with a warning button. */
  @Get(':id/decline')
  declinePage(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.page('decline', id, req, reply, actor);
  }

  @Post(':id/decline')
  decline(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.report('decline', id, req, reply, actor);
  }

  /** A report the learner's status does not offer (an old link, a back button) goes to the learner, whose page shows what is offered. */
  private async page(form: ReportForm, id: string, req: PortalRequest, reply: FastifyReply, actor: Actor): Promise<void> {
    const learner = await this.enrolments.learner(actor.providerId!, id);
    if (!offersReport(learner, form)) return this.pages.redirect(reply, `/portal/provider/learners/${id}`);
    this.pages.send(req, reply, 'learner-report', reportFormPage(learner, form));
  }

  /** Applies one report; a refusal shows its page again with the errors and values (422), otherwise 303 to the learner with a banner. */
  private async report(form: ReportForm, id: string, req: PortalRequest, reply: FastifyReply, actor: Actor): Promise<void> {
    const values = formValues(req.body);
    const asked = formOnlyProblems(form, values);
    if (asked.length) return this.refused(form, id, values, asked, req, reply, actor);
    try {
      await this.reports.reportOne(actor.providerId!, reportRow(form, id, values), actor);
    } catch (err) {
      const problems = reportRefusal(err);
      if (!problems) throw err;
      return this.refused(form, id, values, problems, req, reply, actor);
    }
    this.pages.redirect(reply, `/portal/provider/learners/${id}?reported=${form}`);
  }

  /** The refused form stays on its page even when the learner's status no longer offers it, so its errors have somewhere to be. */
  private async refused(form: ReportForm, id: string, values: ReportFormValues, problems: FieldProblem[], req: PortalRequest, reply: FastifyReply, actor: Actor): Promise<void> {
    const learner = await this.enrolments.learner(actor.providerId!, id);
    this.pages.send(req, reply, 'learner-report', reportFormPage(learner, form, { values, problems }), 422);
  }
}
