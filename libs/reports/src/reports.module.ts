import { Global, Module } from '@nestjs/common';
import { ReportExportsService } from './export/report-exports.service';
import { ReportRegistry } from './report-registry';

/**
 * The report registry, global so every module that defines a report (the
 * outcome reports, the workforce reports) registers into the one instance,
 * and the exports built from it. The API and the worker both import it; the
 * worker must also import every module that registers a definition, or a
 * queued export of that report fails as report_not_found.
 */
@Global()
@Module({
  providers: [ReportRegistry, ReportExportsService],
  exports: [ReportRegistry, ReportExportsService],
})
export class ReportsModule {}
