import { Body, Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { CohortsService, EnrolmentsService, MAX_REPORT_ROWS, REPORT_COLUMNS, ReportsService, StatementsService, type IdempotencyReceipt } from '@app/training';
import { IdempotencyInterceptor, IdempotencyKeyRequired, Receipt } from './idempotency.interceptor';
import { BulkResultDto, CohortDto, CohortQueryDto, CompletionDto, DeclineDto, DeferralDto, ProgressDto, ProviderLearnerDto, ReportResultDto, StartDto, VoidDto, WithdrawalDto } from './training.dto';

const PROVIDER = { apiKeys: true } as const;
const IDEMPOTENCY = { name: 'Idempotency-Key', required: false, description: 'Replays the first response for the same key and body (kept 24 hours)' };

/** Training providers report on their own learners, one at a time or in bulk; every id is scoped to the caller's provider. */
@ApiTags('training providers')
@Controller('provider')
@Roles(['provider'], PROVIDER)
@UseInterceptors(IdempotencyInterceptor)
export class ProviderTrainingController {
  constructor(
    private readonly enrolments: EnrolmentsService,
    private readonly reports: ReportsService,
    private readonly cohorts: CohortsService,
    private readonly statementsService: StatementsService,
  ) {}

  @Get('learners')
  @ApiOkResponse({ type: [ProviderLearnerDto], description: 'Your learners, with their reports and how to contact them' })
  learners(@Query() query: CohortQueryDto, @CurrentActor() actor: Actor): Promise<ProviderLearnerDto[]> {
    return this.enrolments.learners(actor.providerId!, query.cohortId);
  }

  @Get('learners/:id')
  @ApiOkResponse({ type: ProviderLearnerDto, description: 'One of your learners, by enrolment id' })
  learner(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor): Promise<ProviderLearnerDto> {
    return this.enrolments.learner(actor.providerId!, id);
  }

  @Get('cohorts')
  @ApiOkResponse({ type: [CohortDto] })
  ownCohorts(@CurrentActor() actor: Actor): Promise<CohortDto[]> {
    return this.cohorts.list({ providerId: actor.providerId! });
  }

  @Post('enrolments/:id/start')
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: ReportResultDto, description: 'Commits the bursary and makes the start payment due' })
  start(@Param('id', new ParseIdPipe()) id: string, @Body() body: StartDto, @CurrentActor() actor: Actor, @Receipt() receipt?: IdempotencyReceipt): Promise<ReportResultDto> {
    return this.reports.reportOne(actor.providerId!, { enrolmentId: id, type: 'start', date: body.startDate }, actor, receipt);
  }

  @Post('enrolments/:id/progress')
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: ReportResultDto })
  progress(@Param('id', new ParseIdPipe()) id: string, @Body() body: ProgressDto, @CurrentActor() actor: Actor, @Receipt() receipt?: IdempotencyReceipt): Promise<ReportResultDto> {
    return this.reports.reportOne(actor.providerId!, { enrolmentId: id, type: 'progress', ...body }, actor, receipt);
  }

  @Post('enrolments/:id/completion')
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: ReportResultDto, description: 'A pass makes the pass payment due (and any milestone payment never reported); a fail with no resit planned releases the unpaid money and ends the application not_passed' })
  completion(@Param('id', new ParseIdPipe()) id: string, @Body() body: CompletionDto, @CurrentActor() actor: Actor, @Receipt() receipt?: IdempotencyReceipt): Promise<ReportResultDto> {
    return this.reports.reportOne(actor.providerId!, { enrolmentId: id, type: 'completion', ...body }, actor, receipt);
  }

  @Post('enrolments/:id/withdrawal')
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: ReportResultDto, description: 'Releases uncommitted money and stops future payments' })
  withdrawal(@Param('id', new ParseIdPipe()) id: string, @Body() body: WithdrawalDto, @CurrentActor() actor: Actor, @Receipt() receipt?: IdempotencyReceipt): Promise<ReportResultDto> {
    return this.reports.reportOne(actor.providerId!, { enrolmentId: id, type: 'withdrawal', ...body }, actor, receipt);
  }

  @Post('enrolments/:id/deferral')
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: ReportResultDto })
  deferral(@Param('id', new ParseIdPipe()) id: string, @Body() body: DeferralDto, @CurrentActor() actor: Actor, @Receipt() receipt?: IdempotencyReceipt): Promise<ReportResultDto> {
    return this.reports.reportOne(actor.providerId!, { enrolmentId: id, type: 'deferral', ...body }, actor, receipt);
  }

  @Post('enrolments/:id/decline')
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: ReportResultDto, description: 'Turns a placed learner down; the programme team places them again' })
  decline(@Param('id', new ParseIdPipe()) id: string, @Body() body: DeclineDto, @CurrentActor() actor: Actor, @Receipt() receipt?: IdempotencyReceipt): Promise<ReportResultDto> {
    return this.reports.reportOne(actor.providerId!, { enrolmentId: id, type: 'decline', ...body }, actor, receipt);
  }

  @Post('enrolments/:id/reports/:reportId/void')
  @ApiHeader(IDEMPOTENCY)
  @HttpCode(200)
  @ApiOkResponse({ description: 'Voids the learner’s latest report, reversing its money' })
  voidReport(@Param('id', new ParseIdPipe()) id: string, @Param('reportId') reportId: string, @Body() body: VoidDto, @CurrentActor() actor: Actor, @Receipt() receipt?: IdempotencyReceipt) {
    return this.reports.voidReport(actor.providerId!, id, reportId, body.reason, actor, receipt);
  }

  @Post('reports')
  @IdempotencyKeyRequired()
  @ApiHeader({ ...IDEMPOTENCY, required: true })
  @ApiBody({ description: `A JSON array of up to ${MAX_REPORT_ROWS} reports {enrolmentId, type, date, ...}; all or nothing` })
  @ApiCreatedResponse({ type: BulkResultDto, description: '422 lists {row, column, message} for every problem, and nothing is applied' })
  bulk(@Body() body: unknown, @CurrentActor() actor: Actor, @Receipt() receipt?: IdempotencyReceipt): Promise<BulkResultDto> {
    return this.reports.submitJson(actor.providerId!, body, actor, receipt);
  }

  @Post('reports/csv')
  @IdempotencyKeyRequired()
  @ApiHeader({ ...IDEMPOTENCY, required: true })
  @ApiConsumes('text/csv')
  @ApiBody({ description: `text/csv, UTF-8, header row in any order: ${REPORT_COLUMNS.join(',')}. At most 5 MB and ${MAX_REPORT_ROWS.toLocaleString('en-GB')} rows.` })
  @ApiCreatedResponse({ type: BulkResultDto, description: '422 lists {row, column, message} for every problem, and nothing is applied; row is the line of the file (the header is line 1, the first report line 2)' })
  csv(@Body() body: string, @CurrentActor() actor: Actor, @Receipt() receipt?: IdempotencyReceipt): Promise<BulkResultDto> {
    return this.reports.submitCsv(actor.providerId!, typeof body === 'string' ? body : '', actor, receipt);
  }

  @Get('statements')
  @ApiOkResponse({ description: 'Payments due and paid to you, by month' })
  statements(@CurrentActor() actor: Actor) {
    return this.statementsService.statements(actor.providerId!);
  }
}
