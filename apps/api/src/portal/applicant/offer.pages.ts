import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { ApplicationsService } from '@app/intake';
import { EnrolmentsService } from '@app/training';
import { field } from '../kit/form-fields';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { isRefusal, refusalText } from '../kit/refusals';
import { APPLICANT_AREA } from './applicant-area';
import { ApplicationPageLoader } from './application-loader';

/**
 * Answering an offer (ApplicationsService.answerOffer, as POST
 * /api/v1/applications/:id/offer/accept|decline) and, once accepted, choosing
 * a course (EnrolmentsService.place, as POST /api/v1/applications/:id/enrolment).
 */
@InPortalArea(APPLICANT_AREA)
@ApiExcludeController()
@Controller('portal/applications')
@Roles(['applicant'])
export class OfferPages {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly enrolments: EnrolmentsService,
    private readonly loader: ApplicationPageLoader,
    private readonly pages: PortalPages,
  ) {}

  @Post(':id/offer/accept')
  accept(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.answer(req, reply, actor, id, 'accepted');
  }

  /** Declining gives the bursary up for good (it goes to the waiting list): a page asks first, as the service manual does for what cannot be undone. */
  @Get(':id/offer/decline')
  async declinePage(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const application = await this.loader.application(actor, id);
    if (!this.loader.actions(application).answerOffer) return this.pages.redirect(reply, `/portal/applications/${id}`);
    this.pages.send(req, reply, 'decline-offer', await this.loader.decline(application));
  }

  @Post(':id/offer/decline')
  decline(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.answer(req, reply, actor, id, 'declined');
  }

  /** Books a place on one of the cohorts running the qualification; a full cohort or a changed status is shown on the page. */
  @Post(':id/enrolment')
  async chooseCohort(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const cohortId = field(req.body, 'cohortId');
    if (!cohortId) return this.pages.send(req, reply, 'application', await this.loader.one(actor, id, { problem: { field: 'cohort', text: 'Choose the course you want to join' } }), 422);
    try {
      await this.enrolments.place(id, cohortId, actor, { mover: 'applicant', applicantId: actor.userId });
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.pages.send(req, reply, 'application', await this.loader.one(actor, id, { problem: { field: 'cohort', text: refusalText('cohort', err) } }), 422);
    }
    this.pages.redirect(reply, `/portal/applications/${id}?done=placed`);
  }

  /** Accepts or declines; a refusal (the offer has expired, or was answered already) shows on the page. */
  private async answer(req: PortalRequest, reply: FastifyReply, actor: Actor, id: string, answer: 'accepted' | 'declined'): Promise<void> {
    try {
      await this.applications.answerOffer(actor, id, answer);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.pages.send(req, reply, 'application', await this.loader.one(actor, id, { problem: { field: 'offer', text: refusalText('offer', err) } }), 422);
    }
    this.pages.redirect(reply, `/portal/applications/${id}?answered=${answer}`);
  }
}
