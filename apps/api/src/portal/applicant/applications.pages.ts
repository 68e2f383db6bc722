import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { APPLICANT_AREA } from './applicant-area';
import { applicationBanner } from './application-detail-page';
import { ApplicationPageLoader } from './application-loader';

/**
 * An applicant's own applications: the list, and one application (its status
 * in words, the eligibility decision, the offer with Accept and Decline, the
 * place on a course, the history). Its forms are DraftPages, OfferPages and
 * WithdrawAppealPages; someone else's application is the 404 page.
 */
@InPortalArea(APPLICANT_AREA)
@ApiExcludeController()
@Controller('portal/applications')
@Roles(['applicant'])
export class ApplicationsPages {
  constructor(
    private readonly loader: ApplicationPageLoader,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async list(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Query('emailSent') emailSent?: string) {
    this.pages.send(req, reply, 'applications', await this.loader.list(actor, !!emailSent));
  }

  @Get(':id')
  async one(
    @Param('id', new ParseIdPipe()) id: string,
    @Req() req: PortalRequest,
    @Res() reply: FastifyReply,
    @CurrentActor() actor: Actor,
    @Query('answered') answered?: string,
    @Query('appealed') appealed?: string,
    @Query('done') done?: string,
  ) {
    this.pages.send(req, reply, 'application', await this.loader.one(actor, id, { banner: applicationBanner({ answered, appealed, done }) }));
  }
}
