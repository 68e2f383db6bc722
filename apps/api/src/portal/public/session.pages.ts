import { Controller, Get, Headers, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@app/config';
import { CurrentActor, IdentityError, Public, SessionsService, sessionCookieOf, SignedIn, type Actor } from '@app/identity';
import { safeNext, secondFactorOf } from '../kit/account-forms';
import { FormTokens } from '../kit/form-tokens';
import { field, rawField } from '../kit/form-fields';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { InPortalArea, startFor } from '../kit/navigation';
import { PUBLIC_AREA } from './public-area';
import { clearSessionCookie, setSessionCookie } from '../kit/session-cookie';
import { summaryOf } from '../kit/form-state';

/** The portal's front door: home, sign-in (a cookie session through SessionsService) and sign-out. */
@InPortalArea(PUBLIC_AREA)
@ApiExcludeController()
@Controller('portal')
export class SessionPages {
  constructor(
    private readonly sessions: SessionsService,
    private readonly pages: PortalPages,
    private readonly config: AppConfig,
    private readonly formTokens: FormTokens,
  ) {}

  @Get()
  @Public()
  home(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    this.pages.send(req, reply, 'home', { title: 'Home', role: req.principal?.role });
  }

  @Get('sign-in')
  @Public()
  signInPage(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query('signedOut') signedOut?: string, @Query('next') next?: string) {
    const formToken = this.formTokens.issue(req, reply);
    this.pages.send(req, reply, 'sign-in', { title: 'Sign in', values: {}, errors: {}, next: safeNext(next), banner: signedOut ? 'You have signed out' : undefined, formToken });
  }

  /**
   * Every sign-in starts a new session and a new cookie; the one the browser
   * held before is revoked. Then to the page that asked for sign-in (a
   * portal path only), or the start page of the role's area.
   */
  @Post('sign-in')
  @Public()
  async signIn(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Headers('user-agent') userAgent?: string) {
    const email = field(req.body, 'email');
    const password = rawField(req.body, 'password');
    const askOtp = typeof req.body?.otp === 'string';
    const otp = field(req.body, 'otp');
    const next = safeNext(field(req.body, 'next'));
    // The form must carry the token of the page this site showed (no login CSRF).
    if (this.formTokens.refused(req)) {
      return this.again(req, reply, email, askOtp, next, { email: 'The sign-in form had expired or did not come from this site. Enter your details again.' }, 400);
    }
    const errors: Record<string, string> = {};
    if (!email) errors.email = 'Enter your email address';
    if (!password) errors.password = 'Enter your password';
    if (askOtp && !otp) errors.otp = 'Enter the 6-digit code from your authenticator app';
    if (Object.keys(errors).length) return this.again(req, reply, email, askOtp, next, errors);
    try {
      const signedIn = await this.sessions.signIn(
        { email, password, ...secondFactorOf(otp) },
        { ip: actor.ip, requestId: actor.requestId, userAgent },
        { kind: 'cookie', replacing: sessionCookieOf(req.headers.cookie) },
      );
      setSessionCookie(reply, signedIn.accessToken, new Date(signedIn.expiresAt), this.config);
      // A staff member who must set up two-factor first can reach only its pages until they do; the page asked for waits until then.
      if (signedIn.mfaSetupRequired) return this.pages.redirect(reply, `/portal/account/two-factor${next ? `?next=${encodeURIComponent(next)}` : ''}`);
      this.pages.redirect(reply, next ?? startFor(signedIn.user.role) ?? '/portal');
    } catch (err) {
      if (!(err instanceof IdentityError)) throw err;
      if (err.code === 'mfa_required') return this.again(req, reply, email, true, next, { password: 'Enter your password again', otp: 'Enter the 6-digit code from your authenticator app' });
      // One message whichever part was wrong, as the API: it does not say whether the email has an account.
      if (err.code === 'invalid_credentials') return this.again(req, reply, email, askOtp, next, { email: err.message });
      throw err;
    }
  }

  @Post('sign-out')
  @SignedIn({ duringMfaSetup: true })
  async signOut(@Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    await this.sessions.signOut(actor);
    clearSessionCookie(reply, this.config);
    this.pages.redirect(reply, '/portal/sign-in?signedOut=1');
  }

  private again(req: PortalRequest, reply: FastifyReply, email: string, askOtp: boolean, next: string | undefined, errors: Record<string, string>, status = 400): void {
    const errorList = summaryOf(errors);
    const formToken = this.formTokens.issue(req, reply);
    this.pages.send(req, reply, 'sign-in', { title: 'Sign in', values: { email }, askOtp, next, errors, errorList, formToken }, status);
  }
}
