import { Controller, ConflictException, Get, HttpCode, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '@app/http';
import { AuditService, CurrentActor, Roles, type Actor } from '@app/identity';
import { DeliveryLogService, type ResendRefusal } from '@app/notifications';
import { resendMessage } from './resend';
import { DeliveryLogEntryDto, DeliveryLogPageDto, DeliveryQueryDto } from './notifications.dto';

export const RESEND_REFUSALS: Record<Exclude<ResendRefusal, 'not_found'>, string> = {
  in_progress: 'This message is already on its way',
  link_gone: 'This message carried a single-use link that has been used or has expired: ask the person to request a new one',
};

@ApiTags('administration: notifications')
@Controller('admin/notifications')
@Roles(['admin'])
export class AdminNotificationsController {
  constructor(
    private readonly log: DeliveryLogService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOkResponse({ type: DeliveryLogPageDto, description: 'The delivery log, newest first, 50 to a page' })
  list(@Query() query: DeliveryQueryDto): Promise<DeliveryLogPageDto> {
    return this.log.list(query);
  }

  @Post(':id/resend')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: DeliveryLogEntryDto, description: 'Back in the outbox; 409 while it is on its way, or when its link has gone' })
  async resend(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor): Promise<DeliveryLogEntryDto> {
    const result = await resendMessage(this.log, this.audit, id, actor);
    if (result.ok) return result.entry;
    if (result.refusal === 'not_found') throw new NotFoundException('No message with that id');
    throw new ConflictException(RESEND_REFUSALS[result.refusal]);
  }
}
