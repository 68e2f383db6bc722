import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { ProvidersService } from '@app/training';
import { UserDto } from '../accounts/accounts.dto';
import { ApiKeyDto, CreateApiKeyDto, CreateProviderDto, InviteProviderUserDto, NewApiKeyDto, ProviderDto, UpdateProviderDto } from './providers.dto';

@ApiTags('administration: training providers')
@Controller('admin/providers')
export class AdminProvidersController {
  constructor(private readonly providers: ProvidersService) {}

  @Post()
  @Roles(['admin'])
  @ApiCreatedResponse({ type: ProviderDto })
  create(@Body() body: CreateProviderDto, @CurrentActor() actor: Actor): Promise<ProviderDto> {
    return this.providers.create(body, actor);
  }

  @Get()
  @Roles(['admin', 'finance', 'reviewer'])
  @ApiOkResponse({ type: [ProviderDto] })
  list(): Promise<ProviderDto[]> {
    return this.providers.list();
  }

  @Get(':id')
  @Roles(['admin', 'finance', 'reviewer'])
  @ApiOkResponse({ type: ProviderDto })
  get(@Param('id', new ParseIdPipe()) id: string): Promise<ProviderDto> {
    return this.providers.get(id);
  }

  @Patch(':id')
  @Roles(['admin'])
  @ApiOkResponse({ type: ProviderDto, description: 'Corrects the name or UKPRN (409 if another provider has that UKPRN)' })
  update(@Param('id', new ParseIdPipe()) id: string, @Body() body: UpdateProviderDto, @CurrentActor() actor: Actor): Promise<ProviderDto> {
    return this.providers.update(id, body, actor);
  }

  @Post(':id/users')
  @Roles(['admin'])
  @ApiCreatedResponse({ type: UserDto, description: 'Invites a provider user by email' })
  inviteUser(@Param('id', new ParseIdPipe()) id: string, @Body() body: InviteProviderUserDto, @CurrentActor() actor: Actor): Promise<UserDto> {
    return this.providers.inviteUser(id, body, actor);
  }

  @Get(':id/users')
  @Roles(['admin'])
  @ApiOkResponse({ type: [UserDto] })
  listUsers(@Param('id', new ParseIdPipe()) id: string): Promise<UserDto[]> {
    return this.providers.listUsers(id);
  }

  @Post(':id/api-keys')
  @Roles(['admin'])
  @ApiCreatedResponse({ type: NewApiKeyDto, description: 'The key is shown once' })
  createApiKey(@Param('id', new ParseIdPipe()) id: string, @Body() body: CreateApiKeyDto, @CurrentActor() actor: Actor): Promise<NewApiKeyDto> {
    return this.providers.createApiKey(id, body.name, actor);
  }

  @Get(':id/api-keys')
  @Roles(['admin'])
  @ApiOkResponse({ type: [ApiKeyDto] })
  listApiKeys(@Param('id', new ParseIdPipe()) id: string): Promise<ApiKeyDto[]> {
    return this.providers.listApiKeys(id);
  }

  @Delete(':id/api-keys/:keyId')
  @Roles(['admin'])
  @ApiOkResponse({ type: ApiKeyDto, description: 'The key stops working at once' })
  revokeApiKey(
    @Param('id', new ParseIdPipe()) id: string,
    @Param('keyId', new ParseIdPipe('keyId')) keyId: string,
    @CurrentActor() actor: Actor,
  ): Promise<ApiKeyDto> {
    return this.providers.revokeApiKey(id, keyId, actor);
  }
}
