import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccountsService, CurrentActor, IdentityError, PASSWORD_MIN, Public, type Actor, type TokenPurpose } from '@app/identity';
import { emailField, errorList, linkToken, passwordFormErrors, passwordFormValues, passwordProblemText } from '../kit/account-forms';
import { FormTokens } from '../kit/form-tokens';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { InPortalArea } from '../kit/navigation';
import { PUBLIC_AREA } from './public-area';

/**
 * The pages emailed links open (libs/notifications/src/links.ts): confirming
 * an email address, setting a new password, accepting an invitation, and
 * asking for a password reset link.
 *
 * Opening a link never changes anything: mail scanners and link previews
 * fetch links before the person does, so the GET shows a page whose form
 * (a POST carrying the token in a hidden field) does the work. The GET only
 * checks, without spending it, that the token would still work.
 *
 * CSRF: these pages are @Public() and the person is usually not signed in,
 * so there is no session for a CSRF token to belong to. The token from the
 * email is the proof instead: it is a 256-bit secret that only the mailbox
 * holder has, single use and short lived, so a page on another site cannot
 * build a form that does anything with it. A forged post without the token
 * (or with the forger's own token) changes nothing of the victim's. When a
 * session cookie is sent as well, the forms carry its CSRF token like every
 * form; without it the AuthGuard runs the request anonymously, which these
 * pages do not mind. The reset request form has no emailed token: it carries
 * a form token (FormTokens, tied to a cookie) like the sign-in form.
 */
@InPortalArea(PUBLIC_AREA)
@ApiExcludeController()
@Controller('portal')
@Public()
export class LinkPages {
  constructor(
    private readonly accounts: AccountsService,
    private readonly pages: PortalPages,
    private readonly formTokens: FormTokens,
  ) {}

  @Get('verify-email')
  async verifyEmailPage(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query('token') token?: string, @Query('confirmed') confirmed?: string) {
    if (confirmed) return this.pages.send(req, reply, 'verify-email', { title: 'Your email address is confirmed', state: 'done' });
    const usable = await this.usable(token, 'verify_email');
    if (!usable) return this.invalid(req, reply, 'verify_email', 200);
    this.pages.send(req, reply, 'verify-email', { title: 'Confirm your email address', state: 'confirm', token: usable });
  }

  @Post('verify-email')
  async verifyEmail(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const token = linkToken(req.body?.token);
    if (!token) return this.invalid(req, reply, 'verify_email');
    try {
      await this.accounts.verifyEmail(token, actor);
    } catch (err) {
      if (err instanceof IdentityError && err.code === 'token_invalid') return this.invalid(req, reply, 'verify_email');
      throw err;
    }
    this.pages.redirect(reply, '/portal/verify-email?confirmed=1');
  }

  @Get('reset-password')
  async resetPasswordPage(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query('token') token?: string, @Query('changed') changed?: string) {
    if (changed) return this.pages.send(req, reply, 'set-password', { title: 'Your password has been changed', purpose: 'password_reset', state: 'done' });
    const usable = await this.usable(token, 'password_reset');
    if (!usable) return this.invalid(req, reply, 'password_reset', 200);
    this.passwordForm(req, reply, 'password_reset', usable, {});
  }

  @Post('reset-password')
  resetPassword(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.setPassword(req, reply, actor, 'password_reset');
  }

  @Get('accept-invitation')
  async acceptInvitationPage(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query('token') token?: string, @Query('accepted') accepted?: string) {
    if (accepted) return this.pages.send(req, reply, 'set-password', { title: 'Your password is set', purpose: 'invitation', state: 'done' });
    const usable = await this.usable(token, 'invitation');
    if (!usable) return this.invalid(req, reply, 'invitation', 200);
    this.passwordForm(req, reply, 'invitation', usable, {});
  }

  @Post('accept-invitation')
  acceptInvitation(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.setPassword(req, reply, actor, 'invitation');
  }

  @Get('reset-password/request')
  resetRequestPage(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query('sent') sent?: string) {
    if (sent) return this.pages.send(req, reply, 'reset-request', { title: 'Check your email', state: 'sent' });
    this.pages.send(req, reply, 'reset-request', { title: 'Reset your password', state: 'form', email: '', errors: {}, formToken: this.formTokens.issue(req, reply) });
  }

  /** Always the same answer, as the API: it never says whether the address has an account. */
  @Post('reset-password/request')
  async resetRequest(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const { email, error } = emailField(req.body);
    const forged = this.formTokens.refused(req);
    if (error || forged) {
      const errors = { email: forged ? 'The form had expired or did not come from this site. Enter your email address again.' : error! };
      const formToken = this.formTokens.issue(req, reply);
      return this.pages.send(req, reply, 'reset-request', { title: 'Reset your password', state: 'form', email, errors, errorList: errorList(errors), formToken }, forged ? 400 : 422);
    }
    await this.accounts.requestPasswordReset(email, actor);
    this.pages.redirect(reply, '/portal/reset-password/request?sent=1');
  }

  /** Sets the password through the service (its rules, its token check); the page checks only that both boxes match. */
  private async setPassword(req: PortalRequest, reply: FastifyReply, actor: Actor, purpose: 'password_reset' | 'invitation'): Promise<void> {
    const token = linkToken(req.body?.token);
    if (!token) return this.invalid(req, reply, purpose);
    const values = passwordFormValues(req.body);
    const errors = passwordFormErrors(values);
    if (Object.keys(errors).length) return this.passwordForm(req, reply, purpose, token, errors, 422);
    try {
      if (purpose === 'password_reset') await this.accounts.confirmPasswordReset(token, values.password, actor);
      else await this.accounts.acceptInvitation(token, values.password, actor);
    } catch (err) {
      if (!(err instanceof IdentityError)) throw err;
      if (err.code === 'token_invalid') return this.invalid(req, reply, purpose);
      // The token is not spent: the service's transaction rolled back with the refusal.
      if (err.code === 'weak_password') return this.passwordForm(req, reply, purpose, token, { password: passwordProblemText(err.errors?.[0]) }, 422);
      throw err;
    }
    this.pages.redirect(reply, purpose === 'password_reset' ? '/portal/reset-password?changed=1' : '/portal/accept-invitation?accepted=1');
  }

  private passwordForm(req: PortalRequest, reply: FastifyReply, purpose: 'password_reset' | 'invitation', token: string, errors: Record<string, string>, status = 200): void {
    const title = purpose === 'password_reset' ? 'Choose a new password' : 'Set your password';
    this.pages.send(req, reply, 'set-password', { title, purpose, state: 'form', token, errors, errorList: errorList(errors), passwordMin: PASSWORD_MIN }, status);
  }

  /** The link has been used, has expired or is broken: say so, and how to get a new one. 400 when a form was sent with it, as the API. */
  private invalid(req: PortalRequest, reply: FastifyReply, purpose: TokenPurpose, status = 400): void {
    this.pages.send(req, reply, 'link-invalid', { title: 'This link has expired or has already been used', purpose }, status);
  }

  /** The token if it would still work (read, not spent), otherwise ''. */
  private async usable(token: string | undefined, purpose: TokenPurpose): Promise<string> {
    const candidate = linkToken(token);
    return candidate && (await this.accounts.linkUsable(candidate, purpose)) ? candidate : '';
  }
}
