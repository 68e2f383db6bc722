export { AREA_KINDS, AUDIT_AREA_JOIN, AUDIT_AREA_SQL, PROFILE_AREA_JOIN, PROFILE_AREA_SQL } from './areas';
export { SkillsAudit, WorkforceCount, WorkforceCountUpload, WorkforcePlanVersion } from './entities';
export type { AreaKind, AreaTarget, PlanKind, RoleProfiles } from './entities';
export { CoverageService } from './gap/coverage.service';
export type { Coverage, CountUploadInfo, CoverageQuery, CoverageRow } from './gap/coverage.service';
export { GapService } from './gap/gap.service';
export type { GapCell, GapQuery } from './gap/gap.service';
export { MIN_CELL_PEOPLE, previousAuditYear, SUPPRESSED_TEXT, suppressed } from './suppression';
export { WorkforceModule } from './workforce.module';
