import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PotsService } from '@app/budget';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { QualificationsService, RoundsService, RuleSets, type RoundView } from '@app/intake';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { isRefusal } from '../kit/refusals';
import { ROUND_STATUS_TAGS, roundChoices, roundErrorList, roundFormErrors, roundFormFromView, roundFormValues, roundRefusalErrors, type RoundFormValues } from './round-form';
import { STAFF_AREA } from './staff-area';

const BANNERS: Record<string, string> = { created: 'The round has been created', saved: 'The round has been changed', closed: 'The round has been closed' };

/**
 * Running funding rounds (admins): the list, creating one, changing one
 * until it opens (RoundsService.update, as PATCH /api/v1/admin/rounds/:id)
 * and closing an open one early after a confirmation (RoundsService.close).
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff/rounds')
@Roles(['admin'])
export class RoundsPages {
  constructor(
    private readonly rounds: RoundsService,
    private readonly qualifications: QualificationsService,
    private readonly ruleSets: RuleSets,
    private readonly pots: PotsService,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async list(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    const [rounds, pots] = await Promise.all([this.rounds.list({ openOnly: false }), this.pots.list()]);
    const potNames = new Map(pots.map((p) => [p.id, p.name]));
    const banner = Object.keys(BANNERS).find((k) => query[k] === '1');
    this.pages.send(req, reply, 'staff-rounds', {
      title: 'Funding rounds',
      width: 'full',
      rounds: rounds.map((r) => ({ ...r, potName: (r.potId && potNames.get(r.potId)) || 'No pot', statusTag: ROUND_STATUS_TAGS[r.status] })),
      banner: banner && BANNERS[banner],
    });
  }

  @Get('new')
  async newForm(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    const newest = (await this.ruleSets.newestPublished()).version;
    return this.form(req, reply, { name: '', opens: blank(), closes: blank(), potId: '', qualificationIds: [], ruleSetVersion: newest }, {});
  }

  @Post()
  async create(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const values = roundFormValues(req.body);
    const { errors, input } = roundFormErrors(values);
    if (!input) return this.form(req, reply, values, errors, undefined, 422);
    try {
      await this.rounds.create(input, actor);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.form(req, reply, values, roundRefusalErrors(err.errors, err.message), undefined, 422);
    }
    this.pages.redirect(reply, '/portal/staff/rounds?created=1');
  }

  @Get(':id')
  async one(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string) {
    const round = await this.rounds.get(id);
    const pot = round.potId ? await this.pots.get(round.potId).catch(() => undefined) : undefined;
    this.pages.send(req, reply, 'staff-round', { title: round.name, round, pot, statusTag: ROUND_STATUS_TAGS[round.status] });
  }

  @Get(':id/edit')
  async editForm(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string) {
    const round = await this.rounds.get(id);
    if (round.status !== 'upcoming') return this.pages.redirect(reply, `/portal/staff/rounds/${id}`);
    return this.form(req, reply, roundFormFromView(round), {}, round);
  }

  @Post(':id/edit')
  async edit(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    const round = await this.rounds.get(id);
    const values = roundFormValues(req.body);
    const { errors, input } = roundFormErrors(values);
    if (!input) return this.form(req, reply, values, errors, round, 422);
    try {
      await this.rounds.update(id, input, actor);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.form(req, reply, values, roundRefusalErrors(err.errors, err.message), round, 422);
    }
    this.pages.redirect(reply, '/portal/staff/rounds?saved=1');
  }

  /** "Are you sure?": closing early cannot be undone (no new applications, no more submissions). */
  @Get(':id/close')
  async closeForm(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string) {
    const round = await this.rounds.get(id);
    this.pages.send(req, reply, 'staff-round-close', { title: `Close ${round.name} early`, round });
  }

  @Post(':id/close')
  async close(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    try {
      await this.rounds.close(id, actor);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      const round = await this.rounds.get(id);
      return this.pages.send(req, reply, 'staff-round-close', { title: `Close ${round.name} early`, round, errorList: [{ href: '#close', text: err.message }], refused: err.message }, 422);
    }
    this.pages.redirect(reply, '/portal/staff/rounds?closed=1');
  }

  private async form(req: PortalRequest, reply: FastifyReply, values: RoundFormValues, errors: Record<string, string>, round?: RoundView, status = 200) {
    const [pots, qualifications, ruleSets] = await Promise.all([this.pots.list(), this.qualifications.list(), this.ruleSets.list()]);
    this.pages.send(
      req,
      reply,
      'staff-round-form',
      {
        title: round ? `Change ${round.name}` : 'Create a funding round',
        round,
        values,
        errors,
        errorList: roundErrorList(errors),
        choices: roundChoices(values, pots, qualifications, ruleSets, round?.qualifications.map((q) => q.id)),
      },
      status,
    );
  }
}

const blank = () => ({ day: '', month: '', year: '', time: '' });
