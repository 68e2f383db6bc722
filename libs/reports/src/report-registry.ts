import { Injectable } from '@nestjs/common';
import type { ReportDefinition } from './report-definition';

/**
 * Every report, by key. Reports register themselves when their module
 * starts (onModuleInit: this.registry.register(...)); exports and the API
 * look them up here.
 */
@Injectable()
export class ReportRegistry {
  private readonly reports = new Map<string, ReportDefinition>();

  register(report: ReportDefinition): void {
    if (this.reports.has(report.key)) throw new Error(`Report ${report.key} is registered twice`);
    this.reports.set(report.key, report);
  }

  get(key: string): ReportDefinition | undefined {
    return this.reports.get(key);
  }

  list(): ReportDefinition[] {
    return [...this.reports.values()].sort((a, b) => a.title.localeCompare(b.title));
  }
}
