import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, type PipeTransform } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe, RequestValidationError } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { QualificationsService, ReviewService, RoundsService, RuleSets } from '@app/intake';
import {
  AppealDecisionDto,
  BulkDecisionDto,
  CreateQualificationDto,
  CreateRoundDto,
  DecisionDto,
  DecisionResultDto,
  QualificationDto,
  QueueQueryDto,
  RoundDto,
  RuleSetDetailDto,
  RuleSetSummaryDto,
  RuleSetUploadDto,
  StatusDto,
  UpdateQualificationDto,
  UpdateRoundDto,
  WhatIfDto,
} from './intake.dto';
import { ApplicationDetailDto, OpenAppealDto, QueuePageDto, WhatIfReportDto } from './review.dto';

const STAFF = ['reviewer', 'finance', 'admin'] as const;
const DECIDERS = ['reviewer', 'admin'] as const;

/** A rule set version in a path looks like 2026-1; otherwise 400 naming the parameter. */
class VersionPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^\d{4}-\d{1,6}$/.test(value)) throw new RequestValidationError([{ field: 'version', message: 'version must look like 2026-1' }]);
    return value;
  }
}

@ApiTags('administration: rounds and qualifications')
@Controller('admin')
export class AdminCatalogueController {
  constructor(
    private readonly rounds: RoundsService,
    private readonly qualifications: QualificationsService,
    private readonly review: ReviewService,
    private readonly ruleSets: RuleSets,
  ) {}

  @Post('rounds')
  @Roles(['admin'])
  @ApiCreatedResponse({ type: RoundDto })
  createRound(@Body() body: CreateRoundDto, @CurrentActor() actor: Actor): Promise<RoundDto> {
    return this.rounds.create(body, actor);
  }

  @Get('rounds')
  @Roles(STAFF)
  @ApiOkResponse({ type: [RoundDto] })
  listRounds(): Promise<RoundDto[]> {
    return this.rounds.list({ openOnly: false });
  }

  @Get('rounds/:id')
  @Roles(STAFF)
  @ApiOkResponse({ type: RoundDto })
  getRound(@Param('id', new ParseIdPipe()) id: string): Promise<RoundDto> {
    return this.rounds.get(id);
  }

  @Patch('rounds/:id')
  @Roles(['admin'])
  @ApiOkResponse({ type: RoundDto, description: 'Only before the round opens: 409 round_already_open after' })
  updateRound(@Param('id', new ParseIdPipe()) id: string, @Body() body: UpdateRoundDto, @CurrentActor() actor: Actor): Promise<RoundDto> {
    return this.rounds.update(id, body, actor);
  }

  @Post('rounds/:id/close')
  @Roles(['admin'])
  @HttpCode(200)
  @ApiOkResponse({ type: RoundDto, description: 'Closes an open round now; 409 round_closed when it has closed already' })
  closeRound(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor): Promise<RoundDto> {
    return this.rounds.close(id, actor);
  }

  @Post('rounds/:id/what-if')
  @Roles(['admin', 'reviewer'])
  @HttpCode(200)
  @ApiOkResponse({ type: WhatIfReportDto, description: 'How many submitted applications would change outcome under another rule set, and which rules cause it' })
  whatIf(@Param('id', new ParseIdPipe()) id: string, @Body() body: WhatIfDto): Promise<WhatIfReportDto> {
    return this.review.whatIf(id, body.ruleSetVersion);
  }

  @Get('eligibility/rule-sets')
  @Roles(STAFF)
  @ApiOkResponse({ type: [RuleSetSummaryDto], description: 'Every rule set, published or draft, newest version first (the files of config/eligibility/ are the seed)' })
  ruleSetList(): Promise<RuleSetSummaryDto[]> {
    return this.ruleSets.list();
  }

  @Get('eligibility/rule-sets/:version')
  @Roles(STAFF)
  @ApiOkResponse({ type: RuleSetDetailDto })
  ruleSet(@Param('version', new VersionPipe()) version: string): Promise<RuleSetDetailDto> {
    return this.ruleSets.detail(version);
  }

  @Post('eligibility/rule-sets')
  @Roles(['admin'])
  @ApiCreatedResponse({ type: RuleSetDetailDto, description: 'Stored as a draft (replacing a draft of its version); 422 rule_set_invalid with each problem naming its rule; 409 when the version is published' })
  uploadRuleSet(@Body() body: RuleSetUploadDto, @CurrentActor() actor: Actor): Promise<RuleSetDetailDto> {
    return this.ruleSets.upload(body.source, actor);
  }

