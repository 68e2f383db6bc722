import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Mailer } from './mailer';
import { NotificationSender } from './notification-sender';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxRelay } from './outbox-relay';
import { OutboxService } from './outbox.service';

/**
 * The outbox and what drains it. Domain libs import this module for
 * OutboxService; the worker uses OutboxRelay and NotificationSender. The
 * sender needs a RecipientDirectory, provided by the identity lib.
 */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage])],
  providers: [OutboxService, OutboxRelay, NotificationSender, Mailer],
  exports: [OutboxService, OutboxRelay, NotificationSender, Mailer],
})
export class NotificationsModule {}
