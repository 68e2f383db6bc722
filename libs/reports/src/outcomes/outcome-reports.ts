import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig, Clock } from '@app/config';
import type { ReportDefinition, ReportFilters, ReportRow } from '../report-definition';
import { ReportRegistry } from '../report-registry';
import { APPLICATION_COLUMNS, applicationCount, applicationRows } from './applications';
import { DURATION_COLUMNS, durations, type Duration } from './durations';
import { EXCLUSION_COLUMNS, ruleExclusions, type RuleExclusion } from './exclusions';
import { FUNNEL_COLUMNS, funnel, type FunnelStep } from './funnel';
import { OUTCOME_FILTERS } from './outcome-sql';
import { PROVIDER_COLUMNS, providerOutcomes, type ProviderOutcome } from './providers';

/** The report keys: /admin/reports/{key}, /portal/staff/reports/{key}. */
export const OUTCOME_REPORT_KEYS = { funnel: 'funnel', eligibilityRules: 'eligibility-rules', durations: 'durations', providers: 'providers', applications: 'applications' } as const;

const SUPPRESSION = 'Narrowed to a region, ICB or role, any count of 1 to 4 people is withheld, with every figure made from it.';

/**
 * The outcome reports about applications and training: the funnel, the
 * eligibility rules that exclude or refer most, how long each step takes, and
 * completion, withdrawal and overdue reports by provider and qualification.
 * Each is one method here (the API and pages call it) and one ReportDefinition
 * in the registry (exports use it), so every figure comes from one query and
 * one suppression rule.
 */
@Injectable()
export class OutcomeReports implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly registry: ReportRegistry,
  ) {}

  /** Applications reaching each stage from submission to a pass, with conversion from the stage before. */
  funnel(filters: ReportFilters): Promise<FunnelStep[]> {
    return funnel(this.dataSource, filters, this.config.programme.financialYearStart);
  }

  /** Each eligibility rule's failures in the stored decisions, most first. */
  eligibilityRules(filters: ReportFilters): Promise<RuleExclusion[]> {
    return ruleExclusions(this.dataSource, filters, this.config.programme.financialYearStart);
  }

  /** Median and 90th percentile days from submission to decision, start and completion. */
  durations(filters: ReportFilters): Promise<Duration[]> {
    return durations(this.dataSource, filters, this.config.programme.financialYearStart);
  }

  /** Completion and withdrawal rates and overdue reports, by provider then by qualification. */
  providers(filters: ReportFilters): Promise<ProviderOutcome[]> {
    return providerOutcomes(this.dataSource, filters, this.config.programme.financialYearStart, this.clock.now());
  }

  onModuleInit(): void {
    const define = <T extends object>(key: string, title: string, description: string, columns: ReportDefinition['columns'], load: (f: ReportFilters) => Promise<T[]>): ReportDefinition => ({
      key,
      title,
      description: `${description} ${SUPPRESSION}`,
      path: `/admin/reports/${key}`,
      filters: OUTCOME_FILTERS,
      columns,
      rows: async function* (filters) {
        for (const row of await load(filters)) yield row as unknown as ReportRow;
      },
    });
    this.registry.register(
      define(OUTCOME_REPORT_KEYS.funnel, 'Funnel: from application to qualification', 'Submitted applications that reached each stage, from eligible to passed, and the share of the stage before.', FUNNEL_COLUMNS, (f) =>
        this.funnel(f),
      ),
    );
    this.registry.register(
      define(OUTCOME_REPORT_KEYS.eligibilityRules, 'Eligibility rules that exclude or refer most', 'How often each eligibility rule failed in the decisions made at submission.', EXCLUSION_COLUMNS, (f) =>
        this.eligibilityRules(f),
      ),
    );
    this.registry.register(
      define(OUTCOME_REPORT_KEYS.durations, 'Time from application to decision, start and completion', 'Median and 90th percentile UK calendar days from submission.', DURATION_COLUMNS, (f) =>
        this.durations(f),
      ),
    );
    this.registry.register(
      define(OUTCOME_REPORT_KEYS.providers, 'Providers: completion, withdrawal and overdue reports', 'Completion and withdrawal rates by provider and by qualification, and learners whose provider owes a report.', PROVIDER_COLUMNS, (f) =>
        this.providers(f),
      ),
    );
    // Export only (no page or JSON route: 100,000 rows are for a spreadsheet), streamed in batches.
    const yearStart = this.config.programme.financialYearStart;
    this.registry.register({
      key: OUTCOME_REPORT_KEYS.applications,
      title: 'Applications: one row each',
      description:
        'Every submitted application: reference, round, qualification, status, dates submitted and decided, region, ICB and role; no names or contact details. A region, ICB and role combination with 1 to 4 applications has those three withheld.',
      filters: OUTCOME_FILTERS,
      columns: APPLICATION_COLUMNS,
      rows: (filters) => applicationRows(this.dataSource, filters, yearStart),
      countRows: (filters) => applicationCount(this.dataSource, filters, yearStart),
    });
  }
}

/** Provides OutcomeReports (and registers its reports once); import it wherever the reports are shown. */
@Module({ providers: [OutcomeReports], exports: [OutcomeReports] })
export class OutcomeReportsModule {}
