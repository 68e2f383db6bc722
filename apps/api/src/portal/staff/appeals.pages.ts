import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { DECISION_NOTE_MAX, ReviewService } from '@app/intake';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { appealFromForm, caseErrorList, reasonWords } from './case-page';
import { staffRefusal } from './case.pages';
import { STAFF_STATUS_WORDS } from './review-page';
import { STAFF_AREA } from './staff-area';

const STAFF = ['reviewer', 'finance', 'admin'] as const;
const DECIDERS = ['reviewer', 'admin'] as const;

/**
 * Appeals (ReviewService.openAppeals and decideAppeal, as
 * /api/v1/admin/appeals): the open ones, oldest first; one appeal beside the
 * decision it is against (its reason code and note, from the history); uphold
 * (back to review) or dismiss (the decision stands), with a note.
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff/appeals')
export class AppealsPages {
  constructor(
    private readonly review: ReviewService,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  @Roles(STAFF)
  async list(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    const appeals = await this.review.openAppeals();
    this.pages.send(req, reply, 'staff-appeals', { title: 'Appeals', appeals, statusWords: STAFF_STATUS_WORDS });
  }

  @Get(':id')
  @Roles(STAFF)
  async one(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    await this.render(req, reply, actor, id, { decision: '', note: '' }, {});
  }

  @Post(':id/decision')
  @Roles(DECIDERS)
  async decide(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    const { values, input, errors } = appealFromForm(req.body);
    if (!input) return this.render(req, reply, actor, id, values, errors, 422);
    const appeal = await this.review.appeal(id);
    try {
      await this.review.decideAppeal(id, input, actor);
    } catch (err) {
      const refused = staffRefusal(err);
      if (!refused) throw err;
      return this.render(req, reply, actor, id, values, { refusal: refused.text }, refused.status);
    }
    this.pages.redirect(reply, `/portal/staff/applications/${appeal.applicationId}?done=appeal-${input.decision}`);
  }

  private async render(req: PortalRequest, reply: FastifyReply, actor: Actor, id: string, values: { decision: string; note: string }, errors: Record<string, string>, status = 200) {
    const appeal = await this.review.appeal(id);
    const application = await this.review.detail(appeal.applicationId);
    // The decision appealed against: the last move to the status it was appealed from, before the appeal.
    const original = [...application.timeline].reverse().find((t) => t.kind === 'status' && t.status === appeal.previousStatus && t.at <= appeal.submittedAt);
    this.pages.send(
      req,
      reply,
      'staff-appeal',
      {
        title: `Appeal for application ${appeal.reference}`,
        width: 'full',
        appeal,
        application,
        original: original
          ? { status: STAFF_STATUS_WORDS[original.status!], at: original.at, reason: original.reason ? reasonWords(original.reason) : 'None given', note: original.note ?? 'None', by: original.byName ? `${original.byName} (${reasonWords(original.byRole)})` : reasonWords(original.byRole) }
          : undefined,
        mayDecide: (DECIDERS as readonly string[]).includes(actor.role ?? '') && !appeal.decision,
        decisions: [
          { value: 'uphold', text: 'Uphold the appeal', hint: { text: 'The application goes back to review, to be decided again.' }, checked: values.decision === 'uphold' },
          { value: 'dismiss', text: 'Dismiss the appeal', hint: { text: `The decision stands: the application goes back to ${STAFF_STATUS_WORDS[appeal.previousStatus].toLowerCase()}.` }, checked: values.decision === 'dismiss' },
        ],
        values,
        maxNote: DECISION_NOTE_MAX,
        errors,
        errorList: caseErrorList(errors),
      },
      status,
    );
  }
}
