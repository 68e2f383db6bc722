import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles, STAFF_ROLES } from '@app/identity';
import { InPortalArea } from '../../kit/navigation';
import { PortalPages, type PortalRequest } from '../../kit/pages';
import { STAFF_AREA } from '../staff-area';
import { REPORT_PAGES } from './report-index';

/** The reports index: every report page the signed-in role may open. */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff/reports')
@Roles(STAFF_ROLES)
export class ReportsPages {
  constructor(private readonly pages: PortalPages) {}

  @Get()
  index(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    const role = req.principal?.role ?? '';
    const reports = REPORT_PAGES.filter((p) => !p.roles || p.roles.includes(role));
    this.pages.send(req, reply, 'staff-reports', { title: 'Reports', reports });
  }
}
