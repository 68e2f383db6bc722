import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestValidationError } from '@app/http';
import { CurrentActor, Public, SignedIn, type Actor } from '@app/identity';
import { NotificationPreferencesService, RoundSubscriptionsService } from '@app/notifications';
import { NotificationPreferencesDto, NotifyMeDto, UpdateNotificationPreferencesDto } from './notifications.dto';

@ApiTags('accounts')
@Controller('me/notification-preferences')
@SignedIn()
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  @Get()
  @ApiOkResponse({ type: NotificationPreferencesDto, description: 'Reminders and digests can be turned off; decisions and security messages always go' })
  async get(@CurrentActor() actor: Actor): Promise<NotificationPreferencesDto> {
    return this.withPlacedLearners(actor, await this.preferences.get(actor.userId!));
  }

  @Put()
  @ApiOkResponse({ type: NotificationPreferencesDto })
  async update(@CurrentActor() actor: Actor, @Body() body: UpdateNotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    if (body.placedLearners !== undefined && actor.role !== 'provider') {
      throw new RequestValidationError([{ field: 'placedLearners', message: 'is only for training provider users' }]);
    }
    return this.withPlacedLearners(actor, await this.preferences.update(actor.userId!, body));
  }

  /** A provider user also chooses how they hear about newly placed learners (the portal's email settings page too). */
  private async withPlacedLearners(actor: Actor, prefs: NotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    return actor.role === 'provider' ? { ...prefs, placedLearners: await this.preferences.placedLearnerEmails(actor.userId!) } : prefs;
  }
}

@ApiTags('applicants')
@Controller('rounds/notify-me')
export class RoundSubscriptionsController {
  constructor(private readonly subscriptions: RoundSubscriptionsService) {}

  @Post()
  @Public()
  @HttpCode(202)
  @ApiAcceptedResponse({ description: '"Tell me when a round opens": we email the address once, when a round is open. Always 202.' })
  async notifyMe(@Body() body: NotifyMeDto): Promise<void> {
    await this.subscriptions.subscribe(body.email);
  }
}
