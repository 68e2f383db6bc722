import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@app/identity';
import { RoundSubscriptionsService } from '@app/notifications';
import { emailField, errorList } from '../kit/account-forms';
import { FormTokens } from '../kit/form-tokens';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { PUBLIC_AREA } from './public-area';

const HERE = '/portal/rounds/notify-me';

/**
 * "Tell me when a round opens" for anyone, with or without an account: the
 * same RoundSubscriptionsService as POST /api/v1/rounds/notify-me. The page
 * says the same whether or not the address was already waiting, so it
 * cannot be used to find out who has signed up.
 */
@InPortalArea(PUBLIC_AREA)
@ApiExcludeController()
@Controller('portal/rounds/notify-me')
@Public()
export class NotifyMePages {
  constructor(
    private readonly subscriptions: RoundSubscriptionsService,
    private readonly pages: PortalPages,
    private readonly formTokens: FormTokens,
  ) {}

  @Get()
  page(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query('sent') sent?: string) {
    if (sent) return this.pages.send(req, reply, 'notify-me', { title: 'We will email you', state: 'sent' });
    this.form(req, reply, '', {});
  }

  @Post()
  async signUp(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    const { email, error } = emailField(req.body);
    if (this.formTokens.refused(req)) return this.form(req, reply, email, { email: 'The form had expired or did not come from this site. Enter your email address again.' }, 400);
    if (error) return this.form(req, reply, email, { email: error }, 422);
    await this.subscriptions.subscribe(email);
    this.pages.redirect(reply, `${HERE}?sent=1`);
  }

  private form(req: PortalRequest, reply: FastifyReply, email: string, errors: Record<string, string>, status = 200): void {
    const formToken = this.formTokens.issue(req, reply);
    this.pages.send(req, reply, 'notify-me', { title: 'Get an email when a funding round opens', state: 'form', email, errors, errorList: errorList(errors), formToken }, status);
  }
}
