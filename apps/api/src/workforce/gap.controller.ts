import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '@app/config';
import { RequestValidationError, type FieldProblem } from '@app/http';
import { Roles } from '@app/identity';
import { WorkforceReports } from '@app/reports';
import { CoverageService, GapService, MIN_CELL_PEOPLE } from '@app/workforce';
import { CoverageDto, CoverageQueryDto, GapDto, GapQueryDto } from './gap.dto';

/** Reading reports: reviewers, finance and admins. */
const READERS = ['reviewer', 'finance', 'admin'] as const;
const ICB = /^[A-Z0-9]{3,5}$/;

@ApiTags('administration: workforce')
@Controller('admin/workforce')
export class GapController {
  constructor(
    private readonly gaps: GapService,
    private readonly coverageService: CoverageService,
    private readonly reports: WorkforceReports,
    private readonly config: AppConfig,
  ) {}

  @Get('gap')
  @Roles(READERS)
  @ApiOkResponse({ type: GapDto, description: 'One cell per competency, area and role; cells of fewer than 5 people have every figure null' })
  async gap(@Query() query: GapQueryDto): Promise<GapDto> {
    const auditYear = this.auditYear(query.auditYear);
    const areaKind = query.areaKind ?? 'region';
    const problems: FieldProblem[] = [...auditYear.problems, ...this.roleProblems(query.role)];
    let areaCode = query.areaCode;
    if (areaCode) {
      if (areaKind === 'region' && !this.config.workforce.regions.some((r) => r.code === areaCode)) {
        problems.push({ field: 'areaCode', message: `must be a region code (${this.config.workforce.regions.map((r) => r.code).join(', ')}) when areaKind is region` });
      } else if (areaKind === 'icb') {
        areaCode = areaCode.toUpperCase();
        if (!ICB.test(areaCode)) problems.push({ field: 'areaCode', message: 'must be an ICB code from the practice file, such as QE1, when areaKind is icb' });
      }
    }
    if (problems.length) throw new RequestValidationError(problems);
    const cells = await this.gaps.cells({ auditYear: auditYear.value, areaKind, ...(areaCode ? { areaCode } : {}), ...(query.role ? { role: query.role } : {}) });
    return { auditYear: auditYear.value, areaKind, minCellPeople: MIN_CELL_PEOPLE, cells };
  }

  @Get('coverage')
  @Roles(READERS)
  @ApiOkResponse({ type: CoverageDto, description: 'People known against the newest official count, by area; known counts under 5 are null' })
  async coverage(@Query() query: CoverageQueryDto): Promise<CoverageDto> {
    const auditYear = this.auditYear(query.auditYear);
    const problems = [...auditYear.problems, ...this.roleProblems(query.role)];
    if (problems.length) throw new RequestValidationError(problems);
    return this.coverageService.coverage({ auditYear: auditYear.value, areaKind: query.areaKind ?? 'region', ...(query.role ? { role: query.role } : {}) });
  }

  private auditYear(value: string | undefined): { value: string; problems: FieldProblem[] } {
    if (value === undefined) return { value: this.reports.currentAuditYear(), problems: [] };
    const first = Number(value.slice(0, 4));
    const ok = (first + 1) % 100 === Number(value.slice(5, 7));
    return { value, problems: ok ? [] : [{ field: 'auditYear', message: 'must name two consecutive years, like 2026-27' }] };
  }

  private roleProblems(role: string | undefined): FieldProblem[] {
    if (role === undefined || this.config.workforce.currentRoles.some((r) => r.code === role)) return [];
    return [{ field: 'role', message: `must be one of ${this.config.workforce.currentRoles.map((r) => r.code).join(', ')}` }];
  }
}
