import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { CountsService, PlanService, PracticesService, type PlanVersionView } from '@app/workforce';
import { CountsQueryDto, PRACTICE_FILE_PARAMS, PracticeFileQueryDto } from './reference.dto';

const csv = (body: unknown) => (typeof body === 'string' ? body : '');
const PROBLEMS = '422 lists {row, column, message} for every problem (row: the line in the file), and nothing is loaded';

/**
 * The workforce reference data admins maintain: the practice file and what
 * names it, NHS Digital's official counts, and the programme's future needs
 * (role profiles and targets), each save a new version.
 */
@ApiTags('administration: workforce reference data')
@Controller('admin')
@Roles(['admin'])
export class AdminReferenceController {
  constructor(
    private readonly practices: PracticesService,
    private readonly counts: CountsService,
    private readonly plan: PlanService,
  ) {}

  @Post('practices')
  @ApiConsumes('text/csv')
  @ApiBody({ description: 'text/csv as NHS Digital publishes it: epraccur (no header, 27 columns), an ODS organisation file (code, name, ...) or ePCN core partner details (header). At most 5 MB.' })
  @ApiCreatedResponse({ description: `What was loaded; ${PROBLEMS}` })
  loadPractices(@Query() query: PracticeFileQueryDto, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.practices.load(PRACTICE_FILE_PARAMS[query.file ?? 'epraccur'], csv(body), actor);
  }

  @Get('practices/summary')
  @ApiOkResponse({ description: 'Practices by status, open practices by region and ICB, and when each file was last loaded' })
  practiceSummary() {
    return this.practices.summary();
  }

  @Post('workforce-counts')
  @ApiConsumes('text/csv')
  @ApiBody({ description: 'text/csv with a header: area_kind (region|icb), area_code, practice_managers (may be FTE, 2 decimal places)' })
  @ApiCreatedResponse({ description: `The new current upload and its rows; ${PROBLEMS}` })
  uploadCounts(@Query() query: CountsQueryDto, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.counts.upload(csv(body), query.source, query.period, actor);
  }

  @Get('workforce-counts')
  @ApiOkResponse({ description: 'The current upload (null before any) and its rows' })
  currentCounts() {
    return this.counts.current();
  }

  @Get('workforce-plan/role-profiles')
  @ApiOkResponse({ description: 'The current role profiles version (null before any): body {roleCode: {competencyCode: level 1-4}}' })
  roleProfiles(): Promise<PlanVersionView | null> {
    return this.plan.current('role_profiles');
  }

  @Put('workforce-plan/role-profiles')
  @ApiBody({ description: '{ roleProfiles: {roleCode: {competencyCode: 1-4}}, note? }: saved as a new version' })
  @ApiOkResponse({ description: 'The new version; 422 names each bad field' })
  saveRoleProfiles(@Body() body: { roleProfiles?: unknown; note?: unknown } | undefined, @CurrentActor() actor: Actor) {
    return this.plan.save('role_profiles', body?.roleProfiles, body?.note, actor);
  }

  @Get('workforce-plan/role-profiles/versions')
  @ApiOkResponse({ description: 'Every version, newest first' })
  roleProfileVersions() {
    return this.plan.versions('role_profiles');
  }

  @Get('workforce-plan/role-profiles/versions/:version')
  @ApiOkResponse({ description: 'One version (404 when there is none)' })
  roleProfileVersion(@Param('version') version: string) {
    return this.plan.version('role_profiles', Number(version));
  }

  @Get('workforce-plan/targets')
  @ApiOkResponse({ description: 'The current targets version (null before any): body [{areaKind, areaCode, qualifiedNeeded}]' })
  targets(): Promise<PlanVersionView | null> {
    return this.plan.current('targets');
  }

  @Put('workforce-plan/targets')
  @ApiBody({ description: '{ targets: [{areaKind: region|icb, areaCode, qualifiedNeeded}], note? }: saved as a new version' })
  @ApiOkResponse({ description: 'The new version; 422 names each bad field' })
  saveTargets(@Body() body: { targets?: unknown; note?: unknown } | undefined, @CurrentActor() actor: Actor) {
    return this.plan.save('targets', body?.targets, body?.note, actor);
  }

  @Get('workforce-plan/targets/versions')
  @ApiOkResponse({ description: 'Every version, newest first' })
  targetVersions() {
    return this.plan.versions('targets');
  }

  @Get('workforce-plan/targets/versions/:version')
  @ApiOkResponse({ description: 'One version (404 when there is none)' })
  targetVersion(@Param('version') version: string) {
    return this.plan.version('targets', Number(version));
  }
}
