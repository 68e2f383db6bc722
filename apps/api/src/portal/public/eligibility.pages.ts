import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@app/config';
import { Public } from '@app/identity';
import { EligibilityCheckService, IntakeError, PROFILE_FIELDS, ProfileService, type ProfileInput } from '@app/intake';
import { ELIGIBILITY_WORDS } from '../applicant/application-page';
import { allProfileErrors, emptyProfile, profileAnswers, profileProblemText, profileValues } from '../applicant/profile-form';
import { profileFormPage } from '../applicant/profile-page';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { PUBLIC_AREA } from './public-area';

/** The name the eligibility check's answers carry: the rules never read it, and the page does not ask for it. */
const NOT_ASKED = 'Not asked';

/** The profile's questions the check asks: all but the name. */
const ASKED = PROFILE_FIELDS.filter((f) => f !== 'fullName');

/**
 * "Am I eligible?" for anyone, signed in or not: the profile's questions
 * (without a name), checked by EligibilityCheckService against the newest
 * published rule set, as POST /api/v1/eligibility/check. Nothing is stored,
 * so the form needs no CSRF proof: a forged post only shows its sender a
 * result. It asks the applicant profile's questions, so it shows the
 * applicant's profile form (applicant/views/profile.njk) with `check: true`.
 */
@InPortalArea(PUBLIC_AREA)
@ApiExcludeController()
@Controller('portal/eligibility')
@Public()
export class EligibilityPages {
  constructor(
    private readonly checker: EligibilityCheckService,
    private readonly profiles: ProfileService,
    private readonly config: AppConfig,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  page(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    this.pages.send(req, reply, 'profile', { title: 'Check if you are eligible', check: true, ...profileFormPage(this.config.workforce, emptyProfile(NOT_ASKED), {}) });
  }

  @Post()
  async check(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    const values = { ...profileValues(req.body, this.config.workforce), fullName: NOT_ASKED };
    const again = (errors: Record<string, string>) =>
      this.pages.send(req, reply, 'profile', { title: 'Check if you are eligible', check: true, ...profileFormPage(this.config.workforce, values, errors) }, 422);
    const { answers, errors } = profileAnswers(values, this.config.workforce, ASKED);
    const all = allProfileErrors(errors, this.profiles.check(answers, undefined, ASKED));
    if (Object.keys(all).length) return again(all);
    let result;
    try {
      result = await this.checker.check({ ...answers, fullName: NOT_ASKED } as ProfileInput);
    } catch (err) {
      if (!(err instanceof IntakeError) || err.code !== 'invalid_profile') throw err;
      return again(profileProblemText(err.errors ?? []));
    }
    this.pages.send(req, reply, 'eligibility-result', { title: 'Your eligibility', result, outcome: ELIGIBILITY_WORDS[result.outcome] });
  }
}
