import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@app/config';
import { AccountsService, CurrentActor, IdentityError, PASSWORD_MIN, Public, Roles, type Actor } from '@app/identity';
import { EligibilityCheckService, IntakeError, ProfileService } from '@app/intake';
import { ELIGIBILITY_WORDS } from './application-page';
import { errorList, passwordProblemText, safeNext } from './account-forms';
import { emptyProfile, profileFieldId, profileInput, profileProblemText, profileToValues, profileValues, registerErrors, registerValues, type ProfileValues, type RegisterValues } from './apply-forms';
import { FormTokens } from './form-tokens';
import { field } from './form-fields';
import { PortalPages, type FormError, type PortalRequest } from './pages';

/**
 * Registering as an applicant: the same AccountsService.register as
 * POST /api/v1/auth/register (its password rule, its verification email).
 * The form is shown before there is a session, so it carries a form token
 * (FormTokens) like the sign-in form.
 *
 * An address that already has an account is not told apart on the page: the
 * person sees the same "Check your email" page as a new registration (which
 * says to sign in or reset the password if they already have an account), so
 * the form cannot be used to find out who has an account.
 */
@ApiExcludeController()
@Controller('portal/register')
@Public()
export class RegisterPages {
  constructor(
    private readonly accounts: AccountsService,
    private readonly pages: PortalPages,
    private readonly formTokens: FormTokens,
  ) {}

  @Get()
  page(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query('sent') sent?: string) {
    if (sent) return this.pages.send(req, reply, 'register', { title: 'Check your email', state: 'sent' });
    this.form(req, reply, { fullName: '', email: '', password: '', confirmPassword: '' }, {});
  }

  @Post()
  async register(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const values = registerValues(req.body);
    if (this.formTokens.refused(req)) {
      return this.form(req, reply, values, { fullName: 'The form had expired or did not come from this site. Enter your details again.' }, 400);
    }
    const errors = registerErrors(values);
    if (Object.keys(errors).length) return this.form(req, reply, values, errors, 422);
    try {
      await this.accounts.register({ email: values.email, password: values.password, fullName: values.fullName }, actor);
    } catch (err) {
      if (err instanceof IdentityError && err.code === 'weak_password') return this.form(req, reply, values, { password: passwordProblemText(err.errors?.[0]) }, 422);
      throw err;
    }
    this.pages.redirect(reply, '/portal/register?sent=1');
  }

  private form(req: PortalRequest, reply: FastifyReply, values: RegisterValues, errors: Record<string, string>, status = 200): void {
    const formToken = this.formTokens.issue(req, reply);
    // Passwords are never sent back to the browser.
    const shown = { fullName: values.fullName, email: values.email };
    this.pages.send(req, reply, 'register', { title: 'Create an account', state: 'form', values: shown, errors, errorList: errorList(errors), passwordMin: PASSWORD_MIN, formToken }, status);
  }
}

/**
 * The applicant's profile on one page, saved through ProfileService.save (as
 * PUT /api/v1/me/profile): its checks against config/workforce.yaml, its
 * problems shown beside the fields. Then back to `next` (a portal path), or
 * the applications.
 */
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
    const { input, errors } = profileInput(values, w);
    if (!input) return this.form(req, reply, values, errors, next, {}, 422);
    try {
      await this.profiles.save(actor, input);
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
    this.pages.send(req, reply, 'profile', { title: 'Your profile', ...profileForm(this.config, values, errors), next, ...extra }, status);
  }
}

/** What the profile form needs (its values, its errors, the framework's codes by name): for the profile and the eligibility check alike. */
function profileForm(config: AppConfig, values: ProfileValues, errors: Record<string, string>) {
  const w = config.workforce;
  return {
    values,
    errors,
    errorList: Object.entries(errors).map(([name, text]): FormError => ({ href: `#${profileFieldId(name)}`, text })),
    regions: w.regions,
    roles: w.currentRoles,
    competencies: w.competencies,
    ratings: Object.entries(w.ratings)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([value, text]) => ({ value, text: `${value}: ${text}` })),
  };
}

/** The name the eligibility check's answers carry: the rules never read it, and the page does not ask for it. */
const NOT_ASKED = 'Not asked';

/**
 * "Am I eligible?" for anyone, signed in or not: the profile's questions
 * (without a name), checked by EligibilityCheckService against the newest
 * published rule set, as POST /api/v1/eligibility/check. Nothing is stored,
 * so the form needs no CSRF proof: a forged post only shows its sender a
 * result.
 */
@ApiExcludeController()
@Controller('portal/eligibility')
@Public()
export class EligibilityPages {
  constructor(
    private readonly checker: EligibilityCheckService,
    private readonly config: AppConfig,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  page(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    this.pages.send(req, reply, 'profile', { title: 'Check if you are eligible', check: true, ...profileForm(this.config, emptyProfile(NOT_ASKED), {}) });
  }

  @Post()
  async check(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    const values = { ...profileValues(req.body, this.config.workforce), fullName: NOT_ASKED };
    const again = (errors: Record<string, string>) =>
      this.pages.send(req, reply, 'profile', { title: 'Check if you are eligible', check: true, ...profileForm(this.config, values, errors) }, 422);
    const { input, errors } = profileInput(values, this.config.workforce);
    if (!input) return again(errors);
    let result;
    try {
      result = await this.checker.check(input);
    } catch (err) {
      if (!(err instanceof IntakeError) || err.code !== 'invalid_profile') throw err;
      return again(profileProblemText(err.errors ?? []));
    }
    this.pages.send(req, reply, 'eligibility-result', { title: 'Your eligibility', result, outcome: ELIGIBILITY_WORDS[result.outcome] });
  }
}
