import type { DataSource } from 'typeorm';
import { PROFILE_AREA_SQL, suppressed } from '@app/workforce';
import type { ReportColumn, ReportFilters, ReportRow } from '../report-definition';
import { DECISION_TRANSITION } from './durations';
import { londonDay, narrowedToPeople, outcomeBase, reportQuery, type YearStart } from './outcome-sql';

export const APPLICATION_COLUMNS: readonly ReportColumn[] = [
  { key: 'reference', header: 'Reference', description: 'The application’s reference' },
  { key: 'round', header: 'Funding round', description: 'The funding round applied to' },
  { key: 'qualification', header: 'Qualification', description: 'The qualification applied for' },
  { key: 'status', header: 'Status', description: 'Where the application is now (submitted, under_review, offered, enrolled, completed ...)' },
  { key: 'submittedOn', header: 'Submitted', description: 'The UK calendar date it was submitted (YYYY-MM-DD)' },
  { key: 'decidedOn', header: 'Decided', description: 'The UK date of the first offer, waiting-list place or rejection, or of finding a referred application ineligible; empty before a decision' },
  { key: 'region', header: 'Region', description: 'The applicant’s region (their practice’s, else the one they gave); empty when withheld' },
  { key: 'icb', header: 'ICB', description: 'Their practice’s integrated care board; empty when not known or withheld' },
  { key: 'role', header: 'Role', description: 'Their job role; empty when withheld' },
];

/** Rows read from the database at a time: the export holds one batch, never the report. */
const BATCH = 2000;

/**
 * One row per submitted application, for analysis elsewhere: no names,
 * emails or anything else that says who applied. Suppression as the other
 * reports, applied to each row's area and role: a region, ICB and role
 * combination with 1 to 4 applications among the report's has those three
 * withheld (the rest of the row shown), and a report narrowed to a region,
 * ICB or role with 1 to 4 applications in all gives no rows (its count is
 * withheld elsewhere, so its rows must be). Streamed in batches in
 * reference order (keyset on the unique reference), so 100,000 rows
 * export in the memory of one batch.
 */
export async function* applicationRows(db: DataSource, filters: ReportFilters, yearStart: YearStart): AsyncGenerator<ReportRow> {
  const cells = await cellSizes(db, filters, yearStart);
  const total = [...cells.values()].reduce((sum, n) => sum + n, 0);
  if (narrowedToPeople(filters) && suppressed(total)) return;
  let after = '';
  for (;;) {
    const base = outcomeBase(filters, yearStart, 2);
    const rows: Record<string, string | null>[] = await reportQuery(db,
      `SELECT a.reference, r.name AS round, q.title AS qualification, a.status, to_char(${londonDay('a.submitted_at')}, 'YYYY-MM-DD') AS submitted_on,
              (SELECT to_char(${londonDay('min(t.at)')}, 'YYYY-MM-DD') FROM application_transition t WHERE t.application_id = a.id AND ${DECISION_TRANSITION}) AS decided_on,
              ${PROFILE_AREA_SQL.region} AS region, ${PROFILE_AREA_SQL.icb} AS icb, p.job_role AS role
       ${base.from} JOIN funding_round r ON r.id = a.round_id JOIN qualification q ON q.id = a.qualification_id
       WHERE ${base.where} AND a.reference > $1
       ORDER BY a.reference LIMIT ${BATCH}`,
      [after, ...base.params],
    );
    for (const r of rows) {
      const shown = !suppressed(cells.get(cellKey(r.region, r.icb, r.role)) ?? 0);
      yield {
        reference: r.reference,
        round: r.round,
        qualification: r.qualification,
        status: r.status,
        submittedOn: r.submitted_on,
        decidedOn: r.decided_on,
        region: shown ? r.region : null,
        icb: shown ? r.icb : null,
        role: shown ? r.role : null,
      };
    }
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1].reference!;
  }
}

/** How many rows applicationRows gives (for the export's choice of streaming or the worker). */
export async function applicationCount(db: DataSource, filters: ReportFilters, yearStart: YearStart): Promise<number> {
  const cells = await cellSizes(db, filters, yearStart);
  const total = [...cells.values()].reduce((sum, n) => sum + n, 0);
  return narrowedToPeople(filters) && suppressed(total) ? 0 : total;
}

const cellKey = (region: string | null, icb: string | null, role: string | null) => JSON.stringify([region, icb, role]);

/** Applications per region, ICB and role among the report's: a few hundred rows at most. */
async function cellSizes(db: DataSource, filters: ReportFilters, yearStart: YearStart): Promise<Map<string, number>> {
  const base = outcomeBase(filters, yearStart);
  const rows: { region: string | null; icb: string | null; role: string | null; n: number }[] = await reportQuery(db,
    `SELECT ${PROFILE_AREA_SQL.region} AS region, ${PROFILE_AREA_SQL.icb} AS icb, p.job_role AS role, count(*)::int AS n ${base.sql} GROUP BY 1, 2, 3`,
    base.params,
  );
  return new Map(rows.map((r) => [cellKey(r.region, r.icb, r.role), r.n]));
}
