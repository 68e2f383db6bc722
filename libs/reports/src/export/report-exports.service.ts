import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { AppConfig, Clock } from '@app/config';
import { recordAudit, type Actor } from '@app/identity';
import { JOB, QUEUE, type BuildReportExportData } from '@app/queue';
import { parseReportFilters, type FilterProblem } from '../report-filters';
import type { ReportDefinition, ReportFilters } from '../report-definition';
import { ReportRegistry } from '../report-registry';
import { ReportsError } from '../reports.error';
import { reportCsv, type ExportTally } from './report-csv';
import { writeReportXlsx } from './report-xlsx';
import { writeReport } from './write-report';

export type ExportFormat = 'csv' | 'xlsx';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx'];
export type ExportStatus = 'queued' | 'running' | 'ready' | 'failed';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** One export job as pages and the API show it. */
export interface ReportExportView {
  id: string;
  reportKey: string;
  reportTitle: string;
  filters: ReportFilters;
  format: ExportFormat;
  status: ExportStatus;
  requestedBy: string | null;
  rowCount: number | null;
  createdAt: string;
  readyAt: string | null;
  expiresAt: string | null;
  /** Ready and not yet expired: the file can be downloaded. */
  downloadable: boolean;
}

/** A file (or stream) ready to send, with its name and type. */
export interface ExportDownload {
  stream: Readable;
  fileName: string;
  contentType: string;
}

interface ExportRow {
  id: string;
  report_key: string;
  filters: ReportFilters;
  format: ExportFormat;
  status: ExportStatus;
  requested_by: string | null;
  row_count: number | null;
  file_name: string | null;
  created_at: Date;
  ready_at: Date | null;
  expires_at: Date | null;
}

/** The number of recent exports a person's list shows. */
export const RECENT_EXPORTS = 50;
/** A second request for the same export while the first is still queued or running, within this long, is the first. */
const SAME_REQUEST_MS = 10 * 60_000;

/**
 * Report exports, generic over the ReportRegistry: streamed straight to the
 * caller (CSV always; Excel while the report is small), or queued for the
 * worker, which writes the file under EXPORT_DIR and marks it ready. Every
 * download is audited (report, filters, format, row count; never the data).
 */
@Injectable()
export class ReportExportsService {
  private readonly logger = new Logger(ReportExportsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUE.reports) private readonly queue: Queue<BuildReportExportData>,
    private readonly registry: ReportRegistry,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The report registered as `key`, or report_not_found. */
  definition(key: string): ReportDefinition {
    const definition = this.registry.get(key);
    if (!definition) throw new ReportsError('report_not_found', `There is no report called ${key}`);
    return definition;
  }

