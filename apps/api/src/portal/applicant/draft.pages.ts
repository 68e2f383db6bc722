import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError, ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { ApplicationsService } from '@app/intake';
import { AppConfig } from '@app/config';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { isRefusal, refusalText } from '../kit/refusals';
import { RoundsPageLoader } from '../public/rounds-loader';
import { APPLICANT_AREA } from './applicant-area';
import { ApplicationPageLoader } from './application-loader';
import { STATUS_WORDS } from './application-page';
import { answerSections, PROFILE_SECTIONS, taskList } from './application-tasks';
import { applyChoice } from './apply-forms';
import { checkPage } from './task-page';

/**
 * Starting an application (the Apply buttons on the open rounds), checking
 * the answers and submitting (ApplicationsService.create and submit, as
 * POST /api/v1/applications and POST .../submit), the confirmation, and the
 * answers as submitted. The sections in between are TaskPages. A refusal is
 * shown where the form was.
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
    private readonly config: AppConfig,
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

  /** Check your answers: every section with Change links, and Submit once all are complete. */
  @Get(':id/check')
  async check(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const draft = await this.loader.draft(actor, id);
    if (draft.application.status !== 'draft') return this.pages.redirect(reply, `/portal/applications/${id}`);
    this.pages.send(req, reply, 'application-check', checkPage(draft, this.config.workforce, this.loader.competencyCodes()));
  }

  /**
   * Submits a draft whose sections are all complete (the declaration among
   * them): eligibility is decided at once, and the confirmation page shows
   * the reference. An incomplete one is refused naming each section to do.
   */
  @Post(':id/submit')
  async submit(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const draft = await this.loader.draft(actor, id);
    if (draft.application.status !== 'draft') return this.pages.redirect(reply, `/portal/applications/${id}`);
    const refuse = (problem?: string) =>
      this.pages.send(req, reply, 'application-check', checkPage(draft, this.config.workforce, this.loader.competencyCodes(), { tried: true, problem }), 422);
    if (taskList(draft, this.loader.competencyCodes()).incomplete.length) return refuse();
    try {
      await this.applications.submit(actor, id);
    } catch (err) {
      // An unconfirmed email address is a 403 on the API, but here it is something the applicant can fix: said on the check page.
      const unconfirmed = err instanceof DomainError && err.code === 'email_not_verified';
      if (!isRefusal(err) && !unconfirmed) throw err;
      return refuse(refusalText('draft', err as DomainError));
    }
    this.pages.redirect(reply, `/portal/applications/${id}/confirmation`);
  }

  /** After submitting: the reference number in a panel, and what happens next. */
  @Get(':id/confirmation')
  async confirmation(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const application = await this.loader.application(actor, id);
    if (application.status === 'draft') return this.pages.redirect(reply, `/portal/applications/${id}`);
    this.pages.send(req, reply, 'application-confirmation', { title: 'Application submitted', application, status: STATUS_WORDS[application.status] });
  }

  /** A submitted application read as it was submitted: the profile kept with it, not today's. */
  @Get(':id/answers')
  async answers(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const submitted = await this.loader.submitted(actor, id);
    if (submitted.status === 'draft') return this.pages.redirect(reply, `/portal/applications/${id}`);
    this.pages.send(req, reply, 'application-answers', {
      title: 'Your application as submitted',
      reference: submitted.reference,
      submittedAt: submitted.submittedAt,
      applicationPath: `/portal/applications/${id}`,
      profileKept: submitted.profileKept,
      // Applications submitted before the profile was kept with them: today's profile would not be what was sent.
      sections: answerSections(submitted, this.config.workforce, false).filter((s) => submitted.profileKept || !PROFILE_SECTIONS[s.slug]),
    });
  }
}
