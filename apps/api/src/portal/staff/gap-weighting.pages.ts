import { formatDate } from '@app/http';
import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { GapPriorityService, MAX_GAP_POINTS, PRIORITY_NOTE_MAX, type PrioritySettingView } from '@app/workforce';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { isRefusal } from '../kit/refusals';
import { AREA_KIND_SHORT, AREA_KIND_WORDS, gapWeightingErrorList, gapWeightingForm, previewRows, settingRows, type GapWeightingValues } from './gap-weighting-page';
import { STAFF_AREA } from './staff-area';

const BASE = '/portal/staff/workforce/gap-weighting';
const BANNERS: Record<string, string> = { on: 'Gap weighting is on: the queue has been rescored', off: 'Gap weighting is off: the queue is back on the fixed weights' };

/** The URL's settings, the current setting's where it gives none (a bare link previews the current setting). */
const withCurrent = (query: Record<string, unknown>, current: PrioritySettingView) => ({
  maxPoints: query.maxPoints === undefined ? String(current.maxPoints) : query.maxPoints,
  areaKind: query.areaKind === undefined ? current.areaKind : query.areaKind,
});

/**
 * Gap-weighted priority (admins): the current setting, the what-if of how
 * the queue would reorder (GapPriorityService.preview, a GET form: nothing
 * is written), then switching on after a confirmation, and switching off.
 * The same service as /api/v1/admin/priority-settings.
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff/workforce/gap-weighting')
@Roles(['admin'])
export class GapWeightingPages {
  constructor(
    private readonly priority: GapPriorityService,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async index(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    const current = await this.priority.current();
    const banner = Object.keys(BANNERS).find((k) => query[k] === '1');
    // Back from the preview ("Change the settings"), the URL keeps what was asked.
    const asked = gapWeightingForm(query).values;
    this.indexPage(req, reply, current, { maxPoints: asked.maxPoints || String(current.maxPoints), areaKind: asked.areaKind || current.areaKind, note: '' }, {}, banner && BANNERS[banner]);
  }

  /** How the current queue's order would change; the fields come from the URL. */
  @Get('preview')
  async preview(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    const current = await this.priority.current();
    const { values, input, errors } = gapWeightingForm(withCurrent(query, current));
    if (!input) return this.indexPage(req, reply, current, values, errors, undefined, 422);
    const preview = await this.priority.preview(input);
    this.pages.send(req, reply, 'staff-gap-weighting-preview', {
      title: 'How the queue would change',
      width: 'full',
      current,
      preview,
      rows: previewRows(preview),
      areaWords: AREA_KIND_SHORT[preview.areaKind],
      switchOnHref: `${BASE}/switch-on?maxPoints=${preview.maxPoints}&areaKind=${preview.areaKind}`,
      changeHref: `${BASE}?maxPoints=${preview.maxPoints}&areaKind=${preview.areaKind}`,
    });
  }

  /** "Switch on gap weighting": what will happen, with a note for the record. */
  @Get('switch-on')
  async switchOnForm(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    const current = await this.priority.current();
    const { values, input, errors } = gapWeightingForm(withCurrent(query, current));
    if (!input) return this.indexPage(req, reply, current, values, errors, undefined, 422);
    this.switchOnPage(req, reply, values, {});
  }

  @Post('switch-on')
  async switchOn(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const { values, input, errors } = gapWeightingForm(req.body);
    if (!input) return this.switchOnPage(req, reply, values, errors, 422);
    try {
      await this.priority.set({ gapWeighting: true, ...input }, actor);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.switchOnPage(req, reply, values, { maxPoints: err.message }, 422);
    }
    this.pages.redirect(reply, `${BASE}?on=1`);
  }

  @Get('switch-off')
  async switchOffForm(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    this.pages.send(req, reply, 'staff-gap-weighting-off', { title: 'Switch off gap weighting', current: await this.priority.current(), noteMax: PRIORITY_NOTE_MAX, values: { note: '' }, errors: {} });
  }

  @Post('switch-off')
  async switchOff(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const current = await this.priority.current();
    const { values, errors } = gapWeightingForm({ ...req.body, maxPoints: String(current.maxPoints), areaKind: current.areaKind });
    if (errors.note) return this.pages.send(req, reply, 'staff-gap-weighting-off', { title: 'Switch off gap weighting', current, noteMax: PRIORITY_NOTE_MAX, values, errors, errorList: gapWeightingErrorList(errors) }, 422);
    await this.priority.set({ gapWeighting: false, maxPoints: current.maxPoints, areaKind: current.areaKind, ...(values.note ? { note: values.note } : {}) }, actor);
    this.pages.redirect(reply, `${BASE}?off=1`);
  }

  private async indexPage(req: PortalRequest, reply: FastifyReply, current: PrioritySettingView, values: GapWeightingValues, errors: Record<string, string>, banner?: string, status = 200) {
    const history = await this.priority.history();
    this.pages.send(
      req,
      reply,
      'staff-gap-weighting',
      {
        title: 'Gap-weighted priority',
        current,
        rows: settingRows(current),
        history: history.map((h) => [{ text: String(h.version), format: 'numeric' }, { text: h.gapWeighting ? `On, up to ${h.maxPoints} points by ${h.areaKind === 'icb' ? 'ICB' : 'region'}` : 'Off' }, { text: `${formatDate(h.changedAt!)}, ${h.changedBy?.name ?? 'a former user'}` }, { text: h.note ?? '' }]),
        values,
        errors,
        errorList: gapWeightingErrorList(errors),
        maxGapPoints: MAX_GAP_POINTS,
        areaItems: (['icb', 'region'] as const).map((k) => ({ value: k, text: AREA_KIND_WORDS[k], checked: values.areaKind === k })),
        banner,
      },
      status,
    );
  }

  private switchOnPage(req: PortalRequest, reply: FastifyReply, values: GapWeightingValues, errors: Record<string, string>, status = 200) {
    this.pages.send(req, reply, 'staff-gap-weighting-on', { title: 'Switch on gap weighting', values, errors, errorList: gapWeightingErrorList(errors), areaWords: AREA_KIND_WORDS[values.areaKind as 'icb' | 'region'] ?? values.areaKind, noteMax: PRIORITY_NOTE_MAX, backHref: `${BASE}/preview?maxPoints=${encodeURIComponent(values.maxPoints)}&areaKind=${encodeURIComponent(values.areaKind)}` }, status);
  }
}
