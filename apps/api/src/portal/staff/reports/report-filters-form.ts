import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { humanise } from '@app/http';
import { describeFilters, type FilterProblem, type ReportFilterName, type ReportFilters } from '@app/reports';

export interface FilterOption {
  value: string;
  text: string;
}

/** The choices each report filter offers, read once per page view. */
export interface FilterOptions {
  roundId: FilterOption[];
  financialYear: FilterOption[];
  region: FilterOption[];
  icb: FilterOption[];
  role: FilterOption[];
  providerId: FilterOption[];
  qualificationId: FilterOption[];
  areaKind: FilterOption[];
}

const LABELS: Record<ReportFilterName, { label: string; any: string }> = {
  roundId: { label: 'Funding round', any: 'Any round' },
  financialYear: { label: 'Financial year', any: 'Any year' },
  region: { label: 'Region', any: 'Any region' },
  icb: { label: 'Integrated care board', any: 'Any ICB' },
  role: { label: 'Role', any: 'Any role' },
  providerId: { label: 'Training provider', any: 'Any provider' },
  qualificationId: { label: 'Qualification', any: 'Any qualification' },
  areaKind: { label: 'Areas', any: 'Regions' },
};

/** The filter form's model for the _report-filters.njk partial. */
export interface FilterFormView {
  action: string;
  fields: { name: ReportFilterName; id: string; label: string; items: (FilterOption & { selected?: boolean })[]; errorMessage?: { text: string } }[];
  /** The filters in words, for the page's caption. */
  summary: string;
  /** The query string of the filters now applied, for export links ("" or "?a=b"). */
  query: string;
}

/**
 * Loads the options for report filter forms: the rounds, the years the
 * budget has pots for (and the current year), regions and roles from
 * workforce.yaml, ICBs from the practice file, providers and qualifications.
 */
@Injectable()
export class ReportFilterOptions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async load(): Promise<FilterOptions> {
    const [rounds, years, icbs, providers, qualifications] = await Promise.all([
      this.dataSource.query(`SELECT id AS value, name AS text FROM funding_round ORDER BY opens_at DESC`),
      this.dataSource.query(`SELECT DISTINCT financial_year AS value FROM budget_pot ORDER BY 1 DESC`),
      this.dataSource.query(`SELECT icb_code AS value, coalesce(max(icb_name), icb_code) AS text FROM practice WHERE icb_code IS NOT NULL GROUP BY icb_code ORDER BY 2`),
      this.dataSource.query(`SELECT id AS value, name AS text FROM training_provider ORDER BY name`),
      this.dataSource.query(`SELECT id AS value, title AS text FROM qualification ORDER BY title`),
    ]);
    const w = this.config.workforce;
    return {
      roundId: rounds,
      financialYear: (years as { value: string }[]).map((y) => ({ value: y.value, text: y.value })),
      region: w.regions.map((r) => ({ value: r.code, text: r.name })),
      icb: icbs,
      role: w.currentRoles.map((r) => ({ value: r.code, text: r.name })),
      providerId: providers,
      qualificationId: qualifications,
      areaKind: [{ value: 'icb', text: 'Integrated care boards' }],
    };
  }
}

/**
 * The filter form for a report page: one select per filter the report
 * takes, the applied value selected, and any problem from
 * parseReportFilters shown on its field (the layout's error summary takes
 * `errorList` from errorListOf).
 */
export function filterFormView(action: string, names: readonly ReportFilterName[], options: FilterOptions, filters: ReportFilters, problems: FilterProblem[] = []): FilterFormView {
  const params = new URLSearchParams();
  for (const name of names) if (filters[name] !== undefined) params.set(name, String(filters[name]));
  const query = params.toString();
  return {
    action,
    fields: names.map((name) => {
      const problem = problems.find((p) => p.field === name);
      return {
        name,
        id: `filter-${name}`,
        label: LABELS[name].label,
        items: [{ value: '', text: LABELS[name].any }, ...options[name].map((o) => ({ ...o, selected: o.value === filters[name] }))],
        ...(problem ? { errorMessage: { text: `${LABELS[name].label} ${problem.message}` } } : {}),
      };
    }),
    summary: describeFilters(filters),
    query: query ? `?${query}` : '',
  };
}

/** The layout's error summary entries for filter problems. */
export function errorListOf(problems: FilterProblem[]): { text: string; href: string }[] {
  return problems.map((p) => ({ text: `${LABELS[p.field as ReportFilterName]?.label ?? humanise(p.field)} ${p.message}`, href: `#filter-${p.field}` }));
}

/** The export links for a report page's _report-exports.njk partial. */
export function exportLinks(key: string, form: FilterFormView): { csv: string; xlsx: string } {
  return { csv: `/portal/staff/reports/${key}/export.csv${form.query}`, xlsx: `/portal/staff/reports/${key}/export.xlsx${form.query}` };
}
