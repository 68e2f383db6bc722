import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One skills self-assessment, kept as written (see the WorkforceInsight migration). */
@Entity('skills_audit')
export class SkillsAudit {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') userId: string;
  @Column('text') source: 'audit' | 'profile';
  /** The financial year label ("2026-27") of submittedAt. */
  @Column('text') auditYear: string;
  @Column('text', { name: 'job_role' }) currentRole: string;
  @Column('text') region: string;
  @Column('text', { nullable: true }) employerOdsCode: string | null;
  @Column('jsonb') skills: Record<string, number>;
  @Column('timestamptz') consentedAt: Date;
  @Column('timestamptz') submittedAt: Date;
}

export type PlanKind = 'role_profiles' | 'targets';

/** Role profiles: for each role code, the level (1-4) each competency code should reach. */
export type RoleProfiles = Record<string, Record<string, number>>;
/** Targets: how many qualified practice managers an area needs. */
export interface AreaTarget {
  areaKind: AreaKind;
  areaCode: string;
  qualifiedNeeded: number;
}

/** A version of the programme's future needs; the newest of each kind is current. */
@Entity('workforce_plan_version')
export class WorkforcePlanVersion {
  @PrimaryColumn('text') kind: PlanKind;
  @PrimaryColumn('int') version: number;
  @Column('jsonb') body: RoleProfiles | AreaTarget[];
  @Column('text', { nullable: true }) note: string | null;
  @Column('uuid', { nullable: true }) createdBy: string | null;
  @Column('timestamptz') createdAt: Date;
}

export type AreaKind = 'region' | 'icb';

@Entity('workforce_count_upload')
export class WorkforceCountUpload {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') source: string;
  @Column('text') period: string;
  @Column('int') rowCount: number;
  @Column('uuid', { nullable: true }) uploadedBy: string | null;
  @Column('timestamptz') uploadedAt: Date;
}

/** The official count of practice managers in an area, from one upload. */
@Entity('workforce_count')
export class WorkforceCount {
  @PrimaryColumn('uuid') uploadId: string;
  @PrimaryColumn('text') areaKind: AreaKind;
  @PrimaryColumn('text') areaCode: string;
  @Column('numeric') practiceManagers: string;
}
