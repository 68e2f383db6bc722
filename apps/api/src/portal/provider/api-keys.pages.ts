import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiKeysService, CurrentActor, Roles, type Actor } from '@app/identity';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { PROVIDER_AREA } from './provider-area';

/**
 * The provider's API keys: each with who created it and whether that person
 * is still active. A key belongs to the provider and keeps working after its
 * creator leaves, so this is where a provider sees which keys to revoke.
 * Keys are created and revoked through the API (/api/v1/provider/api-keys).
 */
@InPortalArea(PROVIDER_AREA)
@ApiExcludeController()
@Controller('portal/provider/api-keys')
@Roles(['provider'])
export class ApiKeysPages {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async list(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const keys = await this.apiKeys.list(actor.providerId!);
    this.pages.send(req, reply, 'api-keys', { title: 'API keys', width: 'full', keys });
  }
}
