import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { AppConfig, Clock } from '@app/config';
import { RequestValidationError, type FieldProblem } from '@app/http';
import { CoverageService, GapService, WorkforceModule, type AreaKind, type GapQuery } from '@app/workforce';
import type { ReportColumn, ReportDefinition, ReportFilters, ReportRow } from '../report-definition';
import { ReportRegistry } from '../report-registry';

/** The financial year label ("2026-27") that `date` falls in, by the programme's year start. */
export function auditYearOf(date: Date, start: { month: number; day: number }): string {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + 1;
  const first = m < start.month || (m === start.month && date.getUTCDate() < start.day) ? y - 1 : y;
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
}

/**
 * The gap query a report's filters mean: financialYear is the audit year
 * (default: the current one); areaKind defaults to ICB when only an ICB is
 * given, else region; the area filter matching the kind (region or icb)
 * narrows to one area.
 */
/** Area filters that contradict each other (a region with ICBs, or a region and an ICB), by field. */
export function gapFilterProblems(filters: ReportFilters): FieldProblem[] {
  if (filters.region && filters.icb) return [{ field: 'icb', message: 'and a region cannot both be chosen: choose one area' }];
  if (filters.areaKind === 'icb' && filters.region) return [{ field: 'region', message: 'cannot be chosen when the areas are integrated care boards: choose an ICB instead' }];
  if (filters.areaKind === 'region' && filters.icb) return [{ field: 'icb', message: 'cannot be chosen when the areas are regions: choose a region instead' }];
  return [];
}

export function gapQueryOf(filters: ReportFilters, currentYear: string): GapQuery {
  const areaKind: AreaKind = filters.areaKind ?? (filters.icb && !filters.region ? 'icb' : 'region');
  const areaCode = areaKind === 'icb' ? filters.icb : filters.region;
  return { auditYear: filters.financialYear ?? currentYear, areaKind, ...(areaCode ? { areaCode } : {}), ...(filters.role ? { role: filters.role } : {}) };
}

export const SKILLS_GAP_COLUMNS: readonly ReportColumn[] = [
  { key: 'auditYear', header: 'Audit year', description: 'The financial year of the skills audits counted, such as 2026-27' },
  { key: 'areaKind', header: 'Area kind', description: 'region (NHS England region) or icb (integrated care board)' },
  { key: 'areaCode', header: 'Area code', description: 'The region code, or the ICB code from the practice file' },
  { key: 'areaName', header: 'Area', description: 'The region or ICB name' },
  { key: 'role', header: 'Role', description: 'The role code people gave in their newest audit of the year' },
  { key: 'competency', header: 'Competency', description: 'The competency area code (config/workforce.yaml)' },
  { key: 'people', header: 'People', description: 'People counted: each person once, by their newest audit in the year; empty when fewer than 5 (suppressed)' },
  { key: 'averageLevel', header: 'Average level', description: 'Mean self-rated level, 1 to 4, to 2 decimal places; empty when suppressed' },
  { key: 'shareAtOneOrTwo', header: 'Share at 1 or 2', description: 'Share of people rating themselves 1 or 2, 0 to 1; empty when suppressed' },
  { key: 'requiredLevel', header: 'Required level', description: 'The level the current role profile sets for this role and competency; empty when none' },
  { key: 'gap', header: 'Gap', description: 'Required level minus average level (positive: short of the profile); empty when suppressed or no profile' },
  { key: 'changeSinceLastYear', header: 'Change since last year', description: 'Average level minus the previous audit year’s; empty when either year is suppressed or absent' },
  { key: 'suppressed', header: 'Suppressed', description: 'true when fewer than 5 people are counted, so no figure is shown' },
];

