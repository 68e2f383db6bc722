import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ParseIdPipe } from '@app/http';
import { AccountsService, CurrentActor, IdentityError, Roles, STAFF_ROLES, USERS_PAGE_SIZE, userView, type Actor } from '@app/identity';
import { field } from '../kit/form-fields';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { summaryOf, type FormState } from '../kit/form-state';
import { inviteForm, isStaffRole, pageLinks, pageOf, ROLE_WORDS, serviceFieldErrors } from './people-page';
import { STAFF_AREA } from './staff-area';

/** Why a change to a person was refused, in the page's words (by the service's code, never its message). */
const REFUSED: Record<string, string> = {
  forbidden: 'You cannot disable your own account: ask another admin',
  last_admin: 'This is the only active admin. Invite or choose another admin first, so someone can still run the programme',
  role_not_allowed: 'Only a staff member’s role can be changed',
};

/**
 * Programme staff for admins: the list, inviting someone, changing a role,
 * disabling (after asking) and enabling an account. Through AccountsService,
 * as /api/v1/admin/users; the service refuses disabling yourself and taking
 * away the last active admin.
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff/people')
@Roles(['admin'])
export class PeoplePages {
  constructor(
    private readonly accounts: AccountsService,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async list(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    const page = pageOf(query);
    const { items, total } = await this.accounts.list({ roles: STAFF_ROLES, page });
    this.pages.send(req, reply, 'staff-people', {
      title: 'Staff',
      width: 'full',
      people: items,
      total,
      paging: pageLinks('/portal/staff/people', {}, page, total, USERS_PAGE_SIZE),
      roleWords: ROLE_WORDS,
      banner: query.invited === '1' ? 'Invitation sent: they will get an email to set their password' : undefined,
    });
  }

  @Get('new')
  inviteForm(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    this.sendInvite(req, reply, { values: { email: '', fullName: '', role: '' }, errors: {} });
  }

  /** Invites a reviewer, finance or admin user (AccountsService.invite, as POST /api/v1/admin/users). */
  @Post()
  async invite(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const form = inviteForm(req.body, true);
    if (Object.keys(form.errors).length) return this.sendInvite(req, reply, form, 422);
    try {
      await this.accounts.invite({ email: form.values.email, fullName: form.values.fullName, role: form.values.role as never }, actor);
      this.pages.redirect(reply, '/portal/staff/people?invited=1');
    } catch (err) {
      if (!(err instanceof IdentityError && err.code === 'email_taken')) throw err;
      this.sendInvite(req, reply, { ...form, errors: serviceFieldErrors(err, ['email'], { email: 'Someone already has an account with this email address' }) }, 422);
    }
  }

  @Get(':id')
  async one(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    const banner = { role: 'Role changed', disabled: 'Account disabled: their sessions have ended', enabled: 'Account enabled' }[String(query.changed)];
    await this.sendPerson(req, reply, id, actor, { banner });
  }

  /** Changes a staff member's role (AccountsService.changeRole, as PATCH /api/v1/admin/users/:id). */
  @Post(':id/role')
  async changeRole(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    const role = field(req.body, 'role');
    if (!isStaffRole(role)) return this.sendPerson(req, reply, id, actor, { role, errors: { role: 'Choose their role' } }, 422);
    try {
      await this.accounts.changeRole(id, role, actor);
    } catch (err) {
      const text = err instanceof IdentityError ? REFUSED[err.code] : undefined;
      if (!text) throw err;
      return this.sendPerson(req, reply, id, actor, { role, errors: { role: text } }, 409);
    }
    this.pages.redirect(reply, `/portal/staff/people/${id}?changed=role`);
  }

  /** Asks before disabling: their sessions end at once. */
  @Get(':id/disable')
  async disableForm(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    await this.sendDisable(req, reply, id, actor);
  }

  @Post(':id/disable')
  async disable(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    try {
      await this.accounts.setDisabled(id, true, actor);
    } catch (err) {
      const text = err instanceof IdentityError ? REFUSED[err.code] : undefined;
      if (!text) throw err;
      return this.sendDisable(req, reply, id, actor, text, 409);
    }
    this.pages.redirect(reply, `/portal/staff/people/${id}?changed=disabled`);
  }

  /** Enabling gives nothing away that cannot be taken back, so it needs no confirmation. */
  @Post(':id/enable')
  async enable(@Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    await this.accounts.setDisabled(id, false, actor);
    this.pages.redirect(reply, `/portal/staff/people/${id}?changed=enabled`);
  }

  private sendInvite(req: PortalRequest, reply: FastifyReply, form: FormState<{ email: string; fullName: string; role: string }>, status = 200) {
    this.pages.send(req, reply, 'staff-invite', {
      title: 'Invite a staff member',
      action: '/portal/staff/people',
      back: { href: '/portal/staff/people', text: 'Back to staff' },
      form,
      roles: STAFF_ROLES.map((r) => ({ value: r, text: ROLE_WORDS[r].text, hint: { text: ROLE_WORDS[r].hint }, checked: form.values.role === r })),
      errorList: summaryOf(form.errors),
    }, status);
  }

  private async sendPerson(req: PortalRequest, reply: FastifyReply, id: string, actor: Actor, state: { role?: string; errors?: { role?: string }; banner?: string }, status = 200) {
    const person = userView(await this.accounts.get(id));
    const role = state.role ?? person.role;
    this.pages.send(req, reply, 'staff-person', {
      title: person.fullName,
      person,
      isYou: person.id === actor.userId,
      roleWords: ROLE_WORDS,
      staff: isStaffRole(person.role),
      roles: STAFF_ROLES.map((r) => ({ value: r, text: ROLE_WORDS[r].text, hint: { text: ROLE_WORDS[r].hint }, checked: role === r })),
      errors: state.errors ?? {},
      errorList: summaryOf(state.errors ?? {}),
      banner: state.banner,
    }, status);
  }

  private async sendDisable(req: PortalRequest, reply: FastifyReply, id: string, actor: Actor, refusal?: string, status = 200) {
    const person = userView(await this.accounts.get(id));
    this.pages.send(req, reply, 'staff-person-disable', {
      title: `Disable ${person.fullName}’s account`,
      person,
      isYou: person.id === actor.userId,
      roleWords: ROLE_WORDS,
      refusal,
      errorList: refusal ? [{ href: '#disable', text: refusal }] : [],
    }, status);
  }
}
