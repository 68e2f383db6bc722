import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@app/config';
import { DomainError, ParseIdPipe } from '@app/http';
import { CaseworkService, ProfileService, ReviewService } from '@app/intake';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { domainErrorStatus } from '../../problem/domain-error-status';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { casePage, decidedCode, decisionFromForm, holdReasonFromForm, noteFromForm, type CaseForms } from './case-page';
import { STAFF_AREA } from './staff-area';

const STAFF = ['reviewer', 'finance', 'admin'] as const;
const DECIDERS = ['reviewer', 'admin'] as const;

/**
 * A service's refusal on a staff form: any domain error a person can act on
 * (403 conflict of interest, 409 on hold or changed, 422, 503 no pot), with the
 * status the page answers with (403 stays 403; the rest 422). Anything else
 * goes to the error page.
 */
export function staffRefusal(err: unknown): { status: number; text: string } | undefined {
  if (!(err instanceof DomainError)) return undefined;
  const status = domainErrorStatus(err);
  if (![400, 403, 409, 422, 503].includes(status)) return undefined;
  return { status: status === 403 ? 403 : 422, text: err.message };
}

/**
 * One application as the programme team works it (ReviewService.detail, as
 * GET /api/v1/admin/applications/:id): its sections, internal notes and hold
 * (CaseworkService, as /api/v1/admin/applications/:id/notes, /hold, /release)
 * and the decision (ReviewService.decide) with what it does to the money beside it.
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff/applications')
export class CasePages {
  constructor(
    private readonly review: ReviewService,
    private readonly casework: CaseworkService,
    private readonly profiles: ProfileService,
    private readonly config: AppConfig,
    private readonly pages: PortalPages,
  ) {}

  @Get(':id')
  @Roles(STAFF)
  async one(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Query('done') done?: string) {
    await this.render(req, reply, actor, id, { done });
  }

  @Post(':id/notes')
  @Roles(DECIDERS)
  async addNote(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    const { text, error } = noteFromForm(req.body);
    if (error) return this.render(req, reply, actor, id, { forms: { noteBody: text, errors: { body: error } } }, 422);
    try {
      await this.casework.addNote(id, text, actor);
    } catch (err) {
      const refused = staffRefusal(err);
      if (!refused) throw err;
      return this.render(req, reply, actor, id, { forms: { noteBody: text, errors: { body: refused.text } } }, refused.status);
    }
    this.pages.redirect(reply, `/portal/staff/applications/${id}?done=note#notes`);
  }

  @Post(':id/hold')
  @Roles(DECIDERS)
  hold(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    return this.holdOrRelease(req, reply, actor, id, false);
  }

  @Post(':id/release')
  @Roles(DECIDERS)
  release(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    return this.holdOrRelease(req, reply, actor, id, true);
  }

  @Post(':id/decision')
  @Roles(DECIDERS)
  async decide(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    const { values, input, errors } = decisionFromForm(req.body);
    if (!input) return this.render(req, reply, actor, id, { forms: { decision: values, errors } }, 422);
    let outcome;
    try {
      outcome = await this.review.decide(id, input, actor);
    } catch (err) {
      const refused = staffRefusal(err);
      if (!refused) throw err;
      return this.render(req, reply, actor, id, { forms: { decision: values, errors: { refusal: refused.text } } }, refused.status);
    }
    this.pages.redirect(reply, `/portal/staff/applications/${id}?done=${decidedCode(outcome)}`);
  }

  private async holdOrRelease(req: PortalRequest, reply: FastifyReply, actor: Actor, id: string, releasing: boolean) {
    const { text, error } = holdReasonFromForm(req.body, releasing);
    if (error) return this.render(req, reply, actor, id, { forms: { holdReason: text, errors: { reason: error } } }, 422);
    try {
      if (releasing) await this.casework.release(id, text, actor);
      else await this.casework.hold(id, text, actor);
    } catch (err) {
      const refused = staffRefusal(err);
      if (!refused) throw err;
      return this.render(req, reply, actor, id, { forms: { holdReason: text, errors: { reason: refused.text } } }, refused.status);
    }
    this.pages.redirect(reply, `/portal/staff/applications/${id}?done=${releasing ? 'released' : 'held'}`);
  }

  private async render(req: PortalRequest, reply: FastifyReply, actor: Actor, id: string, options: { done?: string; forms?: CaseForms }, status = 200) {
    const application = await this.review.detail(id);
    const [notes, profile] = await Promise.all([this.casework.notes(id), this.profiles.get(application.applicantId)]);
    const mayDecide = (DECIDERS as readonly string[]).includes(actor.role ?? '');
    this.pages.send(req, reply, 'staff-case', casePage(application, notes, profile?.skills, this.config.workforce, { mayDecide, done: options.done, forms: options.forms }), status);
  }
}
