import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { AssignmentService, ConflictsService } from '@app/intake';
import { AssignDto, AssignmentDto, AssignNextDto, DeclaredOrganisationDto, DeclaredOrganisationOfStaffDto, DeclareOrganisationDto, ReviewerWorkloadDto } from './assignment.dto';

const REVIEWERS = ['reviewer', 'admin'] as const;
const STAFF = ['reviewer', 'finance', 'admin'] as const;

/**
 * Who works on which application (AssignmentService): reviewers take one for
 * themselves, admins assign to anyone; "the next n" takes only unassigned
 * applications, so two people asking at once never clash. A reviewer with a
 * conflict of interest is refused (403 conflict-of-interest) or passed over.
 */
@ApiTags('administration: review')
@Controller('admin')
export class AdminAssignmentController {
  constructor(
    private readonly assignment: AssignmentService,
    private readonly conflicts: ConflictsService,
  ) {}

  @Post('applications/assign-next')
  @Roles(REVIEWERS)
  @HttpCode(200)
  @ApiOkResponse({ type: [AssignmentDto], description: 'The applications assigned, in queue order: fewer than n when fewer unassigned ones match' })
  assignNext(@Body() body: AssignNextDto, @CurrentActor() actor: Actor): Promise<AssignmentDto[]> {
    const { n, reviewerId, ...filter } = body;
    return this.assignment.assignNext(filter, n, reviewerId, actor);
  }

  @Post('applications/:id/assignment')
  @Roles(REVIEWERS)
  @HttpCode(200)
  @ApiOkResponse({ type: AssignmentDto })
  assign(@Param('id', new ParseIdPipe()) id: string, @Body() body: AssignDto, @CurrentActor() actor: Actor): Promise<AssignmentDto> {
    return this.assignment.assign(id, body.reviewerId, actor);
  }

  @Delete('applications/:id/assignment')
  @Roles(REVIEWERS)
  @ApiOkResponse({ type: AssignmentDto })
  unassign(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor): Promise<AssignmentDto> {
    return this.assignment.unassign(id, actor);
  }

  @Get('reviewers/workload')
  @Roles(STAFF)
  @ApiOkResponse({ type: [ReviewerWorkloadDto] })
  workload(): Promise<ReviewerWorkloadDto[]> {
    return this.assignment.workload();
  }

  @Get('conflicts')
  @Roles(['admin'])
  @ApiOkResponse({ type: [DeclaredOrganisationOfStaffDto], description: 'Every member of staff’s declared organisations' })
  allConflicts(): Promise<DeclaredOrganisationOfStaffDto[]> {
    return this.conflicts.listAll();
  }
}

/** A member of staff's own declared organisations (conflicts of interest). */
@ApiTags('me')
@Controller('me/conflicts')
@Roles(STAFF)
export class MyConflictsController {
  constructor(private readonly conflicts: ConflictsService) {}

  @Get()
  @ApiOkResponse({ type: [DeclaredOrganisationDto] })
  list(@CurrentActor() actor: Actor): Promise<DeclaredOrganisationDto[]> {
    return this.conflicts.list(actor.userId!);
  }

  @Post()
  @ApiCreatedResponse({ type: DeclaredOrganisationDto })
  declare(@Body() body: DeclareOrganisationDto, @CurrentActor() actor: Actor): Promise<DeclaredOrganisationDto> {
    return this.conflicts.declare(body, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.conflicts.remove(id, actor);
  }
}
