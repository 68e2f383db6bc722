import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError, ParseIdPipe, type FieldProblem } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { CohortsService, EnrolmentsService, ReportsService, TrainingError, type LearnerView } from '@app/training';
import { domainErrorStatus } from '../problem/domain-error-status';
import { PortalPages, type PortalRequest } from './pages';
import { formErrors, formsFor, formValues, PROGRESS_MILESTONES, REPORT_FORMS, reportRow, WITHDRAWAL_REASONS, type ReportForm, type ReportFormValues } from './report-forms';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REPORTED: Record<string, string> = { start: 'Start reported', progress: 'Progress reported', completion: 'Completion reported', withdrawal: 'Withdrawal reported' };

/** A provider's learners, one learner's page, and its report forms (through ReportsService.reportOne, as the API). */
@ApiExcludeController()
@Controller('portal/provider/learners')
@Roles(['provider'])
export class LearnersPages {
  constructor(
    private readonly enrolments: EnrolmentsService,
    private readonly cohorts: CohortsService,
    private readonly reports: ReportsService,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async list(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Query('cohortId') cohortId?: string) {
    const cohort = typeof cohortId === 'string' && UUID.test(cohortId) ? cohortId.toLowerCase() : undefined;
    const [learners, cohorts] = await Promise.all([this.enrolments.learners(actor.providerId!, cohort), this.cohorts.list({ providerId: actor.providerId! })]);
    this.pages.send(req, reply, 'learners', { title: 'Your learners', width: 'full', learners, cohorts, cohortId: cohort });
  }

  @Get(':id')
  async one(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Query('reported') reported?: string) {
    const learner = await this.enrolments.learner(actor.providerId!, id);
    this.pages.send(req, reply, 'learner', page(learner, { banner: typeof reported === 'string' ? REPORTED[reported] : undefined }));
  }

  @Post(':id/start')
  start(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.report('start', id, req, reply, actor);
  }

  @Post(':id/progress')
  progress(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.report('progress', id, req, reply, actor);
  }

  @Post(':id/completion')
  completion(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.report('completion', id, req, reply, actor);
  }

  @Post(':id/withdrawal')
  withdrawal(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.report('withdrawal', id, req, reply, actor);
  }

  /** Applies one report; a refusal shows the learner's page again with the form's errors and values, otherwise 303 back to it. */
  private async report(form: ReportForm, id: string, req: PortalRequest, reply: FastifyReply, actor: Actor): Promise<void> {
    const values = formValues(req.body);
    try {
      await this.reports.reportOne(actor.providerId!, reportRow(form, id, values), actor);
    } catch (err) {
      const problems = refusal(err);
      if (!problems) throw err;
      const learner = await this.enrolments.learner(actor.providerId!, id);
      return this.pages.send(req, reply, 'learner', page(learner, { form, values, problems }), 422);
    }
    this.pages.redirect(reply, `/portal/provider/learners/${id}?reported=${form}`);
  }
}

/** The problems to show on the form, or undefined for an error the error page shows (another provider's learner is 404). */
function refusal(err: unknown): FieldProblem[] | undefined {
  if (err instanceof TrainingError && err.code === 'invalid_report') return err.errors ?? [];
  if (err instanceof DomainError && [409, 422].includes(domainErrorStatus(err))) return [{ field: 'type', message: err.message }];
  return undefined;
}

function page(learner: LearnerView, state: { banner?: string; form?: ReportForm; values?: ReportFormValues; problems?: FieldProblem[] }) {
  const errors = state.form ? formErrors(state.form, state.problems ?? []) : { byField: {}, list: [] };
  // Every form's values and errors; only the refused form has any.
  const forms = Object.fromEntries(
    REPORT_FORMS.map((form) => [form, form === state.form ? { values: state.values ?? {}, errors: errors.byField } : { values: {}, errors: {} }]),
  );
  return {
    title: learner.learnerName ?? learner.applicationReference,
    learner,
    // A refused form stays on the page even when the learner's status would not offer it, so its errors have somewhere to be.
    forms: [...new Set([...formsFor(learner.status), ...(state.form ? [state.form] : [])])],
    milestones: PROGRESS_MILESTONES,
    reasons: WITHDRAWAL_REASONS,
    banner: state.banner,
    state: forms,
    errorList: errors.list,
  };
}
