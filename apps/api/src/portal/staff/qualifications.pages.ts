import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@app/config';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { QualificationsService, type QualificationView } from '@app/intake';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { isRefusal } from '../kit/refusals';
import { hasManyMilestones, MILESTONE_WORDS, qualificationErrorList, qualificationFormErrors, qualificationFormFromView, qualificationFormValues, qualificationRefusalErrors, scheduleWords, type QualificationFormValues } from './qualification-form';
import { STAFF_AREA } from './staff-area';

const BANNERS: Record<string, string> = { created: 'The qualification has been added', saved: 'The qualification has been changed', retired: 'The qualification has been retired' };

/**
 * The qualifications the programme funds (admins): the list, adding one,
 * changing one (QualificationsService.update, as PATCH
 * /api/v1/admin/qualifications/:id) and retiring one after a confirmation.
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff/qualifications')
@Roles(['admin'])
export class QualificationsPages {
  constructor(
    private readonly qualifications: QualificationsService,
    private readonly pages: PortalPages,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async list(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    const banner = Object.keys(BANNERS).find((k) => query[k] === '1');
    this.pages.send(req, reply, 'staff-qualifications', { title: 'Qualifications', width: 'full', qualifications: (await this.qualifications.list()).map((q) => ({ ...q, scheduleText: scheduleWords(q.paymentSchedule) })), banner: banner && BANNERS[banner] });
  }

  @Get('new')
  newForm(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    this.form(req, reply, { title: '', awardingBody: '', level: '', bursary: '500', durationMonths: '', startPaymentPercent: '50', milestone: '', milestonePercent: '', completionPaymentPercent: '50', competencies: [] }, {});
  }

  @Post()
  async create(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const values = qualificationFormValues(req.body);
    const { errors, input } = qualificationFormErrors(values);
    if (!input) return this.form(req, reply, values, errors, undefined, 422);
    try {
      await this.qualifications.create(input, actor);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.form(req, reply, values, qualificationRefusalErrors(err.errors, err.message, input.paymentSchedule!.length), undefined, 422);
    }
    this.pages.redirect(reply, '/portal/staff/qualifications?created=1');
  }

  @Get(':id/edit')
  async editForm(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string) {
    const q = await this.qualifications.get(id);
    this.form(req, reply, qualificationFormFromView(q), {}, q);
  }

  @Post(':id/edit')
  async edit(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    const q = await this.qualifications.get(id);
    const values = qualificationFormValues(req.body);
    const { errors, input } = qualificationFormErrors(values);
    if (!input) return this.form(req, reply, values, errors, q, 422);
    try {
      await this.qualifications.update(id, input, actor);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.form(req, reply, values, qualificationRefusalErrors(err.errors, err.message, input.paymentSchedule!.length), q, 422);
    }
    this.pages.redirect(reply, '/portal/staff/qualifications?saved=1');
  }

  /** "Are you sure?": a retired qualification is no longer offered in new rounds or to applicants. */
  @Get(':id/retire')
  async retireForm(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string) {
    const q = await this.qualifications.get(id);
    this.pages.send(req, reply, 'staff-qualification-retire', { title: `Retire ${q.title}`, qualification: q });
  }

  @Post(':id/retire')
  async retire(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    try {
      await this.qualifications.retire(id, actor);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      const q = await this.qualifications.get(id);
      return this.pages.send(req, reply, 'staff-qualification-retire', { title: `Retire ${q.title}`, qualification: q, refused: err.message, errorList: [{ href: '#retire', text: err.message }] }, 422);
    }
    this.pages.redirect(reply, '/portal/staff/qualifications?retired=1');
  }

  private form(req: PortalRequest, reply: FastifyReply, values: QualificationFormValues, errors: Record<string, string>, q?: QualificationView, status = 200) {
    this.pages.send(req, reply, 'staff-qualification-form', { title: q ? `Change ${q.title}` : 'Add a qualification', qualification: q, values, errors, errorList: qualificationErrorList(errors), levels: [1, 2, 3, 4, 5, 6, 7, 8], milestones: MILESTONE_WORDS, manyMilestones: q ? hasManyMilestones(q) : false, competencyItems: this.config.workforce.competencies.map((c) => ({ value: c.code, text: c.name, hint: { text: c.description }, checked: values.competencies.includes(c.code) })) }, status);
  }
}
