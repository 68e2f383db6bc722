import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { GapPriorityService } from '@app/workforce';
import { PriorityPreviewDto, PriorityPreviewQueryDto, PrioritySettingResultDto, PrioritySettingsDto, PutPrioritySettingDto } from './priority-settings.dto';

/** Gap-weighted review priority (admins): the setting, its what-if, and switching it on or off. */
@ApiTags('administration: priority')
@Controller('admin/priority-settings')
@Roles(['admin'])
export class PrioritySettingsController {
  constructor(private readonly priority: GapPriorityService) {}

  @Get()
  @ApiOkResponse({ type: PrioritySettingsDto })
  async get(): Promise<PrioritySettingsDto> {
    const [current, history] = await Promise.all([this.priority.current(), this.priority.history()]);
    return { current, history };
  }

  @Get('preview')
  @ApiOkResponse({ type: PriorityPreviewDto, description: 'How the queue (submitted, undecided applications) would reorder with gap weighting on; nothing is written' })
  async preview(@Query() query: PriorityPreviewQueryDto): Promise<PriorityPreviewDto> {
    const current = await this.priority.current();
    return this.priority.preview({ maxPoints: query.maxPoints ?? current.maxPoints, areaKind: query.areaKind ?? current.areaKind });
  }

  @Put()
  @ApiOkResponse({ type: PrioritySettingResultDto, description: 'A new version; every submitted, undecided application is rescored in the same transaction' })
  put(@Body() body: PutPrioritySettingDto, @CurrentActor() actor: Actor): Promise<PrioritySettingResultDto> {
    return this.priority.set(body, actor);
  }
}
