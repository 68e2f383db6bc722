import { Module } from '@nestjs/common';
import { BudgetModule } from '@app/budget';
import { BudgetController } from './budget.controller';

@Module({
  imports: [BudgetModule],
  controllers: [BudgetController],
})
export class BudgetApiModule {}
