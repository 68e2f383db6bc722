import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '@app/identity';
import { QUEUE_PAGE_SIZE, ReviewService, RoundsService } from '@app/intake';
import { RemindersService } from '@app/notifications';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { FILTER_STATUSES, paging, queueFilters, STAFF_STATUS_WORDS, workWaiting } from './review-page';
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
    private readonly rounds: RoundsService,
    private readonly reminders: RemindersService,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async home(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    this.pages.send(req, reply, 'staff-home', { title: 'Work waiting', items: workWaiting(await this.reminders.waiting()) });
  }

  @Get('applications')
  async queue(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    const filters = queueFilters(query);
    const [{ items, total }, rounds] = await Promise.all([this.review.queue(filters), this.rounds.list({ openOnly: false })]);
    this.pages.send(req, reply, 'staff-queue', {
      title: 'Applications',
      width: 'full',
      filters,
      items,
      total,
      paging: paging(filters, total, QUEUE_PAGE_SIZE),
      rounds,
      statuses: FILTER_STATUSES.map((s) => ({ value: s, text: STAFF_STATUS_WORDS[s], selected: s === filters.status })),
      statusWords: STAFF_STATUS_WORDS,
    });
  }
}
