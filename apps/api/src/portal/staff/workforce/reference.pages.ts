import { Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@app/config';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { CountsService, PlanService, PRACTICE_FILE_KINDS, PracticesService, WorkforceError, type AreaTarget, type LineProblem, type PracticeFileKind, type RoleProfiles } from '@app/workforce';
import { field } from '../../kit/form-fields';
import { summaryOf } from '../../kit/form-state';
import { InPortalArea } from '../../kit/navigation';
import { PortalPages, type FormError, type PortalRequest } from '../../kit/pages';
import { STAFF_AREA } from '../staff-area';
import { lineErrorList, PRACTICE_FILES, roleForm, roleProfileRows, targetField, targetsForm, type RoleFormValues } from './reference-page';
import { WORKFORCE_PAGES } from './workforce-index';

const BASE = '/portal/staff/workforce';

/**
 * The workforce reference data on pages (admins): the workforce home, the
 * practice file and what names it, the official counts, role profiles and
 * targets. The same services as /api/v1/admin/practices, /workforce-counts
 * and /workforce-plan.
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff/workforce')
@Roles(['admin'])
export class WorkforceReferencePages {
  constructor(
    private readonly practices: PracticesService,
    private readonly counts: CountsService,
    private readonly plan: PlanService,
    private readonly config: AppConfig,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  home(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    this.pages.send(req, reply, 'staff-workforce-home', { title: 'Workforce', items: WORKFORCE_PAGES });
  }

  @Get('practices')
  async practicesPage(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    const kind = PRACTICE_FILE_KINDS.find((k) => k === query.loaded);
    const banner = kind ? `${PRACTICE_FILES[kind].loaded}: ${typeof query.summary === 'string' ? query.summary.slice(0, 300) : ''}` : undefined;
    return this.practicesForm(req, reply, 200, { banner });
  }

  /** One of the three files (`kind`), multipart: checked whole, loaded in one transaction or refused with every problem by line. */
  @Post('practices/upload')
  async upload(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const kind = PRACTICE_FILE_KINDS.find((k) => k === field(req.body, 'kind'));
    if (!kind) throw new NotFoundException();
    const file = req.body?.file;
    const href = `#file-${kind}`;
    if (!Buffer.isBuffer(file) || file.length === 0) return this.practicesForm(req, reply, 400, { kind, errorList: [{ href, text: `Select the ${PRACTICE_FILES[kind].label.replace(/ \(.*\)$/, '')} to upload` }] });
    try {
      const result = await this.practices.load(kind, file.toString('utf8'), actor);
      const parts =
        kind === 'epraccur'
          ? [`${result.loaded} practices`, `${result.added} new`, `${result.updated} updated`, `${result.closed} no longer in the file marked closed`, ...outside(result.outsideRegions)]
          : kind === 'icb_names'
            ? [`${result.loaded} names`, `${result.practicesNamed} practices named`, `${result.unmatched} codes no practice has`]
            : [`${result.loaded} memberships`, `${result.practicesNamed} practices in a network`, `${result.unmatched} not in the practice file`, `${result.ended} ended ${result.ended === 1 ? 'membership' : 'memberships'} skipped`];
      this.pages.redirect(reply, `${BASE}/practices?loaded=${kind}&summary=${encodeURIComponent(parts.join(', '))}`);
    } catch (err) {
      if (!(err instanceof WorkforceError)) throw err;
      const problems = err.rowErrors ?? [];
      return this.practicesForm(req, reply, 422, { kind, problems, errorTitle: err.message, errorList: problems.length ? lineErrorList(problems, href) : [{ href, text: err.message }] });
    }
  }

  private async practicesForm(req: PortalRequest, reply: FastifyReply, status: number, state: { kind?: PracticeFileKind; banner?: string; errorList?: FormError[]; errorTitle?: string; problems?: LineProblem[] }) {
    const summary = await this.practices.summary();
    const regionName = new Map(this.config.workforce.regions.map((r) => [r.code, r.name]));
    const files = PRACTICE_FILE_KINDS.map((k) => ({ kind: k, ...PRACTICE_FILES[k], lastLoaded: summary.lastLoaded[k], error: state.kind === k ? state.errorList?.[0]?.text : undefined }));
    this.pages.send(req, reply, 'staff-workforce-practices', { title: 'Practices, networks and ICBs', width: 'full', summary, files, regionName: Object.fromEntries(regionName), ...state }, status);
  }

  @Get('counts')
  async countsPage(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query('uploaded') uploaded?: string) {
    return this.countsForm(req, reply, 200, { banner: uploaded === '1' ? 'The counts have been uploaded and are now current' : undefined, values: { source: '', period: '' } });
  }

  @Post('counts')
  async uploadCounts(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const values = { source: field(req.body, 'source'), period: field(req.body, 'period') };
    const file = req.body?.file;
    const text = Buffer.isBuffer(file) ? file.toString('utf8') : '';
    try {
      await this.counts.upload(text, values.source, values.period, actor);
    } catch (err) {
      if (!(err instanceof WorkforceError)) throw err;
      const errors: Record<string, string> = {};
      for (const p of err.errors ?? []) if (p.field !== 'file') errors[p.field] = p.message;
      // No file chosen is one problem, not the empty file's line problem.
      const problems = text ? (err.rowErrors ?? []) : [];
      const fileError = text ? (err.errors ?? []).find((p) => p.field === 'file')?.message : 'Select the CSV file of counts';
      const errorList = [...summaryOf(errors), ...(problems.length ? lineErrorList(problems, '#file') : fileError ? [{ href: '#file', text: fileError }] : [])];
      return this.countsForm(req, reply, 422, { values, errors, fileError, problems, errorList });
    }
    this.pages.redirect(reply, `${BASE}/counts?uploaded=1`);
  }

  private async countsForm(req: PortalRequest, reply: FastifyReply, status: number, state: { banner?: string; values: Record<string, string>; errors?: Record<string, string>; fileError?: string; problems?: LineProblem[]; errorList?: FormError[] }) {
    const current = await this.counts.current();
    this.pages.send(req, reply, 'staff-workforce-counts', { title: 'Official practice manager counts', width: 'full', current, errors: {}, ...state }, status);
  }

  @Get('role-profiles')
  async roleProfiles(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query('saved') saved?: string) {
    const [current, versions] = await Promise.all([this.plan.current('role_profiles'), this.plan.versions('role_profiles')]);
    const banner = saved && /^\d+$/.test(saved) ? `Version ${saved} of the role profiles has been saved and is now current` : undefined;
    this.pages.send(req, reply, 'staff-workforce-role-profiles', {
      title: 'Role profiles',
      width: 'full',
      current,
      competencies: this.config.workforce.competencies,
      roles: roleProfileRows(this.config.workforce, (current?.body as RoleProfiles) ?? null),
      versions,
      banner,
    });
  }

  @Get('role-profiles/:role')
  async roleForm(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('role') code: string) {
    const role = this.role(code);
    const current = (await this.plan.current('role_profiles'))?.body as RoleProfiles | undefined;
    const levels = Object.fromEntries(this.config.workforce.competencies.map((c) => [c.code, current?.[role.code]?.[c.code] ? String(current[role.code][c.code]) : '']));
    this.sendRoleForm(req, reply, role, { levels, note: '' }, {});
  }

  @Post('role-profiles/:role')
  async saveRole(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('role') code: string, @CurrentActor() actor: Actor) {
    const role = this.role(code);
    const { values, errors, levels } = roleForm(this.config.workforce, req.body);
    if (!levels) return this.sendRoleForm(req, reply, role, values, errors, 422);
    try {
      const saved = await this.plan.saveRoleProfile(role.code, levels, values.note || null, actor);
      this.pages.redirect(reply, `${BASE}/role-profiles?saved=${saved.version}`);
    } catch (err) {
      if (!(err instanceof WorkforceError)) throw err;
      return this.sendRoleForm(req, reply, role, values, { note: err.message }, 422);
    }
  }

  private sendRoleForm(req: PortalRequest, reply: FastifyReply, role: { code: string; name: string }, values: RoleFormValues, errors: Record<string, string>, status = 200) {
    const ratings = this.config.workforce.ratings;
    const competencies = this.config.workforce.competencies.map((c) => ({
      ...c,
      id: `level-${c.code}`,
      error: errors[`level-${c.code}`],
      items: [{ value: '', text: 'No required level', selected: values.levels[c.code] === '' }, ...['1', '2', '3', '4'].map((n) => ({ value: n, text: `${n}: ${ratings[n]}`, selected: values.levels[c.code] === n }))],
    }));
    this.pages.send(req, reply, 'staff-workforce-role-profile', { title: `Role profile: ${role.name}`, role, competencies, values, errors, errorList: summaryOf(errors) }, status);
  }

  private role(code: string) {
    const role = this.config.workforce.currentRoles.find((r) => r.code === code);
    if (!role) throw new NotFoundException();
    return role;
  }

  @Get('targets')
  async targets(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query('saved') saved?: string) {
    const current = await this.plan.current('targets');
    const body = (current?.body as AreaTarget[] | undefined) ?? [];
    const areas = await this.areas();
    const values = Object.fromEntries(body.map((t) => [targetField(t.areaKind, t.areaCode), String(t.qualifiedNeeded)]));
    const banner = saved && /^\d+$/.test(saved) ? `Version ${saved} of the targets has been saved and is now current` : undefined;
    return this.sendTargets(req, reply, areas, values, '', {}, banner);
  }

  @Post('targets')
  async saveTargets(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const areas = await this.areas();
    const { values, note, errors, targets } = targetsForm(areas, req.body);
    if (!targets) return this.sendTargets(req, reply, areas, values, note, errors, undefined, 422);
    try {
      const saved = await this.plan.save('targets', targets, note || null, actor);
      this.pages.redirect(reply, `${BASE}/targets?saved=${saved.version}`);
    } catch (err) {
      if (!(err instanceof WorkforceError)) throw err;
      return this.sendTargets(req, reply, areas, values, note, { note: err.message }, undefined, 422);
    }
  }

  private async sendTargets(req: PortalRequest, reply: FastifyReply, areas: Awaited<ReturnType<WorkforceReferencePages['areas']>>, values: Record<string, string>, note: string, errors: Record<string, string>, banner?: string, status = 200) {
    const [current, versions] = await Promise.all([this.plan.current('targets'), this.plan.versions('targets')]);
    const name = new Map(areas.map((a) => [`${a.kind}|${a.code}`, a.name]));
    const currentRows = ((current?.body as AreaTarget[] | undefined) ?? []).map((t) => ({ ...t, name: name.get(`${t.areaKind}|${t.areaCode}`) ?? t.areaCode }));
    const fields = areas.map((a) => ({ ...a, id: targetField(a.kind, a.code), value: values[targetField(a.kind, a.code)] ?? '', error: errors[targetField(a.kind, a.code)] }));
    this.pages.send(req, reply, 'staff-workforce-targets', { title: 'Targets', width: 'full', current, currentRows, versions, fields, hasIcbs: areas.some((a) => a.kind === 'icb'), note, errors, errorList: summaryOf(errors), banner }, status);
  }

  /** Every region, then every ICB the practice file knows. */
  private async areas(): Promise<{ kind: 'region' | 'icb'; code: string; name: string }[]> {
    const summary = await this.practices.summary();
    return [
      ...this.config.workforce.regions.map((r) => ({ kind: 'region' as const, code: r.code, name: r.name })),
      ...summary.byIcb.map((i) => ({ kind: 'icb' as const, code: i.code, name: i.name ? `${i.name} (${i.code})` : i.code })),
    ];
  }
}

function outside(counts: Record<string, number> | undefined): string[] {
  const entries = Object.entries(counts ?? {});
  if (!entries.length) return [];
  const total = entries.reduce((a, [, n]) => a + n, 0);
  return [`${total} outside the seven NHS England regions not loaded (${entries.map(([code, n]) => `${code}: ${n}`).join(', ')})`];
}
