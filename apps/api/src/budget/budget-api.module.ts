import { Module } from '@nestjs/common';
import { BudgetModule } from '@app/budget';
import { BudgetController } from './budget.controller';
import { PaymentRunsController } from './payment-runs.controller';

@Module({
  imports: [BudgetModule],
  controllers: [BudgetController, PaymentRunsController],
})
export class BudgetApiModule {}
