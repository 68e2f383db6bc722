import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { isUuid, ParseIdPipe, type FieldProblem } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { CohortsService, EnrolmentsService, ReportsService, TrainingError, type LearnerView } from '@app/training';
import { isRefusal, PortalPages, type FormError, type PortalRequest } from './pages';
import {
  FORM_REASONS,
  formErrors,
  formsFor,
  formValues,
  MAX_VOID_REASON,
  PROGRESS_MILESTONES,
  REPORT_FORMS,
  reportRow,
  voidableReport,
  voidReason,
  type ReportForm,
  type ReportFormValues,
} from './report-forms';

const REPORTED: Record<string, string> = {
  start: 'Start reported',
  progress: 'Progress reported',
  completion: 'Completion reported',
  deferral: 'Deferral reported',
  withdrawal: 'Withdrawal reported',
  decline: 'Learner turned down: the programme team will place them elsewhere',
};

/**
 * A provider's learners, one learner's page, its report forms (through
 * ReportsService.reportOne, as the API) and voiding its latest report
 * (through ReportsService.voidReport).
 */
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
    const cohort = isUuid(cohortId) ? cohortId.toLowerCase() : undefined;
    const [learners, cohorts] = await Promise.all([this.enrolments.learners(actor.providerId!, cohort), this.cohorts.list({ providerId: actor.providerId! })]);
    this.pages.send(req, reply, 'learners', { title: 'Your learners', width: 'full', learners, cohorts, cohortId: cohort });
  }

  @Get(':id')
  async one(
    @Param('id', new ParseIdPipe()) id: string,
    @Req() req: PortalRequest,
    @Res() reply: FastifyReply,
    @CurrentActor() actor: Actor,
    @Query('reported') reported?: string,
    @Query('voided') voided?: string,
  ) {
    const learner = await this.enrolments.learner(actor.providerId!, id);
    const banner = voided ? 'Report voided' : typeof reported === 'string' ? REPORTED[reported] : undefined;
    this.pages.send(req, reply, 'learner', page(learner, { banner }));
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

  @Post(':id/deferral')
  deferral(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.report('deferral', id, req, reply, actor);
  }

  @Post(':id/decline')
  decline(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.report('decline', id, req, reply, actor);
  }

  /** Asks for the reason before a report is voided: voiding reverses money, so it is never one click. */
  @Get(':id/reports/:reportId/void')
  voidForm(@Param('id', new ParseIdPipe()) id: string, @Param('reportId') reportId: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.voidPage(req, reply, actor, id, reportId, {});
  }

  /** Voids the report; a missing reason or a refusal shows the page again with 422, otherwise 303 to the learner. */
  @Post(':id/reports/:reportId/void')
  async voidReport(@Param('id', new ParseIdPipe()) id: string, @Param('reportId') reportId: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const { reason, error } = voidReason(req.body);
    if (error) return this.voidPage(req, reply, actor, id, reportId, { reason, problem: { field: 'reason', text: error } }, 422);
    try {
      await this.reports.voidReport(actor.providerId!, id, reportId, reason, actor);
    } catch (err) {
      const text = voidRefusal(err);
      if (!text) throw err;
      return this.voidPage(req, reply, actor, id, reportId, { reason, problem: { field: 'report', text } }, 422);
    }
    this.pages.redirect(reply, `/portal/provider/learners/${id}?voided=1`);
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

  /** The void confirmation page for one of the learner's reports; another learner's report, or another provider's learner, is 404. */
  private async voidPage(
    req: PortalRequest,
    reply: FastifyReply,
    actor: Actor,
    id: string,
    reportId: string,
    state: { reason?: string; problem?: { field: 'reason' | 'report'; text: string } },
    status = 200,
  ): Promise<void> {
    const learner = await this.enrolments.learner(actor.providerId!, id);
    const report = learner.reports.find((r) => r.id === reportId);
    if (!report) throw new TrainingError('report_not_found', 'No report with that id for this learner');
    const errorList: FormError[] = state.problem ? [{ href: `#void-${state.problem.field}`, text: state.problem.text }] : [];
    const errors = state.problem ? { [state.problem.field]: state.problem.text } : {};
    // Opened for a report that cannot be voided (an earlier one, or a kind the service does not void), the page says so instead of offering a form.
    const voidable = voidableReport(learner.reports)?.id === report.id;
    this.pages.send(req, reply, 'void-report', { title: 'Void a report', learner, report, voidable, reason: state.reason ?? '', maxReason: MAX_VOID_REASON, errors, errorList }, status);
  }
}

/** The problems to show on the form, or undefined for an error the error page shows. */
function refusal(err: unknown): FieldProblem[] | undefined {
  if (err instanceof TrainingError && err.code === 'invalid_report') return err.errors ?? [];
  if (isRefusal(err)) return [{ field: 'type', message: err.message }];
  return undefined;
}

/** Why the service would not void the report, for the void page; undefined for an error the error page shows. */
function voidRefusal(err: unknown): string | undefined {
  // "Not the latest report" (another came in since the page was drawn) is the provider's to read on the page;
  // a report that is not this learner's at all still reaches the 404 page, from voidPage.
  if (err instanceof TrainingError && err.code === 'report_not_found') return err.message;
  return isRefusal(err) ? err.message : undefined;
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
    reasons: FORM_REASONS,
    voidable: voidableReport(learner.reports),
    banner: state.banner,
    state: forms,
    errorList: errors.list,
  };
}
