import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { ConflictsService, IntakeError } from '@app/intake';
import { field } from '../kit/form-fields';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { declarationForm, declarationRow, kindItems } from './conflicts-page';
import { STAFF_AREA } from './staff-area';

const STAFF = ['reviewer', 'finance', 'admin'] as const;
const HERE = '/portal/staff/conflicts';
const DONE: Record<string, string> = { added: 'Organisation added to your conflicts of interest', removed: 'Organisation removed from your conflicts of interest' };

/**
 * Conflicts of interest on pages, through ConflictsService as the API
 * (/api/v1/me/conflicts, /api/v1/admin/conflicts): each member of staff
 * lists, adds and removes the organisations they are connected to; nobody
 * is assigned, or decides, an application from one of them. Admins see
 * everyone's on /portal/staff/conflicts/all.
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff/conflicts')
@Roles(STAFF)
export class ConflictsPages {
  constructor(
    private readonly conflicts: ConflictsService,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async list(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Query('done') done?: string) {
    await this.show(req, reply, actor, { kind: '', code: '' }, {}, 200, done);
  }

  @Post()
  async add(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const values = { kind: field(req.body, 'kind'), code: field(req.body, 'code') };
    const { input, errors } = declarationForm(values.kind, values.code);
    if (!input) return this.show(req, reply, actor, values, errors, 422);
    try {
      await this.conflicts.declare(input, actor);
    } catch (err) {
      if (!(err instanceof IntakeError) || !['organisation_already_declared', 'invalid_organisation'].includes(err.code)) throw err;
      return this.show(req, reply, actor, values, { code: err.message }, 422);
    }
    this.pages.redirect(reply, `${HERE}?done=added`);
  }

  @Post(':id/remove')
  async remove(@Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    await this.conflicts.remove(id, actor);
    this.pages.redirect(reply, `${HERE}?done=removed`);
  }

  @Get('all')
  @Roles(['admin'])
  async all(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    const rows = (await this.conflicts.listAll()).map((d) => ({ ...declarationRow(d), userName: d.userName, userEmail: d.userEmail }));
    this.pages.send(req, reply, 'staff-conflicts-all', { title: 'Everyone’s conflicts of interest', width: 'full', rows });
  }

  private async show(req: PortalRequest, reply: FastifyReply, actor: Actor, values: { kind: string; code: string }, errors: Record<string, string>, status = 200, done?: string) {
    const rows = (await this.conflicts.list(actor.userId!)).map(declarationRow);
    this.pages.send(
      req,
      reply,
      'staff-conflicts',
      {
        title: 'Your conflicts of interest',
        rows,
        values,
        errors,
        errorList: Object.entries(errors).map(([name, text]) => ({ href: name === 'kind' ? '#kind' : `#${name}`, text })),
        kinds: kindItems(values.kind),
        isAdmin: actor.role === 'admin',
        banner: done ? DONE[done] : undefined,
      },
      status,
    );
  }
}
