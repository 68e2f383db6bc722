import { Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@app/config';
import { AccountsService, CurrentActor, Roles, type Actor } from '@app/identity';
import { ProfileService } from '@app/intake';
import { safeNext } from '../kit/account-forms';
import { field } from '../kit/form-fields';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { APPLICANT_AREA } from './applicant-area';
import { isProfileSection, PROFILE_SECTIONS, type ProfileSection } from './application-tasks';
import { profileToValues } from './profile-form';
import { profileSectionPage, profileSummaryPage } from './profile-page';
import { saveProfileSection } from './profile-section';

/**
 * The applicant's profile: a summary of its three sections, and a page per
 * section asking the same questions as the draft application's task list
 * and saved the same way (saveProfileSection, ProfileService.saveSection).
 * A saved section goes back to `next` (a portal path) once the profile is
 * complete, otherwise to the summary (keeping `next`).
 */
@InPortalArea(APPLICANT_AREA)
@ApiExcludeController()
@Controller('portal/profile')
@Roles(['applicant'])
export class ProfilePages {
  constructor(
    private readonly profiles: ProfileService,
    private readonly accounts: AccountsService,
    private readonly config: AppConfig,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async summary(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Query('next') next?: string, @Query('saved') saved?: string) {
    const { answers } = await this.profiles.answers(actor.userId!);
    this.pages.send(req, reply, 'profile', profileSummaryPage(answers, this.config.workforce, { next: safeNext(next), banner: saved ? 'Your profile has been saved' : undefined }));
  }

  @Get(':section')
  async page(@Param('section') section: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Query('next') next?: string) {
    const slug = this.sectionOr404(section);
    const { answers } = await this.profiles.answers(actor.userId!);
    // Before the name is saved, the account's name is the likeliest answer.
    const fullName = answers.fullName ?? (await this.accounts.me(actor)).fullName;
    this.pages.send(req, reply, 'profile-section', profileSectionPage(slug, this.config.workforce, profileToValues({ ...answers, fullName }), {}, safeNext(next)));
  }

  @Post(':section')
  async save(@Param('section') section: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const slug = this.sectionOr404(section);
    const next = safeNext(field(req.body, 'next'));
    const refused = await saveProfileSection(this.profiles, actor, this.config.workforce, PROFILE_SECTIONS[slug]!, req.body);
    if (refused) return this.pages.send(req, reply, 'profile-section', profileSectionPage(slug, this.config.workforce, refused.profile, refused.errors, next), 422);
    // Back to where the person came from once the whole profile is there; until then to the summary, which keeps
    // `next` and shows the sections still to do (a saved first section is not a reason to leave).
    const { profile } = await this.profiles.answers(actor.userId!);
    if (next && profile) return this.pages.redirect(reply, next);
    this.pages.redirect(reply, `/portal/profile?saved=1${next ? `&next=${encodeURIComponent(next)}` : ''}`);
  }

  private sectionOr404(section: string): ProfileSection {
    if (!isProfileSection(section)) throw new NotFoundException();
    return section;
  }
}
