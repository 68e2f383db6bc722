import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { ProvidersService } from '@app/training';
import { ApiKeyDto, CreateApiKeyDto, NewApiKeyDto, ProviderDto } from './providers.dto';

/** A provider's own organisation and keys; every id is scoped to the caller's provider. */
@ApiTags('training providers')
@Controller('provider')
export class ProviderSelfController {
  constructor(private readonly providers: ProvidersService) {}

  @Get('organisation')
  @Roles(['provider'], { apiKeys: true })
  @ApiOkResponse({ type: ProviderDto })
  organisation(@CurrentActor() actor: Actor): Promise<ProviderDto> {
    return this.providers.get(actor.providerId!);
  }

  @Get('api-keys')
  @Roles(['provider'], { apiKeys: true })
  @ApiOkResponse({ type: [ApiKeyDto] })
  listApiKeys(@CurrentActor() actor: Actor): Promise<ApiKeyDto[]> {
    return this.providers.listApiKeys(actor.providerId!);
  }

  @Post('api-keys')
  @Roles(['provider'])
  @ApiCreatedResponse({ type: NewApiKeyDto, description: 'The key is shown once' })
  createApiKey(@Body() body: CreateApiKeyDto, @CurrentActor() actor: Actor): Promise<NewApiKeyDto> {
    return this.providers.createApiKey(actor.providerId!, body.name, actor);
  }

  @Delete('api-keys/:id')
  @Roles(['provider'])
  @ApiOkResponse({ type: ApiKeyDto })
  revokeApiKey(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor): Promise<ApiKeyDto> {
    return this.providers.revokeApiKey(actor.providerId!, id, actor);
  }
}
