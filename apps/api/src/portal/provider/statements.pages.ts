import { Controller, Get, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { StatementsService } from '@app/training';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { PROVIDER_AREA } from './provider-area';
import { statementCsv, statementFileName } from './statement-csv';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The provider's payment statements: payments due and paid by month, in pounds, each month also as a CSV download. */
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

  /** One month's statement (YYYY-MM) as a CSV download; a month with no payments to this provider is not found. */
  @Get(':month/csv')
  async csv(@Res() reply: FastifyReply, @Param('month') month: string, @CurrentActor() actor: Actor) {
    if (!MONTH.test(month)) throw new NotFoundException();
    const [statement] = await this.statementsService.statements(actor.providerId!, month);
    if (!statement) throw new NotFoundException();
    reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${statementFileName(month)}"`)
      .type('text/csv; charset=utf-8')
      .send(statementCsv(statement));
  }
}
