import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@app/config';
import { AccountsService, CurrentActor, Roles, type Actor } from '@app/identity';
import { IntakeError, ProfileService, type ProfileInput } from '@app/intake';
import { safeNext } from '../kit/account-forms';
import { field } from '../kit/form-fields';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { APPLICANT_AREA } from './applicant-area';
import { allProfileErrors, emptyProfile, profileAnswers, profileProblemText, profileToValues, profileValues, type ProfileValues } from './profile-form';
import { profileFormPage } from './profile-page';

/**
 * The applicant's profile on one page, saved through ProfileService.save (as
 * PUT /api/v1/me/profile): its checks against config/workforce.yaml, its
 * problems shown beside the fields. Then back to `next` (a portal path), or
 * the applications.
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
  async page(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Query('next') next?: string, @Query('saved') saved?: string) {
    const profile = await this.profiles.get(actor.userId!);
    const values = profile ? profileToValues(profile) : emptyProfile((await this.accounts.me(actor)).fullName);
    this.form(req, reply, values, {}, safeNext(next), { banner: saved ? 'Your profile has been saved' : undefined, isNew: !profile });
  }

  @Post()
  async save(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const w = this.config.workforce;
    const values = profileValues(req.body, w);
    const next = safeNext(field(req.body, 'next'));
    const { answers, errors } = profileAnswers(values, w);
    const all = allProfileErrors(errors, this.profiles.check(answers));
    if (Object.keys(all).length) return this.form(req, reply, values, all, next, {}, 422);
    try {
      await this.profiles.save(actor, answers as ProfileInput);
    } catch (err) {
      if (!(err instanceof IntakeError) || err.code !== 'invalid_profile') throw err;
      return this.form(req, reply, values, profileProblemText(err.errors ?? []), next, {}, 422);
    }
    this.pages.redirect(reply, next ?? '/portal/profile?saved=1');
  }

  private form(
    req: PortalRequest,
    reply: FastifyReply,
    values: ProfileValues,
    errors: Record<string, string>,
    next: string | undefined,
    extra: { banner?: string; isNew?: boolean },
    status = 200,
  ): void {
    this.pages.send(req, reply, 'profile', { title: 'Your profile', ...profileFormPage(this.config.workforce, values, errors), next, ...extra }, status);
  }
}
