import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ledgerCsv } from './ledger-csv';
import { ForecastDto } from './forecast.dto';
import { BudgetService, ForecastService, PotsService, ReconciliationService, YearEndService } from '@app/budget';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import {
  CreatePotDto,
  ForecastQueryDto,
  LedgerPageDto,
  LedgerQueryDto,
  PageQueryDto,
  PotDto,
  PotsQueryDto,
  ChangeReasonDto,
  ReconciliationDto,
  ReversalDto,
  SummaryDto,
  TopUpDto,
  TransferDto,
  TransferResultDto,
  YearEndDto,
  YearEndPreviewDto,
  YearEndResultDto,
} from './budget.dto';

/** Finance and admins run the budget; reviewers may read the summary. */
const MONEY = ['finance', 'admin'] as const;

@ApiTags('administration: budget')
@Controller('admin/budget')
export class BudgetController {
  constructor(
    private readonly pots: PotsService,
    private readonly budget: BudgetService,
    private readonly reconciliation: ReconciliationService,
    private readonly yearEnd: YearEndService,
    private readonly forecasts: ForecastService,
  ) {}

  @Get()
  @Roles(['reviewer', ...MONEY])
  @ApiOkResponse({ type: SummaryDto })
  summary(): Promise<SummaryDto> {
    return this.pots.summary();
  }

  @Get('pots')
  @Roles(MONEY)
  @ApiOkResponse({ type: [PotDto] })
  listPots(@Query() query: PotsQueryDto): Promise<PotDto[]> {
    return this.pots.list(query);
  }

  @Post('pots')
  @Roles(MONEY)
  @ApiCreatedResponse({ type: PotDto, description: '409 when the pots would together pass the programme total' })
  createPot(@Body() body: CreatePotDto, @CurrentActor() actor: Actor): Promise<PotDto> {
    return this.pots.create(body, actor);
  }

  @Get('pots/:id')
  @Roles(MONEY)
  @ApiOkResponse({ type: PotDto })
  getPot(@Param('id', new ParseIdPipe()) id: string): Promise<PotDto> {
    return this.pots.get(id);
  }

  @Post('pots/:id/top-ups')
  @Roles(MONEY)
  @ApiCreatedResponse({ type: PotDto, description: 'The pot after the top-up; 409 when the programme has less not yet in a pot, or the pot is closed' })
  topUp(@Param('id', new ParseIdPipe()) id: string, @Body() body: TopUpDto, @CurrentActor() actor: Actor): Promise<PotDto> {
    return this.pots.topUp(id, body, actor);
  }

  @Get('ledger')
  @Roles(MONEY)
  @ApiOkResponse({ type: LedgerPageDto, description: 'The programme’s entries narrowed by pot, kind, dates (UK), application and provider; newest first, 100 to a page' })
  entries(@Query() query: LedgerQueryDto): Promise<LedgerPageDto> {
    const { page, ...filter } = query;
    return this.pots.entries(filter, page);
  }

  @Get('ledger.csv')
  @Roles(MONEY)
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The same entries as GET /ledger (every page), streamed as CSV: amounts in pence and pounds' })
  async entriesCsv(@Query() query: LedgerQueryDto): Promise<StreamableFile> {
    const filter: LedgerQueryDto = { ...query };
    delete filter.page;
    const entries = this.pots.exportEntries(filter);
    // The first batch is read before the response starts, so a bad filter is still a problem+json answer, not a broken download.
    const first = await entries.next();
    const all = (async function* () {
      if (!first.done) yield first.value;
      yield* entries;
    })();
    return new StreamableFile(ledgerCsv(all), { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="budget-ledger.csv"' });
  }

  @Get('pots/:id/ledger')
  @Roles(MONEY)
  @ApiOkResponse({ type: LedgerPageDto, description: 'Newest first, 100 to a page' })
  ledger(@Param('id', new ParseIdPipe()) id: string, @Query() query: PageQueryDto): Promise<LedgerPageDto> {
    return this.pots.ledger(id, query.page);
  }

  @Post('transfers')
  @Roles(MONEY)
  @ApiCreatedResponse({ type: TransferResultDto, description: '409 when the source pot has less available' })
  transfer(@Body() body: TransferDto, @CurrentActor() actor: Actor): Promise<TransferResultDto> {
    return this.pots.transfer(body, actor);
  }

  @Post('entries/:id/reverse')
  @Roles(MONEY)
  @ApiCreatedResponse({ type: ReversalDto, description: 'A correction pointing at the entry; a transfer is reversed whole' })
  reverse(@Param('id', new ParseIdPipe()) id: string, @Body() body: ChangeReasonDto, @CurrentActor() actor: Actor): Promise<ReversalDto> {
    return this.budget.reverseEntry(id, body.reason, actor);
  }

  @Get('forecast')
  @Roles(MONEY)
  @ApiOkResponse({ type: ForecastDto, description: 'Month by month to the end of the financial year: spend, money left, fundable bursaries, qualified practice managers against the target, and the assumptions' })
  forecast(@Query() query: ForecastQueryDto): Promise<ForecastDto> {
    return this.forecasts.forecast({ financialYear: query.financialYear });
  }

  @Get('reconciliation')
  @Roles(MONEY)
  @ApiOkResponse({ type: ReconciliationDto, description: 'Every pot recomputed from its entries; differences are reported, never fixed' })
  reconcile(): Promise<ReconciliationDto> {
    return this.reconciliation.reconcile();
  }

  @Post('year-end/preview')
  @Roles(MONEY)
  @HttpCode(200)
  @ApiOkResponse({ type: YearEndPreviewDto, description: 'What the year end would do now, moving nothing: each pot, each application, the totals' })
  previewYearEnd(@Body() body: YearEndDto): Promise<YearEndPreviewDto> {
    return this.yearEnd.preview(body);
  }

  @Post('year-end')
  @Roles(MONEY)
  @HttpCode(200)
  @ApiOkResponse({ type: YearEndResultDto, description: 'Closes the year’s pots and carries or releases what they hold (docs/budget.md)' })
  runYearEnd(@Body() body: YearEndDto, @CurrentActor() actor: Actor): Promise<YearEndResultDto> {
    return this.yearEnd.run(body, actor);
  }
}
