import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError, ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { ApplicationsService } from '@app/intake';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { isRefusal, refusalText } from '../kit/refusals';
import { RoundsPageLoader } from '../public/rounds-loader';
import { APPLICANT_AREA } from './applicant-area';
import { ApplicationPageLoader } from './application-loader';
import { applyChoice, draftChanges, draftValues } from './apply-forms';

/**
 * Starting an application (the Apply buttons on the open rounds), saving the
 * draft and submitting it: the same ApplicationsService methods as
 * POST /api/v1/applications, PATCH /api/v1/applications/:id and
 * POST .../submit. A refusal is shown where the form was.
 */
@InPortalArea(APPLICANT_AREA)
@ApiExcludeController()
@Controller('portal/applications')
@Roles(['applicant'])
export class DraftPages {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly loader: ApplicationPageLoader,
    private readonly rounds: RoundsPageLoader,
    private readonly pages: PortalPages,
  ) {}

  /** An Apply button: the new draft; a refusal (an application in this round already, the round closed) on the rounds page. */
  @Post()
  async apply(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const choice = applyChoice(req.body);
    if (!choice) return this.pages.send(req, reply, 'rounds', await this.rounds.load(req, actor, { text: 'Choose a qualification from a funding round that is open now' }), 422);
    let created: { id: string };
    try {
      created = await this.applications.create(actor, choice);
    } catch (err) {
      if (!isRefusal(err) && !(err instanceof DomainError && err.code === 'round_not_found')) throw err;
      const problem = { text: refusalText('apply', err as DomainError), roundId: choice.roundId };
      return this.pages.send(req, reply, 'rounds', await this.rounds.load(req, actor, problem), 422);
    }
    this.pages.redirect(reply, `/portal/applications/${created.id}?done=started`);
  }

  /** Saves a draft's statement and employer support. */
  @Post(':id/draft')
  async saveDraft(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const draft = draftValues(req.body);
    const { changes, errors } = draftChanges(draft);
    if (!changes) return this.pages.send(req, reply, 'application', await this.loader.one(actor, id, { draft, draftErrors: errors }), 422);
    try {
      await this.applications.update(actor, id, changes);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.pages.send(req, reply, 'application', await this.loader.one(actor, id, { problem: { field: 'submit', text: refusalText('draft', err) } }), 422);
    }
    this.pages.redirect(reply, `/portal/applications/${id}?done=saved`);
  }

  /** Submits a draft: eligibility is decided at once and the page shows it. */
  @Post(':id/submit')
  async submit(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    try {
      await this.applications.submit(actor, id);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.pages.send(req, reply, 'application', await this.loader.one(actor, id, { problem: { field: 'submit', text: refusalText('draft', err) } }), 422);
    }
    this.pages.redirect(reply, `/portal/applications/${id}?done=submitted`);
  }
}
