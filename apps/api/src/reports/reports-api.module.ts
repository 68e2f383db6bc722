import { Module } from '@nestjs/common';
import { OutcomeReportsModule } from '@app/reports';
import { OutcomeReportsController } from './outcome-reports.controller';

/** The reports' JSON API under /admin/reports. */
@Module({
  imports: [OutcomeReportsModule],
  controllers: [OutcomeReportsController],
})
export class ReportsApiModule {}