  /** The report's filters from a query string, or invalid_filters naming each bad field. */
  filters(definition: ReportDefinition, query: Record<string, unknown>): ReportFilters {
    const { filters, problems } = this.parse(definition, query);
    if (problems.length) throw new ReportsError('invalid_filters', `The filters are not right: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems);
    return filters;
  }

  /** The filters and their problems without throwing (pages show the problems beside the fields). */
  parse(definition: ReportDefinition, query: Record<string, unknown>): { filters: ReportFilters; problems: FilterProblem[] } {
    return parseReportFilters(query, this.config.workforce, definition.filters);
  }

  /**
   * Whether a page should queue this export rather than stream it: CSV always
   * streams (constant memory, the browser shows progress); Excel is queued
   * when the report says it has more than EXPORT_STREAM_MAX_ROWS rows for
   * these filters (a report that cannot say is streamed).
   */
  async shouldQueue(definition: ReportDefinition, filters: ReportFilters, format: ExportFormat): Promise<boolean> {
    if (format === 'csv' || !definition.countRows) return false;
    return (await definition.countRows(filters)) > this.config.exports.streamMaxRows;
  }

  /**
   * The export as a stream to send now. The audit event is written when the
   * stream ends (with the rows sent), or when it stops early (marked
   * incomplete), so a download is recorded once, with its real row count.
   */
  stream(definition: ReportDefinition, filters: ReportFilters, format: ExportFormat, actor: Actor): ExportDownload {
    const producedAt = this.clock.now();
    const tally: ExportTally = { rowCount: 0, suppressedCells: 0 };
    let stream: Readable;
    let finished: Promise<unknown>;
    if (format === 'csv') {
      stream = reportCsv(definition, filters, producedAt, tally);
      finished = new Promise((resolve, reject) => stream.once('end', resolve).once('error', reject).once('close', resolve));
    } else {
      const out = new PassThrough();
      stream = out;
      finished = writeReportXlsx(definition, filters, out, producedAt).then((t) => Object.assign(tally, t));
    }
    let complete = false;
    stream.once('end', () => (complete = true));
    finished
      .catch((err: Error) => {
        this.logger.error({ report: definition.key, err: err.message }, 'Report export failed while streaming');
        if (!stream.destroyed) stream.destroy(err);
      })
      .finally(() => void this.audit(actor, { definition, filters, format, rowCount: tally.rowCount, streamed: true, complete }).catch(() => undefined));
    return { stream, fileName: fileName(definition, format, producedAt), contentType: CONTENT_TYPES[format] };
  }

  /**
   * Queues an export for the worker (the job id is the export's id). The same
   * person asking again for the same export while it is still being prepared
   * gets the one already queued.
   */
  async request(definition: ReportDefinition, filters: ReportFilters, format: ExportFormat, actor: Actor): Promise<ReportExportView> {
    const now = this.clock.now();
    const requestedBy = actor.userId ?? null;
    const [same] = requestedBy
      ? await this.dataSource.query(
          `SELECT * FROM report_export WHERE requested_by = $1 AND report_key = $2 AND format = $3 AND filters = $4::jsonb
             AND status IN ('queued', 'running') AND created_at > $5 ORDER BY created_at DESC LIMIT 1`,
          [requestedBy, definition.key, format, JSON.stringify(filters), new Date(now.getTime() - SAME_REQUEST_MS)],
        )
      : [];
    if (same) return this.view(same);
    const row: ExportRow = await this.dataSource.transaction(async (m) => {
      const [created] = await m.query(
        `INSERT INTO report_export (report_key, filters, format, requested_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [definition.key, JSON.stringify(filters), format, requestedBy, now],
      );
      await recordAudit(m, actor, { action: 'report.export_requested', target: { type: 'report_export', id: created.id }, after: { report: definition.key, filters, format } });
      return created;
    });
    await this.queue.add(JOB.buildReportExport, { exportId: row.id }, { jobId: row.id, attempts: 3, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: 1_000, removeOnFail: 1_000 });
    return this.view(row);
  }

  /**
   * The worker's half: writes the export to EXPORT_DIR (to a temporary name,
   * renamed when complete, so a half-written file is never downloadable) and
   * marks it ready with its row count and expiry. Expired files are removed
   * on the way. A job for an export already ready is done.
   */
  async build(exportId: string): Promise<{ status: ExportStatus; rowCount: number | null }> {
    await this.purgeExpired();
    // TypeORM answers an UPDATE ... RETURNING with [rows, count].
    const [[claimed]]: [ExportRow[], number] = await this.dataSource.query(
      `UPDATE report_export SET status = 'running' WHERE id = $1 AND status IN ('queued', 'running', 'failed') RETURNING *`,
      [exportId],
    );
    if (!claimed) {
      const [row]: ExportRow[] = await this.dataSource.query(`SELECT * FROM report_export WHERE id = $1`, [exportId]);
      // Not ours (another deployment sharing the queue prefix, or a row since deleted): fail so it is seen.
      if (!row) throw new Error(`No report export ${exportId}`);
      return { status: row.status, rowCount: row.row_count };
    }
    try {
      const definition = this.definition(claimed.report_key);
      await mkdir(this.config.exports.dir, { recursive: true });
      const name = `${claimed.id}.${claimed.format}`;
      const partial = join(this.config.exports.dir, `${name}.partial`);
      const producedAt = this.clock.now();
      const tally = await writeReport(definition, claimed.filters, claimed.format, createWriteStream(partial), producedAt);
      await rename(partial, join(this.config.exports.dir, name));
      const readyAt = this.clock.now();
      const expiresAt = new Date(readyAt.getTime() + this.config.exports.keepHours * 3_600_000);
      await this.dataSource.query(
        `UPDATE report_export SET status = 'ready', row_count = $2, file_name = $3, ready_at = $4, expires_at = $5, failure = NULL WHERE id = $1`,
        [claimed.id, tally.rowCount, name, readyAt, expiresAt],
      );
      return { status: 'ready', rowCount: tally.rowCount };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await this.dataSource.query(`UPDATE report_export SET status = 'failed', failure = $2 WHERE id = $1`, [claimed.id, message.slice(0, 500)]);
      throw err;
    }
  }

  /** One export, if the actor may see it: their own, or any for an admin. */
  async get(id: string, actor: Actor): Promise<ReportExportView> {
    const [row]: ExportRow[] = await this.dataSource.query(`SELECT * FROM report_export WHERE id = $1`, [id]);
    if (!row || !this.maySee(row, actor)) throw new ReportsError('export_not_found', 'There is no export with that id');
    return this.view(row);
  }

  /** The actor's own recent exports, newest first. */
  async listOwn(actor: Actor): Promise<ReportExportView[]> {
    if (!actor.userId) return [];
    const rows: ExportRow[] = await this.dataSource.query(`SELECT * FROM report_export WHERE requested_by = $1 ORDER BY created_at DESC, id LIMIT $2`, [actor.userId, RECENT_EXPORTS]);
    return rows.map((r) => this.view(r));
  }

  /** Opens a ready export's file for download and audits it; export_not_ready or export_expired otherwise. */
  async download(id: string, actor: Actor): Promise<ExportDownload> {
    const [row]: ExportRow[] = await this.dataSource.query(`SELECT * FROM report_export WHERE id = $1`, [id]);
    if (!row || !this.maySee(row, actor)) throw new ReportsError('export_not_found', 'There is no export with that id');
    if (row.status !== 'ready') throw new ReportsError('export_not_ready', row.status === 'failed' ? 'This export could not be prepared; ask for it again' : 'This export is still being prepared');
    const path = join(this.config.exports.dir, row.file_name!);
    if (row.expires_at! <= this.clock.now() || !(await stat(path).catch(() => null))) {
      throw new ReportsError('export_expired', 'This export has expired; ask for it again');
    }
    const definition = this.registry.get(row.report_key);
    await this.audit(actor, { definition, key: row.report_key, filters: row.filters, format: row.format, rowCount: row.row_count!, streamed: false, complete: true, exportId: row.id });
    return {
      stream: createReadStream(path),
      fileName: fileName(definition ?? { key: row.report_key }, row.format, row.ready_at!),
      contentType: CONTENT_TYPES[row.format],
    };
  }

  /** Deletes the files of expired exports (their rows stay, for the list and the audit); removing a file already gone is nothing. */
  async purgeExpired(): Promise<number> {
    const rows: { id: string; file_name: string }[] = await this.dataSource.query(
      `SELECT id, file_name FROM report_export WHERE status = 'ready' AND expires_at <= $1`,
      [this.clock.now()],
    );
    for (const r of rows) await rm(join(this.config.exports.dir, r.file_name), { force: true });
    return rows.length;
  }

  private maySee(row: ExportRow, actor: Actor): boolean {
    return actor.role === 'admin' || (!!actor.userId && row.requested_by === actor.userId);
  }

  private async audit(
    actor: Actor,
    d: { definition?: ReportDefinition; key?: string; filters: ReportFilters; format: ExportFormat; rowCount: number; streamed: boolean; complete: boolean; exportId?: string },
  ): Promise<void> {
    const key = d.definition?.key ?? d.key!;
    await recordAudit(this.dataSource.manager, actor, {
      action: 'report.downloaded',
      target: d.exportId ? { type: 'report_export', id: d.exportId } : { type: 'report', id: key },
      after: { report: key, filters: d.filters, format: d.format, rowCount: d.rowCount, streamed: d.streamed, complete: d.complete },
    });
  }

  private view(row: ExportRow): ReportExportView {
    const expiresAt = row.expires_at ? new Date(row.expires_at) : null;
    return {
      id: row.id,
      reportKey: row.report_key,
      reportTitle: this.registry.get(row.report_key)?.title ?? row.report_key,
      filters: row.filters,
      format: row.format,
      status: row.status,
      requestedBy: row.requested_by,
      rowCount: row.row_count,
      createdAt: new Date(row.created_at).toISOString(),
      readyAt: row.ready_at ? new Date(row.ready_at).toISOString() : null,
      expiresAt: expiresAt?.toISOString() ?? null,
      downloadable: row.status === 'ready' && !!expiresAt && expiresAt > this.clock.now(),
    };
  }
}

/** "funnel-2026-12-03.xlsx": the report and the day it was produced (England). */
export function fileName(definition: Pick<ReportDefinition, 'key'>, format: ExportFormat, at: Date): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  return `${definition.key}-${day}.${format}`;
}
