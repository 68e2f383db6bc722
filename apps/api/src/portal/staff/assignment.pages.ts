import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@app/config';
import { isUuid, ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { ASSIGN_NEXT_MAX, AssignmentService, IntakeError, RoundsService } from '@app/intake';
import { domainErrorStatus } from '../../problem/domain-error-status';
import { field } from '../kit/form-fields';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { assignNextForm, returnFilters, workloadRows, type AssignNextValues } from './assignment-page';
import { QueuePageContext } from './queue-page';
import { queueUrl } from './review-page';
import { STAFF_AREA } from './staff-area';
import { summaryOf } from '../kit/form-state';

const REVIEWERS = ['reviewer', 'admin'] as const;
const HERE = '/portal/staff/assignment';

/**
 * Assignment on pages, through AssignmentService as the API
 * (/api/v1/admin/applications/:id/assignment, .../assign-next,
 * /admin/reviewers/workload): "Assign to me" and "Unassign" on the queue's
 * rows; the assignment page assigns the next N unassigned applications of a
 * filter to a reviewer (to someone else: admins only) and shows each
 * reviewer's workload. A refusal (a conflict of interest, someone else has
 * it) shows the queue again with the reason in an error summary.
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff')
@Roles(REVIEWERS)
export class AssignmentPages {
  constructor(
    private readonly assignment: AssignmentService,
    private readonly rounds: RoundsService,
    private readonly queuePage: QueuePageContext,
    private readonly config: AppConfig,
    private readonly pages: PortalPages,
  ) {}

  @Post('applications/:id/assign')
  async assignToMe(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    await this.change(req, reply, id, actor, () => this.assignment.assignToMe(id, actor), 'assigned');
  }

  @Post('applications/:id/unassign')
  async unassign(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    await this.change(req, reply, id, actor, () => this.assignment.unassign(id, actor), 'unassigned');
  }

  /** Finance may see the workload; only reviewers and admins get the form. */
  @Get('assignment')
  @Roles(['reviewer', 'finance', 'admin'])
  async page(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    const count = typeof query.assigned === 'string' && /^\d{1,2}$/.test(query.assigned) ? Number(query.assigned) : undefined;
    const to = isUuid(query.to) ? query.to.toLowerCase() : undefined;
    await this.show(req, reply, actor, { n: '10', reviewerId: actor.userId ?? '', status: '', roundId: '', region: '', role: '', level: '', sort: '' }, {}, 200, count === undefined ? undefined : { count, to });
  }

  @Post('assignment')
  async assignNext(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const names = ['n', 'reviewerId', 'status', 'roundId', 'region', 'role', 'level', 'sort'] as const;
    const values = Object.fromEntries(names.map((name) => [name, field(req.body, name)])) as unknown as AssignNextValues;
    const w = this.config.workforce;
    const { input, errors } = assignNextForm(values, { regions: w.regions.map((r) => r.code), roles: w.currentRoles.map((r) => r.code) }, actor);
    if (!input) return this.show(req, reply, actor, values, errors, 422);
    try {
      const assigned = await this.assignment.assignNext(input.filter, input.n, input.reviewerId, actor);
      this.pages.redirect(reply, `${HERE}?assigned=${assigned.length}&to=${input.reviewerId}`);
    } catch (err) {
      if (!(err instanceof IntakeError) || domainErrorStatus(err) === 404) throw err;
      const fieldName = err.errors?.[0]?.field === 'n' ? 'n' : 'reviewerId';
      await this.show(req, reply, actor, values, { [fieldName]: err.code === 'not_a_reviewer' ? 'Choose a reviewer or administrator' : err.message }, domainErrorStatus(err));
    }
  }

  /** Assign or unassign from a queue row: back to the same view of the queue, or that view again with the refusal explained. */
  private async change(req: PortalRequest, reply: FastifyReply, id: string, actor: Actor, run: () => Promise<unknown>, done: string) {
    const filters = returnFilters(field(req.body, 'return'), (query) => this.queuePage.filters(query));
    try {
      await run();
    } catch (err) {
      if (!(err instanceof IntakeError) || domainErrorStatus(err) === 404) throw err;
      const result = await this.queuePage.queue(filters, actor);
      const context = await this.queuePage.context(filters, result, actor, { errorList: [{ href: `#assign-${id}`, text: err.message }] });
      return this.pages.send(req, reply, 'staff-queue', context, domainErrorStatus(err));
    }
    const url = queueUrl(filters);
    this.pages.redirect(reply, `${url}${url.includes('?') ? '&' : '?'}done=${done}`);
  }

  private async show(
    req: PortalRequest,
    reply: FastifyReply,
    actor: Actor,
    values: AssignNextValues,
    errors: Record<string, string>,
    status = 200,
    result?: { count: number; to?: string },
  ) {
    const [workload, rounds] = await Promise.all([this.assignment.workload(), this.rounds.list({ openOnly: false })]);
    const w = this.config.workforce;
    const isAdmin = actor.role === 'admin';
    const reviewers = isAdmin ? workload : workload.filter((r) => r.id === actor.userId);
    const toName = result?.to ? workload.find((r) => r.id === result.to)?.name : undefined;
    const option = (value: string, text: string, current: string) => ({ value, text, selected: value === current });
    this.pages.send(
      req,
      reply,
      'staff-assignment',
      {
        title: 'Assign applications',
        width: 'full',
        values,
        errors,
        errorList: summaryOf(errors),
        isAdmin,
        max: ASSIGN_NEXT_MAX,
        reviewers: reviewers.map((r) => option(r.id, r.id === actor.userId ? `${r.name} (you)` : r.name, values.reviewerId)),
        statuses: [option('', 'To review or referred', values.status), option('under_review', 'To review', values.status), option('referred', 'Referred for a check', values.status)],
        rounds: [option('', 'Any round', values.roundId), ...rounds.map((r) => option(r.id, r.name, values.roundId))],
        regions: [option('', 'Any region', values.region), ...w.regions.map((r) => option(r.code, r.name, values.region))],
        roles: [option('', 'Any role', values.role), ...w.currentRoles.map((r) => option(r.code, r.name, values.role))],
        levels: [option('', 'Any level', values.level), ...[2, 3, 4, 5, 6, 7].map((l) => option(String(l), `Level ${l}`, values.level))],
        sorts: [option('', 'Highest priority first', values.sort), option('oldest', 'Oldest first', values.sort), option('newest', 'Newest first', values.sort)],
        workload: workloadRows(workload),
        banner: result && result.count > 0 ? `${result.count} ${result.count === 1 ? 'application' : 'applications'} assigned to ${toName ?? 'the reviewer'}` : undefined,
        noneAssigned: result?.count === 0,
        assignedHref: result?.to && result.count > 0 ? queueUrl({ assigned: result.to === actor.userId ? 'me' : result.to, page: 1 }) : undefined,
      },
      status,
    );
  }
}
