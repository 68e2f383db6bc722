import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { isUuid, ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { CohortsService, EnrolmentsService, ReportsService } from '@app/training';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { learnerBanner, learnerPage } from './learner-page';
import { PROVIDER_AREA } from './provider-area';
import { formOnlyProblems, formValues, reportRow, type ReportForm } from './report-forms';
import { reportRefusal } from './report-refusals';

/**
 * A provider's learners, one learner's page and its report forms (through
 * ReportsService.reportOne, as the API). Voiding a report is VoidReportPages.
 */
@InPortalArea(PROVIDER_AREA)
@ApiExcludeController()
@Controller('portal/provider/learners')
@Roles(['provider'])
export class LearnersPages {
  constructor(
    private readonly enrolments: EnrolmentsService,
    private readonly cohorts: CohortsService,
    private readonly reports: ReportsService,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async list(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Query('cohortId') cohortId?: string) {
    const cohort = isUuid(cohortId) ? cohortId.toLowerCase() : undefined;
    const [learners, cohorts] = await Promise.all([this.enrolments.learners(actor.providerId!, cohort), this.cohorts.list({ providerId: actor.providerId! })]);
    this.pages.send(req, reply, 'learners', { title: 'Your learners', width: 'full', learners, cohorts, cohortId: cohort });
  }

  @Get(':id')
  async one(
    @Param('id', new ParseIdPipe()) id: string,
    @Req() req: PortalRequest,
    @Res() reply: FastifyReply,
    @CurrentActor() actor: Actor,
    @Query('reported') reported?: string,
    @Query('voided') voided?: string,
  ) {
    const learner = await this.enrolments.learner(actor.providerId!, id);
    this.pages.send(req, reply, 'learner', learnerPage(learner, { banner: learnerBanner({ reported, voided }) }));
  }

  @Post(':id/start')
  start(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.report('start', id, req, reply, actor);
  }

  @Post(':id/progress')
  progress(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.report('progress', id, req, reply, actor);
  }

  @Post(':id/completion')
  completion(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.report('completion', id, req, reply, actor);
  }

  @Post(':id/withdrawal')
  withdrawal(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.report('withdrawal', id, req, reply, actor);
  }

  @Post(':id/deferral')
  deferral(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.report('deferral', id, req, reply, actor);
  }

  @Post(':id/decline')
  decline(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.report('decline', id, req, reply, actor);
  }

  /** Applies one report; a refusal shows the learner's page again with the form's errors and values, otherwise 303 back to it. */
  private async report(form: ReportForm, id: string, req: PortalRequest, reply: FastifyReply, actor: Actor): Promise<void> {
    const values = formValues(req.body);
    const asked = formOnlyProblems(form, values);
    if (asked.length) {
      const learner = await this.enrolments.learner(actor.providerId!, id);
      return this.pages.send(req, reply, 'learner', learnerPage(learner, { form, values, problems: asked }), 422);
    }
    try {
      await this.reports.reportOne(actor.providerId!, reportRow(form, id, values), actor);
    } catch (err) {
      const problems = reportRefusal(err);
      if (!problems) throw err;
      const learner = await this.enrolments.learner(actor.providerId!, id);
      return this.pages.send(req, reply, 'learner', learnerPage(learner, { form, values, problems }), 422);
    }
    this.pages.redirect(reply, `/portal/provider/learners/${id}?reported=${form}`);
  }
}
