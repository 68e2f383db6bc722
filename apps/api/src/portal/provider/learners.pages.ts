import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { isUuid, ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { CohortsService, EnrolmentsService } from '@app/training';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { learnerBanner, learnerPage } from './learner-page';
import { PROVIDER_AREA } from './provider-area';

/**
 * A provider's learners and one learner's page: their details, reports and a
 * link to each report's own page (ReportPages). Voiding a report is VoidReportPages.
 */
@InPortalArea(PROVIDER_AREA)
@ApiExcludeController()
@Controller('portal/provider/learners')
@Roles(['provider'])
export class LearnersPages {
  constructor(
    private readonly enrolments: EnrolmentsService,
    private readonly cohorts: CohortsService,
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
}
