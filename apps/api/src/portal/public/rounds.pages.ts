import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Public, type Actor } from '@app/identity';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { PUBLIC_AREA } from './public-area';
import { RoundsPageLoader } from './rounds-loader';

/** Open funding rounds and what they fund: where the "a round has opened" email leads. */
@InPortalArea(PUBLIC_AREA)
@ApiExcludeController()
@Controller('portal/rounds')
@Public()
export class RoundsPages {
  constructor(
    private readonly loader: RoundsPageLoader,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async open(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    this.pages.send(req, reply, 'rounds', await this.loader.load(req, actor));
  }
}
