import { Global, Module } from '@nestjs/common';
import { ReportRegistry } from './report-registry';

/**
 * The report registry, global so every module that defines a report (the
 * outcome reports, the workforce reports) registers into the one instance.
 */
@Global()
@Module({
  providers: [ReportRegistry],
  exports: [ReportRegistry],
})
export class ReportsModule {}