export const COVERAGE_COLUMNS: readonly ReportColumn[] = [
  { key: 'auditYear', header: 'Audit year', description: 'The financial year of the skills audits counted' },
  { key: 'areaKind', header: 'Area kind', description: 'region or icb' },
  { key: 'areaCode', header: 'Area code', description: 'The region code, or the ICB code from the practice file' },
  { key: 'areaName', header: 'Area', description: 'The region or ICB name' },
  { key: 'knownPeople', header: 'People known', description: 'Distinct people with a skills audit (their own or an applicant profile) in the year placed in the area; empty when fewer than 5 (suppressed)' },
  { key: 'officialCount', header: 'Official count', description: 'Practice managers in the area by the newest official count uploaded (NHS Digital General Practice Workforce); empty when it gives none' },
  { key: 'shareKnown', header: 'Share known', description: 'People known divided by the official count, 0 to 1 (it can pass 1: the audit is open to all of practice management); empty when either is missing' },
  { key: 'averageGap', header: 'Average gap', description: 'Mean gap over the area’s skills gap cells that are shown; empty when none is' },
  { key: 'countPeriod', header: 'Count period', description: 'The period the official count describes' },
  { key: 'suppressed', header: 'Suppressed', description: 'true when fewer than 5 people are known, so the count and share are withheld' },
];

/** The skills gap and coverage as report definitions, for the exports and the report pages. */
@Injectable()
export class WorkforceReports implements OnModuleInit {
  constructor(
    private readonly registry: ReportRegistry,
    private readonly gaps: GapService,
    private readonly coverage: CoverageService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  currentAuditYear(): string {
    return auditYearOf(this.clock.now(), this.config.programme.financialYearStart);
  }

  onModuleInit(): void {
    for (const def of this.definitions()) this.registry.register(def);
  }

  definitions(): ReportDefinition[] {
    const gapDef: ReportDefinition = {
      key: 'skills-gap',
      path: '/admin/workforce/gap',
      title: 'Skills gap',
      description: 'For each competency, area (region or ICB) and role: people counted, average self-rated level, share at 1 or 2, the role profile’s level, the gap and the change since last year. Cells of fewer than 5 people are suppressed.',
      filters: ['financialYear', 'areaKind', 'region', 'icb', 'role'],
      columns: SKILLS_GAP_COLUMNS,
      rows: (filters) => this.gapRows(filters),
    };
    const coverageDef: ReportDefinition = {
      key: 'coverage',
      path: '/admin/workforce/coverage',
      title: 'Workforce coverage',
      description: 'For each region or ICB: the people the system knows from skills audits against the official count of practice managers, and the area’s average skills gap. Known counts under 5 are suppressed.',
      filters: ['financialYear', 'areaKind', 'role'],
      columns: COVERAGE_COLUMNS,
      rows: (filters) => this.coverageRows(filters),
    };
    return [gapDef, coverageDef];
  }

  private async *gapRows(filters: ReportFilters): AsyncIterable<ReportRow> {
    // A contradictory area filter would be silently ignored: refuse it (400, naming the field) before any row.
    const problems = gapFilterProblems(filters);
    if (problems.length) throw new RequestValidationError(problems);
    const query = gapQueryOf(filters, this.currentAuditYear());
    for (const c of await this.gaps.cells(query)) {
      yield {
        auditYear: query.auditYear,
        areaKind: c.areaKind,
        areaCode: c.areaCode,
        areaName: c.areaName,
        role: c.role,
        competency: c.competency,
        people: c.people,
        averageLevel: c.averageLevel,
        shareAtOneOrTwo: c.shareAtOneOrTwo,
        requiredLevel: c.requiredLevel,
        gap: c.gap,
        changeSinceLastYear: c.changeSinceLastYear,
        suppressed: c.suppressed,
      };
    }
  }

  private async *coverageRows(filters: ReportFilters): AsyncIterable<ReportRow> {
    const auditYear = filters.financialYear ?? this.currentAuditYear();
    const result = await this.coverage.coverage({ auditYear, areaKind: filters.areaKind ?? 'region', ...(filters.role ? { role: filters.role } : {}) });
    for (const r of result.rows) {
      yield {
        auditYear,
        areaKind: r.areaKind,
        areaCode: r.areaCode,
        areaName: r.areaName,
        knownPeople: r.knownPeople,
        officialCount: r.officialCount,
        shareKnown: r.shareKnown,
        averageGap: r.averageGap,
        countPeriod: result.upload?.period ?? null,
        suppressed: r.suppressed,
      };
    }
  }
}

/**
 * Registers the workforce reports into the (global) ReportRegistry. Import
 * it where ReportsModule is (the API; the worker if it builds exports).
 */
@Module({
  imports: [WorkforceModule],
  providers: [WorkforceReports],
  exports: [WorkforceReports, WorkforceModule],
})
export class WorkforceReportsModule {}
