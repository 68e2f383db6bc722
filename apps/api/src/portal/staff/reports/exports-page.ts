import { describeFilters, producedAtText, type ExportDownload, type ReportExportView, type ReportFilters } from '@app/reports';
import type { FastifyReply } from 'fastify';

export const EXPORTS_BASE = '/portal/staff/reports/exports';

const FORMAT_NAMES: Record<string, string> = { csv: 'CSV', xlsx: 'Excel workbook' };
const STATUS_TAGS: Record<string, { text: string; classes: string }> = {
  queued: { text: 'Being prepared', classes: 'nhsuk-tag--blue' },
  running: { text: 'Being prepared', classes: 'nhsuk-tag--blue' },
  ready: { text: 'Ready', classes: 'nhsuk-tag--green' },
  failed: { text: 'Failed', classes: 'nhsuk-tag--red' },
  expired: { text: 'Expired', classes: 'nhsuk-tag--grey' },
};

/** The query string of the filters ("" or "?a=b"), for a link that asks for the same export again. */
export function filtersQuery(filters: ReportFilters): string {
  const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== undefined && v !== null).map(([k, v]): [string, string] => [k, String(v)]));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** What the export pages show of one export: words, a status tag, its links. */
export function exportItem(e: ReportExportView) {
  const state = e.status === 'ready' && !e.downloadable ? 'expired' : e.status;
  return {
    id: e.id,
    state,
    reportTitle: e.reportTitle,
    format: FORMAT_NAMES[e.format] ?? e.format,
    filters: describeFilters(e.filters),
    requested: producedAtText(new Date(e.createdAt)),
    ready: e.readyAt ? producedAtText(new Date(e.readyAt)) : null,
    expires: e.expiresAt ? producedAtText(new Date(e.expiresAt)) : null,
    rows: e.rowCount === null ? null : e.rowCount.toLocaleString('en-GB'),
    tag: STATUS_TAGS[state],
    href: `${EXPORTS_BASE}/${e.id}`,
    downloadHref: `${EXPORTS_BASE}/${e.id}/download`,
    againHref: `/portal/staff/reports/${e.reportKey}/export.${e.format}${filtersQuery(e.filters)}`,
  };
}

/** Sends a file or stream as a download that is never cached. */
export function sendDownload(reply: FastifyReply, d: ExportDownload): void {
  reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${d.fileName}"`).type(d.contentType).send(d.stream);
}
