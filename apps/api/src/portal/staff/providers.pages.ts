import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, IdentityError, Roles, type Actor } from '@app/identity';
import { ProvidersService, TrainingError } from '@app/training';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { keyNameForm } from '../kit/api-key-form';
import { summaryOf, type FormState } from '../kit/form-state';
import { inviteForm, providerForm, serviceFieldErrors } from './people-page';
import { STAFF_AREA } from './staff-area';

const UKPRN_TAKEN = { ukprn: 'Another provider is registered with this UKPRN' };
const EMAIL_TAKEN = { email: 'Someone already has an account with this email address' };

/**
 * Training providers for programme admins: register and correct them, and on
 * a provider's page its users (invite one), its API keys (issue, shown once;
 * revoke after asking) and its learners. Through ProvidersService, as
 * /api/v1/admin/providers.
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff/providers')
@Roles(['admin'])
export class ProvidersPages {
  constructor(
    private readonly providers: ProvidersService,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async list(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    this.pages.send(req, reply, 'staff-providers', { title: 'Training providers', width: 'full', providers: await this.providers.list() });
  }

  @Get('new')
  registerForm(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    this.sendProviderForm(req, reply, undefined, { values: { name: '', ukprn: '' }, errors: {} });
  }

  /** Registers a provider; a UKPRN already registered is shown beside the field (422). */
  @Post()
  async register(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const form = providerForm(req.body);
    if (Object.keys(form.errors).length) return this.sendProviderForm(req, reply, undefined, form, 422);
    try {
      const provider = await this.providers.create(form.values, actor);
      this.pages.redirect(reply, `/portal/staff/providers/${provider.id}?registered=1`);
    } catch (err) {
      if (!(err instanceof TrainingError && err.code === 'ukprn_taken')) throw err;
      this.sendProviderForm(req, reply, undefined, { ...form, errors: serviceFieldErrors(err, ['ukprn'], UKPRN_TAKEN) }, 422);
    }
  }

  @Get(':id')
  async one(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @Query() query: Record<string, unknown>) {
    return this.sendProvider(req, reply, id, { name: { values: { name: '' }, errors: {} }, banner: bannerOf(query) });
  }

  @Get(':id/edit')
  async editForm(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string) {
    const provider = await this.providers.get(id);
    this.sendProviderForm(req, reply, provider, { values: { name: provider.name, ukprn: provider.ukprn }, errors: {} });
  }

  /** Corrects the name or UKPRN (ProvidersService.update, as PATCH /api/v1/admin/providers/:id). */
  @Post(':id/edit')
  async edit(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    const provider = await this.providers.get(id);
    const form = providerForm(req.body);
    if (Object.keys(form.errors).length) return this.sendProviderForm(req, reply, provider, form, 422);
    try {
      await this.providers.update(id, form.values, actor);
      this.pages.redirect(reply, `/portal/staff/providers/${id}?saved=1`);
    } catch (err) {
      if (!(err instanceof TrainingError && err.code === 'ukprn_taken')) throw err;
      this.sendProviderForm(req, reply, provider, { ...form, errors: serviceFieldErrors(err, ['ukprn'], UKPRN_TAKEN) }, 422);
    }
  }

  @Get(':id/users/new')
  async inviteUserForm(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string) {
    await this.sendInvite(req, reply, id, { values: { email: '', fullName: '', role: 'provider' }, errors: {} });
  }

  /** Invites a user for the provider (ProvidersService.inviteUser, as POST /api/v1/admin/providers/:id/users). */
  @Post(':id/users')
  async inviteUser(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    const form = inviteForm(req.body, false);
    if (Object.keys(form.errors).length) return this.sendInvite(req, reply, id, form, 422);
    try {
      await this.providers.inviteUser(id, { email: form.values.email, fullName: form.values.fullName }, actor);
      this.pages.redirect(reply, `/portal/staff/providers/${id}?invited=1`);
    } catch (err) {
      if (!(err instanceof IdentityError && err.code === 'email_taken')) throw err;
      await this.sendInvite(req, reply, id, { ...form, errors: serviceFieldErrors(err, ['email'], EMAIL_TAKEN) }, 422);
    }
  }

  /** Issues a key and shows it this once, on the answer to the post (never in a URL, never again). */
  @Post(':id/api-keys')
  async issueKey(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    const form = keyNameForm(req.body);
    if (Object.keys(form.errors).length) return this.sendProvider(req, reply, id, { name: form }, 422);
    const key = await this.providers.createApiKey(id, form.values.name, actor);
    const provider = await this.providers.get(id);
    this.pages.send(req, reply, 'api-key-issued', { title: 'API key issued', key, owner: provider.name, back: { href: `/portal/staff/providers/${id}`, text: `Back to ${provider.name}` } });
  }

  @Get(':id/api-keys/:keyId/revoke')
  async revokeForm(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @Param('keyId', new ParseIdPipe('keyId')) keyId: string) {
    const provider = await this.providers.get(id);
    const key = (await this.providers.listApiKeys(id)).find((k) => k.id === keyId);
    if (!key) throw new IdentityError('api_key_not_found', 'No API key with that id');
    this.pages.send(req, reply, 'api-key-revoke', {
      title: 'Revoke an API key',
      key,
      owner: provider.name,
      action: `/portal/staff/providers/${id}/api-keys/${keyId}/revoke`,
      back: { href: `/portal/staff/providers/${id}`, text: `Back to ${provider.name}` },
    });
  }

  /** Revokes the key: it stops working at once (ProvidersService.revokeApiKey, as the API's DELETE). */
  @Post(':id/api-keys/:keyId/revoke')
  async revoke(@Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @Param('keyId', new ParseIdPipe('keyId')) keyId: string, @CurrentActor() actor: Actor) {
    await this.providers.revokeApiKey(id, keyId, actor);
    this.pages.redirect(reply, `/portal/staff/providers/${id}?revoked=1`);
  }

  private sendProviderForm(req: PortalRequest, reply: FastifyReply, provider: { id: string; name: string } | undefined, form: FormState<{ name: string; ukprn: string }>, status = 200) {
    this.pages.send(
      req,
      reply,
      'staff-provider-form',
      { title: provider ? `Change ${provider.name}` : 'Register a training provider', provider, form, errorList: summaryOf(form.errors) },
      status,
    );
  }

  private async sendInvite(req: PortalRequest, reply: FastifyReply, id: string, form: FormState<{ email: string; fullName: string; role: string }>, status = 200) {
    const provider = await this.providers.get(id);
    this.pages.send(req, reply, 'staff-invite', {
      title: `Invite a user for ${provider.name}`,
      caption: provider.name,
      action: `/portal/staff/providers/${id}/users`,
      back: { href: `/portal/staff/providers/${id}`, text: `Back to ${provider.name}` },
      form,
      errorList: summaryOf(form.errors),
    }, status);
  }

  private async sendProvider(req: PortalRequest, reply: FastifyReply, id: string, state: { name: FormState<{ name: string }>; banner?: string }, status = 200) {
    const provider = await this.providers.get(id);
    const [users, keys, learners] = await Promise.all([this.providers.listUsers(id), this.providers.listApiKeys(id), this.providers.learnerCount(id)]);
    this.pages.send(req, reply, 'staff-provider', {
      title: provider.name,
      width: 'full',
      provider,
      users,
      keys,
      learners,
      keyForm: state.name,
      banner: state.banner,
      errorList: summaryOf(state.name.errors),
    }, status);
  }
}

function bannerOf(query: Record<string, unknown>): string | undefined {
  if (query.registered === '1') return 'Training provider registered';
  if (query.saved === '1') return 'Training provider changed';
  if (query.invited === '1') return 'Invitation sent: they will get an email to set their password';
  if (query.revoked === '1') return 'API key revoked: it has stopped working';
  return undefined;
}
