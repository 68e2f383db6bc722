import { Module } from '@nestjs/common';
import { OutcomeMoneyReportsModule } from '@app/reports';
import { MoneyReportsController } from './money-reports.controller';

@Module({
  imports: [OutcomeMoneyReportsModule],
  controllers: [MoneyReportsController],
})
export class MoneyReportsApiModule {}
