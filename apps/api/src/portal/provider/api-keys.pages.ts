import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, IdentityError, Roles, type Actor } from '@app/identity';
import { ProvidersService } from '@app/training';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { keyNameForm } from '../kit/api-key-form';
import { summaryOf, type FormState } from '../kit/form-state';
import { PROVIDER_AREA } from './provider-area';

/**
 * The provider's API keys: each with who created it and whether that person
 * is still active. A key belongs to the provider and keeps working after its
 * creator leaves, so this is where a provider sees which keys to revoke.
 * Provider users create keys (the key shown once) and revoke them (after a
 * confirmation page) here, through ProvidersService as /api/v1/provider/api-keys.
 */
@InPortalArea(PROVIDER_AREA)
@ApiExcludeController()
@Controller('portal/provider/api-keys')
@Roles(['provider'])
export class ApiKeysPages {
  constructor(
    private readonly providers: ProvidersService,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async list(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    await this.sendList(req, reply, actor, { values: { name: '' }, errors: {} }, query.revoked === '1' ? 'API key revoked: it has stopped working' : undefined);
  }

  /** Creates a key and shows it this once, on the answer to the post (never in a URL, never again). */
  @Post()
  async create(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const form = keyNameForm(req.body);
    if (Object.keys(form.errors).length) return this.sendList(req, reply, actor, form, undefined, 422);
    const key = await this.providers.createApiKey(actor.providerId!, form.values.name, actor);
    this.pages.send(req, reply, 'api-key-issued', { title: 'API key created', key, owner: 'your organisation', back: { href: '/portal/provider/api-keys', text: 'Back to your API keys' } });
  }

  @Get(':id/revoke')
  async revokeForm(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    const key = (await this.providers.listApiKeys(actor.providerId!)).find((k) => k.id === id);
    if (!key) throw new IdentityError('api_key_not_found', 'No API key with that id');
    this.pages.send(req, reply, 'api-key-revoke', {
      title: 'Revoke an API key',
      key,
      owner: 'your organisation',
      action: `/portal/provider/api-keys/${id}/revoke`,
      back: { href: '/portal/provider/api-keys', text: 'Back to your API keys' },
    });
  }

  /** Revokes one of the provider's own keys; another provider's key is not found (404). */
  @Post(':id/revoke')
  async revoke(@Res() reply: FastifyReply, @Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    await this.providers.revokeApiKey(actor.providerId!, id, actor);
    this.pages.redirect(reply, '/portal/provider/api-keys?revoked=1');
  }

  private async sendList(req: PortalRequest, reply: FastifyReply, actor: Actor, form: FormState<{ name: string }>, banner?: string, status = 200) {
    const keys = await this.providers.listApiKeys(actor.providerId!);
    this.pages.send(req, reply, 'api-keys', { title: 'API keys', width: 'full', keys, form, banner, errorList: summaryOf(form.errors) }, status);
  }
}
