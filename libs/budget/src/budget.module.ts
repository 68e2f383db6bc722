import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BudgetService } from './budget.service';
import { LedgerEntry, Pot } from './entities';
import { ForecastService } from './forecast/forecast.service';
import { FreedMoney } from './freed-money';
import { PaymentRunsService } from './payments/payment-runs.service';
import { PotsService } from './pots/pots.service';
import { ReconciliationService } from './reconciliation.service';
import { YearEndService } from './year-end.service';

/**
 * The programme budget: pots, the ledger, reservations, reconciliation, the
 * year end and the forecast. Other libs call BudgetService inside their own
 * transactions; the forecast's PipelineSource and FreedMoney's
 * WaitingListPort are provided elsewhere (intake).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Pot, LedgerEntry])],
  providers: [BudgetService, PotsService, ReconciliationService, YearEndService, ForecastService, FreedMoney, PaymentRunsService],
  exports: [BudgetService, PotsService, ReconciliationService, YearEndService, ForecastService, FreedMoney, PaymentRunsService],
})
export class BudgetModule {}
