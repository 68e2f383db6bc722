import { Body, Controller, Get, HttpCode, NotFoundException, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Public, Roles, type Actor } from '@app/identity';
import { ApplicationsService, EligibilityCheckService, ProfileService, RoundsService, type ProfileInput } from '@app/intake';
import {
  AppealDto,
  ApplicationDto,
  CreatedApplicationDto,
  EligibilityCheckDto,
  EligibilityResultDto,
  NewApplicationDto,
  ProfileDto,
  ProfileViewDto,
  ReasonTextDto,
  RoundDto,
  StatusDto,
  SubmittedDto,
  UpdateApplicationDto,
} from './intake.dto';

@ApiTags('applicants')
@Controller()
export class EligibilityController {
  constructor(
    private readonly checker: EligibilityCheckService,
    private readonly rounds: RoundsService,
  ) {}

  @Post('eligibility/check')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: EligibilityResultDto, description: '"Am I eligible?": nothing is stored' })
  check(@Body() body: EligibilityCheckDto): Promise<EligibilityResultDto> {
    return this.checker.check(body);
  }

  @Get('rounds')
  @Public()
  @ApiOkResponse({ type: [RoundDto], description: 'Rounds open now, with their qualifications' })
  openRounds(): Promise<RoundDto[]> {
    return this.rounds.list({ openOnly: true });
  }
}

@ApiTags('applicants')
@Controller('me/profile')
@Roles(['applicant'])
export class ProfileController {
  constructor(private readonly profiles: ProfileService) {}

  @Get()
  @ApiOkResponse({ type: ProfileViewDto })
  async get(@CurrentActor() actor: Actor): Promise<ProfileViewDto> {
    const profile = await this.profiles.get(actor.userId!);
    if (!profile) throw new NotFoundException('You have not filled in your profile yet');
    return profile as ProfileViewDto;
  }

  /**
   * The body is not a DTO class, so the validation pipe passes it through:
   * ProfileService.save judges its shape and its rules together and names
   * every bad field in one problem+json, missing fields beside bad codes.
   */
  @Put()
  @ApiBody({ type: ProfileDto })
  @ApiOkResponse({ type: ProfileViewDto })
  save(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<ProfileViewDto> {
    const input = body && typeof body === 'object' && !Array.isArray(body) ? body : {};
    return this.profiles.save(actor, input as unknown as ProfileInput) as Promise<ProfileViewDto>;
  }
}

@ApiTags('applicants')
@Controller('applications')
@Roles(['applicant'])
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedApplicationDto })
  create(@Body() body: NewApplicationDto, @CurrentActor() actor: Actor): Promise<CreatedApplicationDto> {
    return this.applications.create(actor, body);
  }

  @Get()
  @ApiOkResponse({ type: [ApplicationDto] })
  list(@CurrentActor() actor: Actor): Promise<ApplicationDto[]> {
    return this.applications.list(actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: ApplicationDto })
  get(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor): Promise<ApplicationDto> {
    return this.applications.get(actor, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: ApplicationDto, description: 'Drafts only' })
  update(@Param('id', new ParseIdPipe()) id: string, @Body() body: UpdateApplicationDto, @CurrentActor() actor: Actor): Promise<ApplicationDto> {
    return this.applications.update(actor, id, body);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @ApiOkResponse({
    type: SubmittedDto,
    description:
      'Eligibility is decided at once and explained. Submitting is the applicant’s declaration that the information is true and that they will tell the programme if it changes (the portal asks for it as its own task first); it is recorded with the application.',
  })
  submit(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor): Promise<SubmittedDto> {
    return this.applications.submit(actor, id);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ type: ApplicationDto })
  withdraw(@Param('id', new ParseIdPipe()) id: string, @Body() body: ReasonTextDto, @CurrentActor() actor: Actor): Promise<ApplicationDto> {
    return this.applications.withdraw(actor, id, body.reason);
  }

  @Post(':id/offer/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: StatusDto })
  accept(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor): Promise<StatusDto> {
    return this.applications.answerOffer(actor, id, 'accepted');
  }

  @Post(':id/offer/decline')
  @HttpCode(200)
  @ApiOkResponse({ type: StatusDto })
  decline(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor): Promise<StatusDto> {
    return this.applications.answerOffer(actor, id, 'declined');
  }

  @Post(':id/appeal')
  @ApiCreatedResponse({ description: '{ appealId, status: "appealed" }' })
  appeal(@Param('id', new ParseIdPipe()) id: string, @Body() body: AppealDto, @CurrentActor() actor: Actor) {
    return this.applications.appeal(actor, id, body.statement);
  }
}
