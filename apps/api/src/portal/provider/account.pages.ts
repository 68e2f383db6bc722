import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccountsService, CurrentActor, Roles, type Actor } from '@app/identity';
import { NotificationPreferencesService } from '@app/notifications';
import { ProvidersService } from '@app/training';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { PROVIDER_AREA } from './provider-area';

/**
 * A provider user's own settings in one place: two-factor authentication,
 * how they hear about new learners, and their organisation's API keys. Each
 * row links to the page that changes it (those pages are shared with other
 * audiences: /portal/account/*), so this page only reads.
 */
@InPortalArea(PROVIDER_AREA)
@ApiExcludeController()
@Controller('portal/provider/account')
@Roles(['provider'])
export class ProviderAccountPages {
  constructor(
    private readonly accounts: AccountsService,
    private readonly preferences: NotificationPreferencesService,
    private readonly providers: ProvidersService,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async account(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const [me, placedLearners, keys] = await Promise.all([this.accounts.me(actor), this.preferences.placedLearnerEmails(actor.userId!), this.providers.listApiKeys(actor.providerId!)]);
    this.pages.send(req, reply, 'provider-account', {
      title: 'Your account',
      email: me.email,
      mfaEnabled: me.mfaEnabled,
      placedLearners,
      workingKeys: keys.filter((k) => !k.revokedAt).length,
    });
  }
}
