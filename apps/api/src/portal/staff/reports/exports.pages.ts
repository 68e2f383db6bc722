import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, STAFF_ROLES, type Actor } from '@app/identity';
import { ReportExportsService, type ExportFormat } from '@app/reports';
import { InPortalArea } from '../../kit/navigation';
import { PortalPages, type PortalRequest } from '../../kit/pages';
import { STAFF_AREA } from '../staff-area';
import { EXPORTS_BASE, exportItem, sendDownload } from './exports-page';

/**
 * Every report's downloads, built from its registered definition: the links
 * report pages show (`/portal/staff/reports/{key}/export.csv|.xlsx`), and
 * the pages for exports the worker prepares. CSV always streams; an Excel
 * workbook of more rows than EXPORT_STREAM_MAX_ROWS is queued and the person
 * is sent to its "being prepared" page, which they reload ("Check again":
 * no automatic refresh, so nothing moves under a screen reader).
 * A person sees their own exports; an admin may open anyone's by its link.
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff/reports')
@Roles(STAFF_ROLES)
export class ReportExportsPages {
  constructor(
    private readonly exports: ReportExportsService,
    private readonly pages: PortalPages,
  ) {}

  /** The report as CSV, streamed (audited when it ends); a bad filter is a 422 page naming it, an unknown report 404. */
  @Get(':key/export.csv')
  csv(@Res() reply: FastifyReply, @Param('key') key: string, @Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return this.export(reply, key, query, 'csv', actor);
  }

  /** The report as an Excel workbook: streamed when small, else queued and 303 to its page. */
  @Get(':key/export.xlsx')
  xlsx(@Res() reply: FastifyReply, @Param('key') key: string, @Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return this.export(reply, key, query, 'xlsx', actor);
  }

  /** The signed-in person's recent exports, newest first. */
  @Get('exports')
  async list(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const items = (await this.exports.listOwn(actor)).map(exportItem);
    this.pages.send(req, reply, 'staff-report-exports', {
      title: 'Your exports',
      width: 'full',
      items,
      rows: items.map((e) => [
        { html: `<a href="${e.href}">${escapeHtml(e.reportTitle)}</a>` },
        { text: e.format },
        { text: e.filters },
        { text: e.requested },
        { html: `<strong class="nhsuk-tag ${e.tag.classes}">${e.tag.text}</strong>` },
      ]),
    });
  }

  /** One export: being prepared (with "Check again"), ready (with its download), failed or expired (with a link to ask again). */
  @Get('exports/:id')
  async status(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    const item = exportItem(await this.exports.get(id, actor));
    const titles: Record<string, string> = { queued: 'Your export is being prepared', running: 'Your export is being prepared', ready: 'Your export is ready', failed: 'Your export could not be prepared', expired: 'This export has expired' };
    this.pages.send(req, reply, 'staff-report-export', { title: titles[item.state], item });
  }

  /** The prepared file (audited); a page says so when it is not ready (409) or has expired (410). */
  @Get('exports/:id/download')
  async download(@Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    sendDownload(reply, await this.exports.download(id, actor));
  }

  private async export(reply: FastifyReply, key: string, query: Record<string, unknown>, format: ExportFormat, actor: Actor) {
    const definition = this.exports.definition(key);
    const filters = this.exports.filters(definition, query);
    if (await this.exports.shouldQueue(definition, filters, format)) {
      const queued = await this.exports.request(definition, filters, format, actor);
      return this.pages.redirect(reply, `${EXPORTS_BASE}/${queued.id}`);
    }
    sendDownload(reply, this.exports.stream(definition, filters, format, actor));
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
