import { Controller, Get, Headers, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@app/config';
import { AccountsService, CurrentActor, IdentityError, PASSWORD_MIN, Public, SessionsService, sessionCookieOf, type Actor } from '@app/identity';
import { errorList, passwordProblemText } from '../kit/account-forms';
import { FormTokens } from '../kit/form-tokens';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { setSessionCookie } from '../kit/session-cookie';
import { PUBLIC_AREA } from './public-area';
import { registerErrors, registerValues, type RegisterValues } from './register-form';

/**
 * Registering as an applicant: the same AccountsService.register as
 * POST /api/v1/auth/register (its password rule, its verification email).
 * The form is shown before there is a session, so it carries a form token
 * (FormTokens) like the sign-in form.
 *
 * An address that already has an account is not told apart on the page: the
 * person sees the same "Check your email" page as a new registration (which
 * says to sign in or reset the password if they already have an account), so
 * the form cannot be used to find out who has an account from the page or
 * the email.
 *
 * A new account's owner is signed in straight away (they chose its password
 * a moment ago, and sign in with it as the sign-in form would). Being signed
 * in does tell the person who sent the form that the address was free:
 * unavoidable if registering signs anyone in, and bounded as for the API, by
 * the per-network limit on registrations and by each probe of a free
 * address creating an account and emailing that address.
 */
@InPortalArea(PUBLIC_AREA)
@ApiExcludeController()
@Controller('portal/register')
@Public()
export class RegisterPages {
  constructor(
    private readonly accounts: AccountsService,
    private readonly pages: PortalPages,
    private readonly formTokens: FormTokens,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  page(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query('sent') sent?: string) {
    // Signed in here, the account was just made (registering signed its owner in).
    if (sent) return this.pages.send(req, reply, 'register', { title: req.principal?.sessionId ? 'Your account has been created' : 'Check your email', state: 'sent' });
    this.form(req, reply, { fullName: '', email: '', password: '', confirmPassword: '' }, {});
  }

  @Post()
  async register(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Headers('user-agent') userAgent?: string) {
    const values = registerValues(req.body);
    if (this.formTokens.refused(req)) {
      return this.form(req, reply, values, { fullName: 'The form had expired or did not come from this site. Enter your details again.' }, 400);
    }
    const errors = registerErrors(values);
    if (Object.keys(errors).length) return this.form(req, reply, values, errors, 422);
    let created: boolean;
    try {
      ({ created } = await this.accounts.register({ email: values.email, password: values.password, fullName: values.fullName }, actor));
    } catch (err) {
      if (err instanceof IdentityError && err.code === 'weak_password') return this.form(req, reply, values, { password: passwordProblemText(err.errors?.[0]) }, 422);
      throw err;
    }
    if (created) await this.signIn(req, reply, values, actor, userAgent);
    this.pages.redirect(reply, '/portal/register?sent=1');
  }

  /**
   * Signs the new account's owner in through the sign-in path itself (its
   * limits, its audit, a new cookie session replacing any the browser held).
   * Refused there (the network's sign-in limit reached), the account still
   * stands and the page says to sign in, as it did before.
   */
  private async signIn(req: PortalRequest, reply: FastifyReply, values: RegisterValues, actor: Actor, userAgent?: string): Promise<void> {
    try {
      const signedIn = await this.sessions.signIn(
        { email: values.email, password: values.password },
        { ip: actor.ip, requestId: actor.requestId, userAgent },
        { kind: 'cookie', replacing: sessionCookieOf(req.headers.cookie) },
      );
      setSessionCookie(reply, signedIn.accessToken, new Date(signedIn.expiresAt), this.config);
    } catch (err) {
      if (!(err instanceof IdentityError)) throw err;
    }
  }

  private form(req: PortalRequest, reply: FastifyReply, values: RegisterValues, errors: Record<string, string>, status = 200): void {
    const formToken = this.formTokens.issue(req, reply);
    // Passwords are never sent back to the browser.
    const shown = { fullName: values.fullName, email: values.email };
    this.pages.send(req, reply, 'register', { title: 'Create an account', state: 'form', values: shown, errors, errorList: errorList(errors), passwordMin: PASSWORD_MIN, formToken }, status);
  }
}
