import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccountsService, CurrentActor, Roles, SignedIn, type Actor } from '@app/identity';
import { NotificationPreferencesService } from '@app/notifications';
import { emailSettings } from '../kit/account-forms';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { APPLICANT_AREA } from './applicant-area';

/**
 * The signed-in person's own account: which emails they get (the service
 * behind GET/PUT /api/v1/me/notification-preferences), and, for an applicant
 * who has not confirmed their email address, a new confirmation link.
 */
@InPortalArea(APPLICANT_AREA)
@ApiExcludeController()
@Controller('portal/account')
export class AccountPages {
  constructor(
    private readonly preferences: NotificationPreferencesService,
    private readonly accounts: AccountsService,
    private readonly pages: PortalPages,
  ) {}

  @Get('email-settings')
  @SignedIn()
  async emailSettingsPage(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Query('saved') saved?: string) {
    const settings = await this.preferences.get(actor.userId!);
    // Only programme administrators are sent the daily summary, so only they are asked about it.
    this.pages.send(req, reply, 'email-settings', { title: 'Email settings', settings, offersDigest: actor.role === 'admin', banner: saved ? 'Your email settings have been saved' : undefined });
  }

  /** A box left unticked turns that kind of email off; decisions and security messages are not on the form, so always go. */
  @Post('email-settings')
  @SignedIn()
  async saveEmailSettings(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const { reminders, digests, skillsAuditInvitations } = emailSettings(req.body);
    // A box the page did not show is left as it was.
    await this.preferences.update(actor.userId!, actor.role === 'admin' ? { reminders, digests, skillsAuditInvitations } : { reminders, skillsAuditInvitations });
    this.pages.redirect(reply, '/portal/account/email-settings?saved=1');
  }

  /** Sends the confirmation link again (the service sends nothing once the address is confirmed, and limits how often). */
  @Post('confirm-email')
  @Roles(['applicant'])
  async resendConfirmation(@Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    await this.accounts.resendVerification(actor);
    this.pages.redirect(reply, '/portal/applications?emailSent=1');
  }
}
