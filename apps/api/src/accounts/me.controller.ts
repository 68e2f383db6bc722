import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AccountsService, CurrentActor, Roles, SignedIn, type Actor } from '@app/identity';
import { ChangePasswordDto, MfaChangeDto, MfaSetupDto, OtpDto, UserDto } from './accounts.dto';

@ApiTags('accounts')
@Controller('me')
export class MeController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @SignedIn({ duringMfaSetup: true })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentActor() actor: Actor): Promise<UserDto> {
    return this.accounts.me(actor);
  }

  @Post('password')
  @SignedIn()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Password changed; your other sessions end' })
  changePassword(@Body() body: ChangePasswordDto, @CurrentActor() actor: Actor): Promise<void> {
    return this.accounts.changePassword(actor, body.currentPassword, body.newPassword);
  }

  @Post('verification-email')
  @Roles(['applicant'])
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'A new verification link is emailed if the address is not yet confirmed' })
  resendVerification(@CurrentActor() actor: Actor): Promise<void> {
    return this.accounts.resendVerification(actor);
  }

  @Post('mfa/setup')
  @Roles(['provider', 'reviewer', 'finance', 'admin'], { duringMfaSetup: true })
  @HttpCode(200)
  @ApiOkResponse({
    type: MfaSetupDto,
    description:
      'Add the secret to an authenticator app, then confirm with a code; nothing changes until then. Where two-factor is already on, send currentPassword and otp (or recoveryCode).',
  })
  beginMfa(@Body() body: MfaChangeDto, @CurrentActor() actor: Actor): Promise<MfaSetupDto> {
    return this.accounts.beginMfa(actor, body ?? {});
  }

  @Post('mfa/confirm')
  @Roles(['provider', 'reviewer', 'finance', 'admin'], { duringMfaSetup: true })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Two-factor authentication is on: sign-in now needs a code' })
  confirmMfa(@Body() body: OtpDto, @CurrentActor() actor: Actor): Promise<void> {
    return this.accounts.confirmMfa(actor, body.otp);
  }

  @Post('mfa/remove')
  @Roles(['provider', 'reviewer', 'finance', 'admin'])
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Two-factor authentication is off; your other sessions end and you are emailed. Needs currentPassword and otp (or recoveryCode).' })
  removeMfa(@Body() body: MfaChangeDto, @CurrentActor() actor: Actor): Promise<void> {
    return this.accounts.removeMfa(actor, body);
  }
}