  @Post('eligibility/rule-sets/:version/publish')
  @Roles(['admin'])
  @HttpCode(200)
  @ApiOkResponse({ type: RuleSetDetailDto, description: 'From now on the version decides applications and can never change' })
  publishRuleSet(@Param('version', new VersionPipe()) version: string, @CurrentActor() actor: Actor): Promise<RuleSetDetailDto> {
    return this.ruleSets.publish(version, actor);
  }

  @Delete('eligibility/rule-sets/:version')
  @Roles(['admin'])
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deletes a draft; 409 for a published version' })
  async deleteRuleSet(@Param('version', new VersionPipe()) version: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.ruleSets.removeDraft(version, actor);
  }

  @Post('qualifications')
  @Roles(['admin'])
  @ApiCreatedResponse({ type: QualificationDto })
  createQualification(@Body() body: CreateQualificationDto, @CurrentActor() actor: Actor): Promise<QualificationDto> {
    return this.qualifications.create(body, actor);
  }

  @Get('qualifications')
  @Roles(STAFF)
  @ApiOkResponse({ type: [QualificationDto] })
  listQualifications(): Promise<QualificationDto[]> {
    return this.qualifications.list();
  }

  @Patch('qualifications/:id')
  @Roles(['admin'])
  @ApiOkResponse({ type: QualificationDto, description: 'The payment schedule must make 100 (422 invalid_qualification naming the field)' })
  updateQualification(@Param('id', new ParseIdPipe()) id: string, @Body() body: UpdateQualificationDto, @CurrentActor() actor: Actor): Promise<QualificationDto> {
    return this.qualifications.update(id, body, actor);
  }

  @Post('qualifications/:id/retire')
  @Roles(['admin'])
  @HttpCode(200)
  @ApiOkResponse({ type: QualificationDto, description: 'No longer offered in new rounds or to applicants; 422 qualification_retired when retired already' })
  retireQualification(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor): Promise<QualificationDto> {
    return this.qualifications.retire(id, actor);
  }
}

@ApiTags('administration: review')
@Controller('admin')
export class AdminReviewController {
  constructor(private readonly review: ReviewService) {}

  @Get('applications')
  @Roles(STAFF)
  @ApiOkResponse({ type: QueuePageDto, description: 'Filtered and sorted (by default highest priority first), 50 to a page, with counts per status' })
  queue(@Query() query: QueueQueryDto, @CurrentActor() actor: Actor): Promise<QueuePageDto> {
    return this.review.queue(query, actor);
  }

  @Get('applications/:id')
  @Roles(STAFF)
  @ApiOkResponse({ type: ApplicationDetailDto, description: 'Everything: facts, each rule’s result, history and appeals' })
  detail(@Param('id', new ParseIdPipe()) id: string): Promise<ApplicationDetailDto> {
    return this.review.detail(id);
  }

  @Post('applications/:id/decision')
  @Roles(DECIDERS)
  @HttpCode(200)
  @ApiOkResponse({ type: DecisionResultDto, description: 'approve reserves the bursary: offered (with the offer), or waitlisted with reason insufficient_funds' })
  decide(@Param('id', new ParseIdPipe()) id: string, @Body() body: DecisionDto, @CurrentActor() actor: Actor): Promise<DecisionResultDto> {
    return this.review.decide(id, body, actor);
  }

  @Post('applications/decisions')
  @Roles(DECIDERS)
  @HttpCode(200)
  @ApiOkResponse({ description: '{ results: [{ id, status?, reason?, error? }] }: each application decided on its own' })
  decideMany(@Body() body: BulkDecisionDto, @CurrentActor() actor: Actor) {
    return this.review.decideMany(body.applicationIds, body, actor);
  }

  @Get('appeals')
  @Roles(STAFF)
  @ApiOkResponse({ type: [OpenAppealDto], description: 'Open appeals, oldest first' })
  appeals(): Promise<OpenAppealDto[]> {
    return this.review.openAppeals();
  }

  @Post('appeals/:id/decision')
  @Roles(DECIDERS)
  @HttpCode(200)
  @ApiOkResponse({ type: StatusDto })
  decideAppeal(@Param('id', new ParseIdPipe()) id: string, @Body() body: AppealDecisionDto, @CurrentActor() actor: Actor): Promise<StatusDto> {
    return this.review.decideAppeal(id, body, actor);
  }
}
