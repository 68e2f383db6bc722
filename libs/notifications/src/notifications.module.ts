import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveryLogService } from './delivery-log.service';
import { Mailer } from './mailer';
import { NotificationSender } from './notification-sender';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxRelay } from './outbox-relay';
import { OutboxService } from './outbox.service';
import { NotificationPreferencesService, RoundSubscriptionsService } from './preferences.service';
import { RemindersService } from './reminders.service';

/**
 * The outbox and what drains it. Domain libs import this module for
 * OutboxService; the worker uses OutboxRelay, NotificationSender and
 * RemindersService; the API the delivery log, preferences and round sign-ups.
 */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage])],
  providers: [OutboxService, OutboxRelay, NotificationSender, Mailer, RemindersService, DeliveryLogService, NotificationPreferencesService, RoundSubscriptionsService],
  exports: [OutboxService, OutboxRelay, NotificationSender, Mailer, RemindersService, DeliveryLogService, NotificationPreferencesService, RoundSubscriptionsService],
})
export class NotificationsModule {}
