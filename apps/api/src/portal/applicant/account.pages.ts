import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@app/config';
import { AccountsService, CurrentActor, Roles, SignedIn, type Actor } from '@app/identity';
import { NotificationPreferencesService } from '@app/notifications';
import { emailSettings, placedLearnerEmailsOf } from '../kit/account-forms';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { APPLICANT_AREA } from './applicant-area';

/** An hour of the day as the NHS style guide writes times: 8am, 12pm. */
const clockHour = (hour: number) => `${hour % 12 || 12}${hour < 12 ? 'am' : 'pm'}`;

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
    private readonly config: AppConfig,
  ) {}

  @Get('email-settings')
  @SignedIn()
  async emailSettingsPage(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Query('saved') saved?: string) {
    const settings = await this.preferences.get(actor.userId!);
    // Only provider users hear about newly placed learners, so only they are asked how.
    const placedLearners = actor.role === 'provider' ? await this.preferences.placedLearnerEmails(actor.userId!) : undefined;
    // Only programme administrators are sent the daily summary, so only they are asked about it.
    this.pages.send(req, reply, 'email-settings', {
      title: 'Email settings',
      settings,
      placedLearners,
      summaryTime: clockHour(this.config.notifications.placedLearnerSummaryHour),
      offersDigest: actor.role === 'admin',
      banner: saved ? 'Your email settings have been saved' : undefined,
    });
  }

  /** A box left unticked turns that kind of email off; decisions and security messages are not on the form, so always go. */
  @Post('email-settings')
  @SignedIn()
  async saveEmailSettings(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const { reminders, digests, skillsAuditInvitations } = emailSettings(req.body);
    // A box the page did not show is left as it was; every choice is saved in one statement.
    const placedLearners = actor.role === 'provider' ? placedLearnerEmailsOf(req.body) : undefined;
    await this.preferences.update(actor.userId!, { reminders, skillsAuditInvitations, ...(actor.role === 'admin' ? { digests } : {}), ...(placedLearners ? { placedLearners } : {}) });
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
