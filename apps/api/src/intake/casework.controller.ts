import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { CaseworkService } from '@app/intake';
import { HeldDto, HoldReasonDto, NoteDto, NoteViewDto, ReleasedDto } from './casework.dto';

const STAFF = ['reviewer', 'finance', 'admin'] as const;
const DECIDERS = ['reviewer', 'admin'] as const;

/** Case work on an application: internal notes (never shown to the applicant), and holding it out of decisions. */
@ApiTags('administration: review')
@Controller('admin/applications')
export class AdminCaseworkController {
  constructor(private readonly casework: CaseworkService) {}

  @Get(':id/notes')
  @Roles(STAFF)
  @ApiOkResponse({ type: [NoteViewDto], description: 'Oldest first, with each author’s name and role' })
  notes(@Param('id', new ParseIdPipe()) id: string): Promise<NoteViewDto[]> {
    return this.casework.notes(id);
  }

  @Post(':id/notes')
  @Roles(DECIDERS)
  @ApiCreatedResponse({ type: NoteViewDto })
  addNote(@Param('id', new ParseIdPipe()) id: string, @Body() body: NoteDto, @CurrentActor() actor: Actor): Promise<NoteViewDto> {
    return this.casework.addNote(id, body.body, actor);
  }

  @Post(':id/hold')
  @Roles(DECIDERS)
  @HttpCode(200)
  @ApiOkResponse({ type: HeldDto, description: '409 when it is on hold already, or not waiting for a decision; while held, decisions are refused (409 application_on_hold)' })
  hold(@Param('id', new ParseIdPipe()) id: string, @Body() body: HoldReasonDto, @CurrentActor() actor: Actor): Promise<HeldDto> {
    return this.casework.hold(id, body.reason, actor);
  }

  @Post(':id/release')
  @Roles(DECIDERS)
  @HttpCode(200)
  @ApiOkResponse({ type: ReleasedDto, description: '409 when it is not on hold' })
  release(@Param('id', new ParseIdPipe()) id: string, @Body() body: HoldReasonDto, @CurrentActor() actor: Actor): Promise<ReleasedDto> {
    return this.casework.release(id, body.reason, actor);
  }
}
