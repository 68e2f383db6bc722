import type { WorkforceFramework } from '@app/config';
import { REPORT_FILTER_NAMES, type ReportFilterName, type ReportFilters } from './report-definition';

export interface FilterProblem {
  field: ReportFilterName | string;
  message: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const YEAR = /^([0-9]{4})-([0-9]{2})$/;
const ICB = /^[A-Z0-9]{3,5}$/;

/**
 * Reads report filters from a query string (API or page), naming each bad
 * field. Empty values mean "all". `allowed` lists the filters the report
 * takes; any other given is refused, so no one reads a figure thinking it
 * filtered when it did not.
 */
export function parseReportFilters(
  query: Record<string, unknown>,
  workforce: WorkforceFramework,
  allowed: readonly ReportFilterName[] = REPORT_FILTER_NAMES,
): { filters: ReportFilters; problems: FilterProblem[] } {
  const filters: ReportFilters = {};
  const problems: FilterProblem[] = [];
  const text = (name: string) => {
    const v = query[name];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  for (const name of REPORT_FILTER_NAMES) {
    const value = text(name);
    if (value === undefined) continue;
    if (!allowed.includes(name)) {
      problems.push({ field: name, message: 'does not apply to this report' });
      continue;
    }
    switch (name) {
      case 'roundId':
      case 'providerId':
      case 'qualificationId':
        if (!UUID.test(value)) problems.push({ field: name, message: 'must be an id (a UUID)' });
        else filters[name] = value.toLowerCase();
        break;
      case 'financialYear': {
        const m = YEAR.exec(value);
        if (!m || (Number(m[1]) + 1) % 100 !== Number(m[2])) problems.push({ field: name, message: 'must be a financial year such as 2026-27' });
        else filters.financialYear = value;
        break;
      }
      case 'region':
        if (!workforce.regions.some((r) => r.code === value)) problems.push({ field: name, message: `must be one of ${workforce.regions.map((r) => r.code).join(', ')}` });
        else filters.region = value;
        break;
      case 'icb':
        if (!ICB.test(value.toUpperCase())) problems.push({ field: name, message: 'must be an ICB code from the practice file, such as QE1' });
        else filters.icb = value.toUpperCase();
        break;
      case 'role':
        if (!workforce.currentRoles.some((r) => r.code === value)) problems.push({ field: name, message: `must be one of ${workforce.currentRoles.map((r) => r.code).join(', ')}` });
        else filters.role = value;
        break;
      case 'areaKind':
        if (value !== 'region' && value !== 'icb') problems.push({ field: name, message: 'must be region or icb' });
        else filters.areaKind = value;
        break;
    }
  }
  return { filters, problems };
}

/** The filters in words, for an export's header: "financial year 2026-27; region london" or "no filters". */
export function describeFilters(filters: ReportFilters): string {
  const parts = REPORT_FILTER_NAMES.filter((n) => filters[n] !== undefined).map((n) => `${n}=${filters[n]}`);
  return parts.length ? parts.join('; ') : 'no filters';
}
