import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PaymentRunsService } from '@app/budget';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { remittanceCsv } from './remittance';
import { ChangeReasonDto } from './budget.dto';
import { BuildRunDto, PaymentRunDetailDto, PaymentRunDto, RecordPaidDto, RemittanceQueryDto, RunsQueryDto } from './payment-runs.dto';

const MONEY = ['finance', 'admin'] as const;

/** Paying providers: runs built from payments due, approved by a second finance user, recorded paid (docs/budget.md). */
@ApiTags('administration: payment runs')
@Controller('admin/budget/payment-runs')
@Roles(MONEY)
export class PaymentRunsController {
  constructor(private readonly runs: PaymentRunsService) {}

  @Get()
  @ApiOkResponse({ type: [PaymentRunDto], description: 'Newest first' })
  list(@Query() query: RunsQueryDto): Promise<PaymentRunDto[]> {
    return this.runs.list(query);
  }

  @Post()
  @ApiCreatedResponse({ type: PaymentRunDetailDto, description: 'A draft run of every payment due that matches and no live run holds; 409 nothing_to_pay when none' })
  build(@Body() body: BuildRunDto, @CurrentActor() actor: Actor): Promise<PaymentRunDetailDto> {
    return this.runs.build(body, actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: PaymentRunDetailDto })
  get(@Param('id', new ParseIdPipe()) id: string): Promise<PaymentRunDetailDto> {
    return this.runs.get(id);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @ApiOkResponse({ type: PaymentRunDetailDto, description: 'Sends a draft for approval' })
  submit(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor): Promise<PaymentRunDetailDto> {
    return this.runs.submit(id, actor);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: PaymentRunDetailDto, description: 'Approves a submitted run and locks its lines; 403 second_approver_required for the person who built or submitted it' })
  approve(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor): Promise<PaymentRunDetailDto> {
    return this.runs.approve(id, actor);
  }

  @Post(':id/paid')
  @HttpCode(200)
  @ApiOkResponse({ type: PaymentRunDetailDto, description: 'Records an approved run as paid, with the payment date and remittance reference' })
  recordPaid(@Param('id', new ParseIdPipe()) id: string, @Body() body: RecordPaidDto, @CurrentActor() actor: Actor): Promise<PaymentRunDetailDto> {
    return this.runs.recordPaid(id, body, actor);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: PaymentRunDetailDto, description: 'Cancels a draft or submitted run with a reason; its payments are due again' })
  cancel(@Param('id', new ParseIdPipe()) id: string, @Body() body: ChangeReasonDto, @CurrentActor() actor: Actor): Promise<PaymentRunDetailDto> {
    return this.runs.cancel(id, body.reason, actor);
  }

  @Get(':id/remittance.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One provider’s lines of the run: their remittance advice' })
  async remittance(@Param('id', new ParseIdPipe()) id: string, @Query() query: RemittanceQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const advice = await this.runs.remittance(id, query.providerId);
    reply.header('content-disposition', `attachment; filename="remittance-${advice.run.reference}-${advice.provider.ukprn ?? advice.provider.providerId}.csv"`);
    return remittanceCsv(advice);
  }
}
