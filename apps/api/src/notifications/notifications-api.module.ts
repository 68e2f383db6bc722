import { Module } from '@nestjs/common';
import { AdminNotificationsController } from './admin-notifications.controller';
import { NotificationPreferencesController, RoundSubscriptionsController } from './notification-preferences.controller';

/**
 * The delivery log and resend for admins, each person's notification
 * preferences, and "tell me when a round opens". The services come from
 * NotificationsModule, which IdentityModule (global) exports.
 */
@Module({
  controllers: [AdminNotificationsController, NotificationPreferencesController, RoundSubscriptionsController],
})
export class NotificationsApiModule {}
