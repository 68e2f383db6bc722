import { Module } from '@nestjs/common';
import { OutcomeReportsModule } from '@app/reports';
import { OutcomeReportsController } from './outcome-reports.controller';
import { ReportsController } from './reports.controller';

/** The reports' JSON API under /admin/reports and their exports; the export service comes from the global ReportsModule. */
@Module({
  imports: [OutcomeReportsModule],
  controllers: [ReportsController, OutcomeReportsController],
})
export class ReportsApiModule {}
