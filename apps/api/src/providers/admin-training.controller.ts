import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Clock } from '@app/config';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { ApplicationsService } from '@app/intake';
import { CohortsService, EnrolmentsService, LearnersService, ReportsService, StatementsService } from '@app/training';
import {
  CapacityDto,
  CohortCancelledDto,
  CohortDto,
  CorrectedDto,
  CorrectionDto,
  CreateCohortDto,
  EnrolmentIdDto,
  EnrolmentPageDto,
  EnrolmentQueryDto,
  MonthQueryDto,
  PlaceDto,
  ReportResultDto,
  WithdrawalDto,
} from './training.dto';

@ApiTags('administration: training')
@Controller('admin')
export class AdminTrainingController {
  constructor(
    private readonly cohorts: CohortsService,
    private readonly enrolments: EnrolmentsService,
    private readonly learners: LearnersService,
    private readonly reports: ReportsService,
    private readonly statements: StatementsService,
    private readonly clock: Clock,
  ) {}

  @Post('cohorts')
  @Roles(['admin'])
  @ApiCreatedResponse({ type: CohortDto })
  createCohort(@Body() body: CreateCohortDto, @CurrentActor() actor: Actor): Promise<CohortDto> {
    return this.cohorts.create(body, actor);
  }

  @Get('cohorts')
  @Roles(['admin', 'reviewer', 'finance'])
  @ApiOkResponse({ type: [CohortDto] })
  listCohorts(): Promise<CohortDto[]> {
    return this.cohorts.list();
  }

  @Patch('cohorts/:id')
  @Roles(['admin'])
  @ApiOkResponse({ type: CohortDto, description: 'Changes the capacity, never below the places taken (422 naming capacity)' })
  changeCapacity(@Param('id', new ParseIdPipe()) id: string, @Body() body: CapacityDto, @CurrentActor() actor: Actor): Promise<CohortDto> {
    return this.cohorts.changeCapacity(id, body.capacity, actor);
  }

  @Post('cohorts/:id/cancel')
  @Roles(['admin'])
  @HttpCode(200)
  @ApiOkResponse({ type: CohortCancelledDto, description: 'Cancels the cohort: its learners not yet started go back to accepted, not placed (409 if any has started)' })
  cancelCohort(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor): Promise<CohortCancelledDto> {
    return this.cohorts.cancel(id, actor);
  }

  @Get('enrolments')
  @Roles(['admin', 'reviewer'])
  @ApiOkResponse({ type: EnrolmentPageDto, description: 'Every enrolment, filtered by provider, cohort, qualification and status, 50 to a page' })
  listEnrolments(@Query() query: EnrolmentQueryDto): Promise<EnrolmentPageDto> {
    return this.learners.list(query);
  }

  @Get('enrolments/:id')
  @Roles(['admin', 'reviewer'])
  @ApiOkResponse({ description: 'One enrolment with its reports (voided ones marked) and payments due' })
  enrolment(@Param('id', new ParseIdPipe()) id: string) {
    return this.learners.get(id);
  }

  @Post('enrolments/:id/withdrawal')
  @Roles(['admin'])
  @ApiCreatedResponse({ type: ReportResultDto, description: 'Withdraws the learner, with the same rules and money as a provider’s withdrawal report' })
  withdraw(@Param('id', new ParseIdPipe()) id: string, @Body() body: WithdrawalDto, @CurrentActor() actor: Actor): Promise<ReportResultDto> {
    return this.reports.withdrawByStaff(id, body, actor);
  }

  @Post('enrolments/:id/correction')
  @Roles(['admin'])
  @HttpCode(200)
  @ApiOkResponse({ type: CorrectedDto, description: 'Corrects a provider’s mistaken withdrawal or turning down: the learner back where they were, the money and place held again' })
  correct(@Param('id', new ParseIdPipe()) id: string, @Body() body: CorrectionDto, @CurrentActor() actor: Actor): Promise<CorrectedDto> {
    return this.reports.correct(id, body.reason, actor);
  }

  @Post('applications/:id/enrolment')
  @Roles(['admin'])
  @ApiCreatedResponse({ type: EnrolmentIdDto, description: 'Places an accepted offer on a cohort (409 when the cohort is full)' })
  place(@Param('id', new ParseIdPipe()) id: string, @Body() body: PlaceDto, @CurrentActor() actor: Actor): Promise<EnrolmentIdDto> {
    return this.enrolments.place(id, body.cohortId, actor, { mover: 'staff' });
  }

  @Get('providers/:id/statements')
  @Roles(['admin', 'finance'])
  @ApiOkResponse({ description: 'A provider’s payments due and paid, by month' })
  providerStatements(@Param('id', new ParseIdPipe()) id: string) {
    return this.statements.statements(id);
  }

  @Get('payments/export')
  @Roles(['admin', 'finance'])
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="payments-due.csv"')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Every payment due in the month, across providers, as CSV' })
  exportPayments(@Query() query: MonthQueryDto): Promise<string> {
    return this.statements.exportCsv(query.month ?? this.clock.today().slice(0, 7));
  }
}

/** An applicant with an accepted offer chooses among the cohorts running their qualification. */
@ApiTags('applicants')
@Controller('applications')
@Roles(['applicant'])
export class ApplicantCohortsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly cohorts: CohortsService,
    private readonly enrolments: EnrolmentsService,
  ) {}

  @Get(':id/cohorts')
  @ApiOkResponse({ type: [CohortDto], description: 'Cohorts running the funded qualification that have places, soonest first' })
  async choices(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor): Promise<CohortDto[]> {
    const app = await this.applications.get(actor, id);
    return this.cohorts.withPlaces(app.qualificationId);
  }

  @Post(':id/enrolment')
  @ApiCreatedResponse({ type: EnrolmentIdDto })
  choose(@Param('id', new ParseIdPipe()) id: string, @Body() body: PlaceDto, @CurrentActor() actor: Actor): Promise<EnrolmentIdDto> {
    return this.enrolments.place(id, body.cohortId, actor, { mover: 'applicant', applicantId: actor.userId });
  }
}
