import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, SignedIn, type Actor } from '@app/identity';
import { SkillsAuditService } from '@app/workforce';
import { NewSkillsAuditDto, SkillsAuditDto } from './skills-audits.dto';

/** The skills audit for anyone signed in: record a self-assessment, read your own (every one kept, newest first). */
@ApiTags('workforce')
@Controller('skills-audits')
@SignedIn()
export class SkillsAuditsController {
  constructor(private readonly audits: SkillsAuditService) {}

  @Post()
  @ApiCreatedResponse({ type: SkillsAuditDto })
  record(@Body() body: NewSkillsAuditDto, @CurrentActor() actor: Actor): Promise<SkillsAuditDto> {
    return this.audits.record(actor.userId!, body);
  }

  @Get('mine')
  @ApiOkResponse({ type: [SkillsAuditDto] })
  mine(@CurrentActor() actor: Actor): Promise<SkillsAuditDto[]> {
    return this.audits.history(actor.userId!);
  }
}
