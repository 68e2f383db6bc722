import { Module } from '@nestjs/common';
import { WorkforceReportsModule } from '@app/reports';
import { GapController } from './gap.controller';

/** The skills gap and coverage: the API, and their report definitions registered for exports and pages. */
@Module({
  imports: [WorkforceReportsModule],
  controllers: [GapController],
})
export class WorkforceReportsApiModule {}
