import { Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@app/config';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { ApplicationsService, ProfileService } from '@app/intake';
import { field } from '../kit/form-fields';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { isRefusal, refusalText } from '../kit/refusals';
import { APPLICANT_AREA } from './applicant-area';
import { ApplicationPageLoader, type DraftData } from './application-loader';
import { isTaskSection, PROFILE_SECTIONS, type TaskSection } from './application-tasks';
import { declarationError, employerSupportAnswer, qualificationAnswer, statementAnswer, supportValues } from './apply-forms';
import { saveProfileSection } from './profile-section';
import { taskPage, type TaskPageState } from './task-page';

/**
 * The sections of a draft's task list, a page each: the profile's three
 * (saved a section at a time by saveProfileSection, as the profile's own
 * section pages and PUT /api/v1/me/profile judge them), then the qualification,
 * employer support and statement (ApplicationsService.update, as PATCH
 * /api/v1/applications/:id) and the declaration. "Save and continue" goes
 * back to the task list, or to check your answers when opened from there.
 */
@InPortalArea(APPLICANT_AREA)
@ApiExcludeController()
@Controller('portal/applications/:id/tasks')
@Roles(['applicant'])
export class TaskPages {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly profiles: ProfileService,
    private readonly loader: ApplicationPageLoader,
    private readonly config: AppConfig,
    private readonly pages: PortalPages,
  ) {}

  @Get(':section')
  async page(@Param('id', new ParseIdPipe()) id: string, @Param('section') section: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Query('from') from?: string) {
    const draft = await this.draftOr404(actor, id, section);
    if (draft.application.status !== 'draft') return this.pages.redirect(reply, `/portal/applications/${id}`);
    this.pages.send(req, reply, 'application-task', taskPage(draft, section as TaskSection, this.config.workforce, from === 'check'));
  }

  @Post(':section')
  async save(@Param('id', new ParseIdPipe()) id: string, @Param('section') section: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const draft = await this.draftOr404(actor, id, section);
    const fromCheck = field(req.body, 'from') === 'check';
    if (draft.application.status !== 'draft') return this.pages.redirect(reply, `/portal/applications/${id}`);
    const refused = await this.saveSection(actor, draft, section as TaskSection, req.body);
    if (refused) return this.pages.send(req, reply, 'application-task', taskPage(draft, section as TaskSection, this.config.workforce, fromCheck, refused), 422);
    this.pages.redirect(reply, fromCheck ? `/portal/applications/${id}/check` : `/portal/applications/${id}`);
  }

  private async draftOr404(actor: Actor, id: string, section: string): Promise<DraftData> {
    if (!isTaskSection(section)) throw new NotFoundException();
    return this.loader.draft(actor, id);
  }

  /** Saves the section's answers, or returns the page's state as typed with every problem. */
  private async saveSection(actor: Actor, draft: DraftData, section: TaskSection, body: PortalRequest['body']): Promise<TaskPageState | undefined> {
    const id = draft.application.id;
    const fields = PROFILE_SECTIONS[section];
    try {
      if (fields) {
        const refused = await saveProfileSection(this.profiles, actor, this.config.workforce, fields, body);
        if (refused) return refused;
      } else if (section === 'qualification') {
        const { qualificationId, error } = qualificationAnswer(body, draft.round.qualifications.map((q) => q.id));
        if (!qualificationId) return { errors: { qualificationId: error! } };
        await this.applications.update(actor, id, { qualificationId });
      } else if (section === 'employer-support') {
        const support = supportValues(body);
        const answer = employerSupportAnswer(support);
        if (answer.support === undefined) return { support, errors: answer.errors };
        await this.applications.update(actor, id, { employerSupport: answer.support });
      } else if (section === 'statement') {
        const { statement, error } = statementAnswer(body);
        if (error) return { statement, errors: { statement: error } };
        await this.applications.update(actor, id, { statement });
      } else {
        const error = declarationError(body);
        if (error) return { errors: { declaration: error } };
        await this.applications.declare(actor, id);
      }
    } catch (err) {
      if (!isRefusal(err)) throw err;
      const key = { qualification: 'qualificationId', 'employer-support': 'hasSupport', statement: 'statement', declaration: 'declaration' }[section as string] ?? 'fullName';
      return { errors: { [key]: refusalText('draft', err) } };
    }
    return undefined;
  }
}
