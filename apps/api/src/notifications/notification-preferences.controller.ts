import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
  get(@CurrentActor() actor: Actor): Promise<NotificationPreferencesDto> {
    return this.preferences.get(actor.userId!);
  }

  @Put()
  @ApiOkResponse({ type: NotificationPreferencesDto })
  update(@CurrentActor() actor: Actor, @Body() body: UpdateNotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    return this.preferences.update(actor.userId!, body);
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
