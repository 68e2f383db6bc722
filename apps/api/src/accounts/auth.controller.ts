import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AccountsService, CurrentActor, Public, SessionsService, SignedIn, type Actor } from '@app/identity';
import { LoginDto, LoginResultDto, RegisterDto, RegisteredDto, ResetRequestDto, SetPasswordDto, TokenDto } from './accounts.dto';

@ApiTags('accounts')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
  ) {}

  @Post('register')
  @Public()
  @ApiCreatedResponse({
    type: RegisteredDto,
    description: 'A verification email is sent; an address that already has an account gets the same answer and its owner an email saying someone tried',
  })
  async register(@Body() body: RegisterDto, @CurrentActor() actor: Actor): Promise<RegisteredDto> {
    await this.accounts.register(body, actor);
    return { message: 'Check your email to confirm your address' };
  }

  @Post('verify-email')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse()
  verifyEmail(@Body() body: TokenDto, @CurrentActor() actor: Actor): Promise<void> {
    return this.accounts.verifyEmail(body.token, actor);
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResultDto })
  login(@Body() body: LoginDto, @CurrentActor() actor: Actor, @Headers('user-agent') userAgent?: string): Promise<LoginResultDto> {
    return this.sessions.signIn(body, { ip: actor.ip, requestId: actor.requestId, userAgent });
  }

  @Post('logout')
  @SignedIn({ duringMfaSetup: true })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The token stops working' })
  logout(@CurrentActor() actor: Actor): Promise<void> {
    return this.sessions.signOut(actor);
  }

  @Post('password-reset/request')
  @Public()
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'Always 202: a link is emailed if the address has an account' })
  requestReset(@Body() body: ResetRequestDto, @CurrentActor() actor: Actor): Promise<void> {
    return this.accounts.requestPasswordReset(body.email, actor);
  }

  @Post('password-reset/confirm')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Password changed; every session of the account ends' })
  confirmReset(@Body() body: SetPasswordDto, @CurrentActor() actor: Actor): Promise<void> {
    return this.accounts.confirmPasswordReset(body.token, body.password, actor);
  }

  @Post('invitations/accept')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The invited user has set a password and can sign in' })
  acceptInvitation(@Body() body: SetPasswordDto, @CurrentActor() actor: Actor): Promise<void> {
    return this.accounts.acceptInvitation(body.token, body.password, actor);
  }
}
