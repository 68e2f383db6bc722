import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@app/config';
import { Public } from '@app/identity';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { PUBLIC_AREA } from './public-area';
import { contactDetails, cookieRows } from './service-pages';

/** The pages every NHS service has, linked from the footer of every page: open to anyone, signed in or not. */
@InPortalArea(PUBLIC_AREA)
@ApiExcludeController()
@Controller('portal')
@Public()
export class ServicePages {
  constructor(
    private readonly pages: PortalPages,
    private readonly config: AppConfig,
  ) {}

  @Get('privacy')
  privacy(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    this.pages.send(req, reply, 'privacy', { title: 'Privacy notice', contact: contactDetails(this.config) });
  }

  @Get('cookies')
  cookies(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    this.pages.send(req, reply, 'cookies', { title: 'Cookies', cookies: cookieRows(this.config) });
  }

  @Get('accessibility')
  accessibility(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    this.pages.send(req, reply, 'accessibility', { title: 'Accessibility statement', contact: contactDetails(this.config) });
  }

  @Get('contact')
  contact(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    this.pages.send(req, reply, 'contact', { title: 'Help and contact', contact: contactDetails(this.config) });
  }
}
