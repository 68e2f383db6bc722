import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Clock } from '@app/config';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { QualificationsService } from '@app/intake';
import { CohortsService, ENROLMENT_STATUSES, LearnersService, ProvidersService, REASONS, ReportsService, TrainingError } from '@app/training';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { isRefusal } from '../kit/refusals';
import {
  confirmed,
  correctionReason,
  ENROLMENT_STATUS_WORDS,
  learnerFilters,
  learnersPaging,
  MAX_CORRECTION_REASON,
  WITHDRAWAL_FIELD_IDS,
  withdrawalForm,
  type WithdrawalFormValues,
} from './learners-page';
import { STAFF_AREA } from './staff-area';
import { summaryOf } from '../kit/form-state';

/** The reports a correction undoes (the learner's latest, not voided). */
const CORRECTABLE = ['withdrawal', 'decline'];

/**
 * Learners as the programme team sees them: every enrolment, filtered in
 * the URL (LearnersService.list, as GET /admin/enrolments), one enrolment in
 * full (GET /admin/enrolments/:id); admins withdraw a learner
 * (ReportsService.withdrawByStaff, the provider's withdrawal path) and
 * correct a provider's mistaken withdrawal or turning down
 * (ReportsService.correct). Both ask for confirmation first.
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff/learners')
export class StaffLearnersPages {
  constructor(
    private readonly learners: LearnersService,
    private readonly reports: ReportsService,
    private readonly cohorts: CohortsService,
    private readonly providers: ProvidersService,
    private readonly qualifications: QualificationsService,
    private readonly clock: Clock,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  @Roles(['admin', 'reviewer'])
  async list(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    const filters = learnerFilters(query);
    const [{ items, total, pageSize }, providers, cohorts, qualifications] = await Promise.all([
      this.learners.list(filters),
      this.providers.list(),
      this.cohorts.catalogue(),
      this.qualifications.list(),
    ]);
    const option = (value: string, text: string, selected: string | undefined) => ({ value, text, selected: value === selected });
    this.pages.send(req, reply, 'staff-learners', {
      title: 'Learners',
      width: 'full',
      filters,
      items,
      total,
      paging: learnersPaging(filters, total, pageSize),
      providers: providers.map((p) => option(p.id, p.name, filters.providerId)),
      cohorts: cohorts.map((c) => option(c.id, `${c.name} (${c.providerName})`, filters.cohortId)),
      qualifications: qualifications.map((q) => option(q.id, q.title, filters.qualificationId)),
      statuses: ENROLMENT_STATUSES.map((s) => option(s, ENROLMENT_STATUS_WORDS[s], filters.status)),
      statusWords: ENROLMENT_STATUS_WORDS,
    });
  }

  @Get(':id')
  @Roles(['admin', 'reviewer'])
  async one(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @Query('done') done?: string) {
    const learner = await this.learners.get(id);
    const latest = learner.reports.filter((r) => !r.voided).at(-1);
    const banner = done === 'withdrawn' ? 'The learner is withdrawn' : done === 'corrected' ? 'The report is corrected: the learner is back where they were' : undefined;
    this.pages.send(req, reply, 'staff-learner', {
      title: learner.learnerName ?? learner.applicationReference,
      width: 'full',
      learner,
      statusWords: ENROLMENT_STATUS_WORDS,
      admin: req.principal?.role === 'admin',
      canWithdraw: ['placed', 'started', 'deferred'].includes(learner.status),
      canCorrect: ['withdrawn', 'declined_by_provider'].includes(learner.status) && !!latest && CORRECTABLE.includes(latest.type) && !learner.cohortCancelled,
      banner,
    });
  }

  @Get(':id/withdraw')
  @Roles(['admin'])
  withdrawForm(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply) {
    return this.withdrawPage(req, reply, id, { reasonCode: '', note: '', date: { day: '', month: '', year: '' } }, {}, false);
  }

  /** First post: the answers checked, then a confirmation page; the confirmation's post withdraws. */
  @Post(':id/withdraw')
  @Roles(['admin'])
  async withdraw(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const { values, withdrawal, errors } = withdrawalForm(req.body, this.clock.today());
    if (!withdrawal) return this.withdrawPage(req, reply, id, values, errors, false, 422);
    if (!confirmed(req.body)) return this.withdrawPage(req, reply, id, values, {}, true);
    try {
      await this.reports.withdrawByStaff(id, withdrawal, actor);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      const problems = err instanceof TrainingError && err.errors?.length ? err.errors : [{ field: 'enrolment', message: err.message }];
      const byField = Object.fromEntries(problems.map((p) => [p.field in WITHDRAWAL_FIELD_IDS ? p.field : 'enrolment', p.field === 'date' ? `The date the learner withdrew ${p.message}` : p.message]));
      return this.withdrawPage(req, reply, id, values, byField, false, 422);
    }
    this.pages.redirect(reply, `/portal/staff/learners/${id}?done=withdrawn`);
  }

  @Get(':id/correct')
  @Roles(['admin'])
  correctForm(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply) {
    return this.correctPage(req, reply, id, '', {}, false);
  }

  @Post(':id/correct')
  @Roles(['admin'])
  async correct(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const { reason, error } = correctionReason(req.body);
    if (error) return this.correctPage(req, reply, id, reason, { reason: error }, false, 422);
    if (!confirmed(req.body)) return this.correctPage(req, reply, id, reason, {}, true);
    try {
      await this.reports.correct(id, reason, actor);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.correctPage(req, reply, id, reason, { enrolment: err.message }, false, 422);
    }
    this.pages.redirect(reply, `/portal/staff/learners/${id}?done=corrected`);
  }

  private async withdrawPage(req: PortalRequest, reply: FastifyReply, id: string, values: WithdrawalFormValues, errors: Record<string, string>, confirming: boolean, status = 200) {
    const learner = await this.learners.get(id);
    this.pages.send(
      req,
      reply,
      'staff-withdraw',
      {
        title: confirming ? 'Check the withdrawal' : 'Withdraw a learner',
        learner,
        values,
        errors,
        errorList: summaryOf(errors, WITHDRAWAL_FIELD_IDS),
        confirming,
        reasons: REASONS.withdrawal,
        statusWords: ENROLMENT_STATUS_WORDS,
        withdrawnOn: confirming ? `${values.date.year}-${values.date.month.padStart(2, '0')}-${values.date.day.padStart(2, '0')}` : undefined,
      },
      status,
    );
  }

  private async correctPage(req: PortalRequest, reply: FastifyReply, id: string, reason: string, errors: Record<string, string>, confirming: boolean, status = 200) {
    const learner = await this.learners.get(id);
    const report = learner.reports.filter((r) => !r.voided).at(-1);
    this.pages.send(
      req,
      reply,
      'staff-correct',
      {
        title: confirming ? 'Check the correction' : 'Correct a provider’s report',
        learner,
        report: report && CORRECTABLE.includes(report.type) ? report : undefined,
        reason,
        maxReason: MAX_CORRECTION_REASON,
        errors,
        errorList: summaryOf(errors),
        confirming,
        statusWords: ENROLMENT_STATUS_WORDS,
      },
      status,
    );
  }
}
