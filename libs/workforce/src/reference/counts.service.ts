import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import type { FieldProblem } from '@app/http';
import { actorColumns, recordAudit, type Actor } from '@app/identity';
import type { AreaKind } from '../entities';
import { WorkforceError, type LineProblem } from '../workforce.error';
import { fileInvalid, headerIndex, readCsvLines } from './csv-file';
import { problemsMessage } from './practice-files';

export const COUNT_COLUMNS = ['area_kind', 'area_code', 'practice_managers'] as const;
const NUMBER = /^\d{1,8}(\.\d{1,2})?$/;

export interface CountRow {
  areaKind: AreaKind;
  areaCode: string;
  /** Headcount or FTE, to 2 decimal places. */
  practiceManagers: number;
}

export interface CountUploadView {
  id: string;
  source: string;
  period: string;
  rowCount: number;
  uploadedBy: string | null;
  uploadedAt: string;
}

export interface CurrentCounts {
  upload: CountUploadView | null;
  rows: (CountRow & { areaName: string })[];
}

/**
 * Reads a counts CSV: a header naming area_kind, area_code and
 * practice_managers (any order, other columns ignored); region codes are
 * workforce.yaml's, ICB codes must be in the practice file.
 */
export function parseCounts(text: string, regionCodes: ReadonlySet<string>, icbCodes: ReadonlySet<string>): CountRow[] {
  const [header, ...rows] = readCsvLines(text, 'counts file');
  const index = headerIndex(header.cells);
  const missing = COUNT_COLUMNS.filter((c) => !index.has(c.replace(/_/g, ' ')));
  if (missing.length) throw fileInvalid('The counts file’s header is not right', missing.map((c) => ({ row: header.line, column: c, message: 'is a required column' })));
  if (rows.length === 0) throw fileInvalid('The counts file has a header but no rows', [{ row: header.line, column: '*', message: 'no rows after the header' }]);
  const problems: LineProblem[] = [];
  const out: CountRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of rows) {
    const value = (c: string) => cells[index.get(c.replace(/_/g, ' '))!] ?? '';
    const before = problems.length;
    const kind = value('area_kind');
    const code = value('area_code');
    if (kind !== 'region' && kind !== 'icb') problems.push({ row: line, column: 'area_kind', message: 'must be region or icb' });
    else if (kind === 'region' && !regionCodes.has(code)) problems.push({ row: line, column: 'area_code', message: `must be a region code from config/workforce.yaml (${[...regionCodes].join(', ')})` });
    else if (kind === 'icb' && !icbCodes.has(code)) problems.push({ row: line, column: 'area_code', message: `${code || '(empty)'} is not an ICB in the practice file` });
    else if (seen.has(`${kind}|${code}`)) problems.push({ row: line, column: 'area_code', message: `${code} is also on line ${seen.get(`${kind}|${code}`)}` });
    else seen.set(`${kind}|${code}`, line);
    const count = value('practice_managers');
    if (!NUMBER.test(count)) problems.push({ row: line, column: 'practice_managers', message: 'must be a number of 0 or more, with at most 2 decimal places (FTE), like 412 or 398.75' });
    if (problems.length === before) out.push({ areaKind: kind as AreaKind, areaCode: code, practiceManagers: Number(count) });
  }
  if (problems.length) throw fileInvalid(problemsMessage('counts file', problems), problems);
  return out;
}

/**
 * NHS Digital's official count of practice managers by region or ICB
 * (General Practice Workforce statistics), which coverage sets the skills
 * audit against. Each upload is kept; the newest is current.
 */
@Injectable()
export class CountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Checks the file, source and period together (every problem at once) and stores the upload in one transaction. */
  async upload(text: string, source: string, period: string, actor: Actor): Promise<CurrentCounts> {
    const fields: FieldProblem[] = [];
    if (!source.trim()) fields.push({ field: 'source', message: 'Enter where the figures come from' });
    else if (source.trim().length > 300) fields.push({ field: 'source', message: 'The source must be 300 characters or fewer' });
    if (!period.trim()) fields.push({ field: 'period', message: 'Enter the period the figures are for' });
    else if (period.trim().length > 100) fields.push({ field: 'period', message: 'The period must be 100 characters or fewer' });
    const icbs: { code: string }[] = await this.dataSource.query(`SELECT DISTINCT icb_code AS code FROM practice WHERE icb_code IS NOT NULL`);
    let rows: CountRow[] = [];
    let fileError: WorkforceError | undefined;
    try {
      rows = parseCounts(text, new Set(this.config.workforce.regions.map((r) => r.code)), new Set(icbs.map((r) => r.code)));
    } catch (err) {
      if (!(err instanceof WorkforceError)) throw err;
      fileError = err;
    }
    if (fields.length || fileError) {
      throw new WorkforceError('counts_invalid', fileError?.message ?? fields[0].message, [...fields, ...(fileError ? [{ field: 'file', message: fileError.message }] : [])], fileError?.rowErrors);
    }
    await this.dataSource.transaction(async (m) => {
      const [upload] = await m.query(
        `INSERT INTO workforce_count_upload (source, period, row_count, uploaded_by) VALUES ($1, $2, $3, $4) RETURNING id`,
        [source.trim(), period.trim(), rows.length, actorColumns(actor).actorId],
      );
      await m.query(
        `INSERT INTO workforce_count (upload_id, area_kind, area_code, practice_managers) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::numeric[])`,
        [upload.id, rows.map((r) => r.areaKind), rows.map((r) => r.areaCode), rows.map((r) => r.practiceManagers)],
      );
      await recordAudit(m, actor, { action: 'workforce_counts.uploaded', target: { type: 'workforce_count_upload', id: upload.id }, after: { source: source.trim(), period: period.trim(), rows: rows.length } });
    });
    return this.current();
  }

  /** The newest upload and its rows (regions in workforce.yaml's order, then ICBs by name). */
  async current(): Promise<CurrentCounts> {
    const [upload] = await this.dataSource.query(
      `SELECT u.id, u.source, u.period, u.row_count, u.uploaded_at, a.email::text AS uploaded_by
       FROM workforce_count_upload u LEFT JOIN user_account a ON a.id = u.uploaded_by ORDER BY u.uploaded_at DESC, u.id LIMIT 1`,
    );
    if (!upload) return { upload: null, rows: [] };
    const rows: { area_kind: AreaKind; area_code: string; practice_managers: string; icb_name: string | null }[] = await this.dataSource.query(
      `SELECT c.area_kind, c.area_code, c.practice_managers, (SELECT max(icb_name) FROM practice p WHERE p.icb_code = c.area_code) AS icb_name
       FROM workforce_count c WHERE c.upload_id = $1`,
      [upload.id],
    );
    const regions = this.config.workforce.regions;
    const order = (r: (typeof rows)[number]) => (r.area_kind === 'region' ? regions.findIndex((x) => x.code === r.area_code) : regions.length);
    return {
      upload: { id: upload.id, source: upload.source, period: upload.period, rowCount: upload.row_count, uploadedBy: upload.uploaded_by, uploadedAt: upload.uploaded_at.toISOString() },
      rows: rows
        .map((r) => ({
          areaKind: r.area_kind,
          areaCode: r.area_code,
          areaName: r.area_kind === 'region' ? (regions.find((x) => x.code === r.area_code)?.name ?? r.area_code) : (r.icb_name ?? r.area_code),
          practiceManagers: Number(r.practice_managers),
          _order: order(r),
        }))
        .sort((a, b) => a._order - b._order || a.areaName.localeCompare(b.areaName))
        .map(({ _order, ...r }) => r),
    };
  }
}
