import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { AssignmentService, ReviewService } from '@app/intake';
import { RemindersService } from '@app/notifications';
import { LearnersService } from '@app/training';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { QueuePageContext } from './queue-page';
import { workWaiting } from './review-page';
import { STAFF_AREA } from './staff-area';

const STAFF = ['reviewer', 'finance', 'admin'] as const;

/**
 * The programme team's view of applications, read-only so far: the work
 * waiting (the daily digest's counts, RemindersService.waiting), the queue
 * (ReviewService.queue, as GET /api/v1/admin/applications, its filters in the
 * URL). One application in full, and deciding it, is case.pages.ts.
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff')
@Roles(STAFF)
export class ReviewPages {
  constructor(
    private readonly review: ReviewService,
    private readonly reminders: RemindersService,
    private readonly pages: PortalPages,
    private readonly assignment: AssignmentService,
    private readonly queuePage: QueuePageContext,
    private readonly learners: LearnersService,
  ) {}

  @Get()
  async home(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const [waiting, mine, turnedDown] = await Promise.all([this.reminders.waiting(), this.assignment.waitingFor(actor.userId), this.learners.turnedDownCount()]);
    this.pages.send(req, reply, 'staff-home', { title: 'Work waiting', items: workWaiting({ ...waiting, ...mine, turnedDown }, actor.role) });
  }

  /** The queue, filtered and sorted from the URL; a search with one match opens that application. */
  @Get('applications')
  async queue(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    const filters = this.queuePage.filters(query);
    const result = await this.queuePage.queue(filters, actor);
    if (filters.q && result.total === 1 && filters.page === 1) return this.pages.redirect(reply, `/portal/staff/applications/${result.items[0].id}`);
    const done = typeof query.done === 'string' ? query.done : undefined;
    this.pages.send(req, reply, 'staff-queue', await this.queuePage.context(filters, result, actor, { done }));
  }
}
