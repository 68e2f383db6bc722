import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SkillsAudit, WorkforceCount, WorkforceCountUpload, WorkforcePlanVersion } from './entities';
import { CoverageService } from './gap/coverage.service';
import { SkillsAuditInvitationsService } from './audit/skills-audit-invitations.service';
import { SkillsAuditService } from './audit/skills-audit.service';
import { GapService } from './gap/gap.service';

/**
 * The workforce insight: the skills audit, where people work (the practice
 * file), the programme's future needs (role profiles and targets), the
 * official counts, and the gap between them. Reads intake's profiles and
 * practices by SQL; intake does not import it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([SkillsAudit, WorkforcePlanVersion, WorkforceCountUpload, WorkforceCount])],
  providers: [GapService, CoverageService, SkillsAuditService, SkillsAuditInvitationsService],
  exports: [GapService, CoverageService, SkillsAuditService, SkillsAuditInvitationsService],
})
export class WorkforceModule {}
