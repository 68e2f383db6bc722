import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { humanise, ParseIdPipe } from '@app/http';
import { AUDIT_PAGE_SIZE, AuditService, CurrentActor, Roles, type Actor } from '@app/identity';
import { DELIVERY_LOG_PAGE_SIZE, DeliveryLogService, OUTBOX_STATUSES, TOPICS } from '@app/notifications';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { RESEND_REFUSALS } from '../../notifications/admin-notifications.controller';
import { resendMessage } from '../../notifications/resend';
import { summaryOf } from '../kit/form-state';
import { auditFilters, auditRow, deliveryFilters, pageLinks, TARGET_TYPES } from './people-page';
import { STAFF_AREA } from './staff-area';

/**
 * The audit log and the delivery log for admins, filtered from the URL (GET
 * forms, so a view can be bookmarked and shared): AuditService.list, as
 * /api/v1/admin/audit, and DeliveryLogService, as /api/v1/admin/notifications,
 * with its resend.
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff')
@Roles(['admin'])
export class LogsPages {
  constructor(
    private readonly audit: AuditService,
    private readonly deliveries: DeliveryLogService,
    private readonly pages: PortalPages,
  ) {}

  /** The audit log, newest first; a filter that cannot be used is an error beside its field (422), the rest still apply. */
  @Get('audit')
  async auditLog(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    const filters = auditFilters(query);
    const { items, total } = await this.audit.list(filters.query);
    const errorList = summaryOf(filters.errors);
    this.pages.send(req, reply, 'staff-audit', {
      title: 'Audit log',
      width: 'full',
      values: filters.values,
      errors: filters.errors,
      errorList,
      targetTypes: TARGET_TYPES.map((t) => ({ value: t.value, text: t.text, selected: t.value === filters.values.targetType })),
      rows: items.map(auditRow),
      total,
      paging: pageLinks('/portal/staff/audit', { ...filters.values }, filters.page, total, AUDIT_PAGE_SIZE),
    }, errorList.length ? 422 : 200);
  }

  /** The delivery log, newest first, with Resend on what can be sent again. */
  @Get('deliveries')
  async deliveryLog(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    await this.sendDeliveries(req, reply, query);
  }

  /** Sends a message again (audited in the same transaction); 303 back to the log as it was filtered. */
  @Post('deliveries/:id/resend')
  async resend(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    const back = typeof req.body?.back === 'string' && /^\?[A-Za-z0-9_=&%.+-]*$/.test(req.body.back) ? req.body.back : '';
    const result = await resendMessage(this.deliveries, this.audit, id, actor);
    if (result.ok) return this.pages.redirect(reply, `/portal/staff/deliveries${back ? `${back}&` : '?'}resent=1`);
    if (result.refusal === 'not_found') return this.sendDeliveries(req, reply, {}, 'That email is not in the log', 404);
    await this.sendDeliveries(req, reply, Object.fromEntries(new URLSearchParams(back)), RESEND_REFUSALS[result.refusal], 409);
  }

  private async sendDeliveries(req: PortalRequest, reply: FastifyReply, query: Record<string, unknown>, refusal?: string, status?: number) {
    const filters = deliveryFilters(query);
    const { items, total } = await this.deliveries.list(filters.query);
    const errorList = [...(refusal ? [{ href: '#deliveries', text: refusal }] : []), ...summaryOf(filters.errors)];
    const params = new URLSearchParams(Object.entries(filters.values).filter(([, v]) => v !== ''));
    if (filters.page > 1) params.set('page', String(filters.page));
    this.pages.send(req, reply, 'staff-deliveries', {
      title: 'Delivery log',
      width: 'full',
      values: filters.values,
      errors: filters.errors,
      errorList,
      statuses: OUTBOX_STATUSES.map((s) => ({ value: s, text: humanise(s), selected: s === filters.values.status })),
      topics: [...TOPICS].sort().map((t) => ({ value: t, text: t.replace(/[._]/g, ' '), selected: t === filters.values.topic })),
      items,
      total,
      back: params.toString() ? `?${params}` : '',
      banner: query.resent === '1' ? 'The email is back in the outbox and will be sent again shortly' : undefined,
      paging: pageLinks('/portal/staff/deliveries', { ...filters.values }, filters.page, total, DELIVERY_LOG_PAGE_SIZE),
    }, status ?? (errorList.length ? 422 : 200));
  }
}
