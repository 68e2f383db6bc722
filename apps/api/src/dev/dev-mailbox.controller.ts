import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@app/identity';
import { DevMailbox, type MailboxMessage } from '@app/notifications';

/**
 * The development mailbox: email sent while SMTP_URL is unset, newest first.
 * AppModule mounts it only outside production and without SMTP_URL; an
 * API-only process (no worker) has no mailbox to show and lists nothing.
 */
@ApiExcludeController()
@Controller('dev/mailbox')
export class DevMailboxController {
  @Get()
  @Public()
  async list(): Promise<{ messages: MailboxMessage[] }> {
    const mailbox = await DevMailbox.current();
    return { messages: mailbox?.list() ?? [] };
  }
}
