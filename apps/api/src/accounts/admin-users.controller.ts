import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '@app/http';
import { AccountsService, CurrentActor, Roles, type Actor } from '@app/identity';
import { ChangeRoleDto, InviteStaffDto, UserDto, UserPageDto, UserQueryDto } from './accounts.dto';

@ApiTags('administration: users')
@Controller('admin/users')
@Roles(['admin'])
export class AdminUsersController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ApiOkResponse({ type: UserPageDto })
  list(@Query() query: UserQueryDto): Promise<UserPageDto> {
    return this.accounts.list(query);
  }

  @Post()
  @ApiCreatedResponse({ type: UserDto, description: 'Invites a reviewer, finance or admin user by email' })
  invite(@Body() body: InviteStaffDto, @CurrentActor() actor: Actor): Promise<UserDto> {
    return this.accounts.invite(body, actor);
  }

  @Post(':id/disable')
  @ApiOkResponse({ type: UserDto, description: 'Their sessions end at once' })
  disable(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor): Promise<UserDto> {
    return this.accounts.setDisabled(id, true, actor);
  }

  @Post(':id/enable')
  @ApiOkResponse({ type: UserDto })
  enable(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor): Promise<UserDto> {
    return this.accounts.setDisabled(id, false, actor);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserDto, description: 'Changes a staff member’s role' })
  changeRole(@Param('id', new ParseIdPipe()) id: string, @Body() body: ChangeRoleDto, @CurrentActor() actor: Actor): Promise<UserDto> {
    return this.accounts.changeRole(id, body.role, actor);
  }
}
