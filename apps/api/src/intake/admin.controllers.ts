import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '@app/http';
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
  StatusDto,
  WhatIfDto,
} from './intake.dto';
import { ApplicationDetailDto, OpenAppealDto, QueuePageDto, WhatIfReportDto } from './review.dto';

const STAFF = ['reviewer', 'finance', 'admin'] as const;
const DECIDERS = ['reviewer', 'admin'] as const;

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

  @Post('rounds/:id/what-if')
  @Roles(['admin', 'reviewer'])
  @HttpCode(200)
  @ApiOkResponse({ type: WhatIfReportDto, description: 'How many submitted applications would change outcome under another rule set, and which rules cause it' })
  whatIf(@Param('id', new ParseIdPipe()) id: string, @Body() body: WhatIfDto): Promise<WhatIfReportDto> {
    return this.review.whatIf(id, body.ruleSetVersion);
  }

  @Get('eligibility/rule-sets')
  @Roles(STAFF)
  @ApiOkResponse({ description: 'Every rule set in config/eligibility, published or draft' })
  ruleSetList() {
    return this.ruleSets.list();
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
