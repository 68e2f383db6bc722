import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { StatementsService } from '@app/training';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { PROVIDER_AREA } from './provider-area';

/** The provider's payment statements: payments due and paid by month, in pounds. */
@InPortalArea(PROVIDER_AREA)
@ApiExcludeController()
@Controller('portal/provider/statements')
@Roles(['provider'])
export class StatementsPages {
  constructor(
    private readonly statementsService: StatementsService,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async statements(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const months = await this.statementsService.statements(actor.providerId!);
    this.pages.send(req, reply, 'statements', { title: 'Payment statements', width: 'full', months });
  }
}
