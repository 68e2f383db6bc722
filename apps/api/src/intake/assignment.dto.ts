import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { ASSIGN_NEXT_MAX, ASSIGN_NEXT_STATUSES, ORGANISATION_KINDS, QUEUE_SORTS, type ApplicationStatus, type QueueSort } from '@app/intake';
import { trimmed } from '@app/http';

/** Assigning one application: to the caller, or (admins) to the reviewer named. */
export class AssignDto {
  @ApiPropertyOptional({ description: 'The reviewer to assign it to; the caller when left out. Only an admin may name someone else' })
  @IsOptional() @IsUUID('all', { message: 'reviewerId must be a user id' }) reviewerId?: string;
}

/** "Assign the next n unassigned applications of this filter to a reviewer." */
export class AssignNextDto {
  @ApiProperty({ minimum: 1, maximum: ASSIGN_NEXT_MAX }) @IsInt({ message: `n must be a whole number from 1 to ${ASSIGN_NEXT_MAX}` }) @Min(1, { message: 'n must be at least 1' }) @Max(ASSIGN_NEXT_MAX, { message: `n must be at most ${ASSIGN_NEXT_MAX}` }) n: number;
  @ApiPropertyOptional({ description: 'The reviewer; the caller when left out. Only an admin may name someone else' })
  @IsOptional() @IsUUID('all', { message: 'reviewerId must be a user id' }) reviewerId?: string;
  @ApiPropertyOptional({ enum: ASSIGN_NEXT_STATUSES, description: 'Either; both when left out' })
  @IsOptional() @IsIn(ASSIGN_NEXT_STATUSES, { message: `status must be one of ${ASSIGN_NEXT_STATUSES.join(', ')}` }) status?: ApplicationStatus;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'roundId must be a UUID' }) roundId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[a-z_]{1,60}$/, { message: 'region must be a region code, like north_west' }) region?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[a-z_]{1,60}$/, { message: 'role must be a role code, like practice_manager' }) role?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt({ message: 'level must be a whole number from 1 to 8' }) @Min(1) @Max(8) level?: number;
  @ApiPropertyOptional({ enum: QUEUE_SORTS }) @IsOptional() @IsIn(QUEUE_SORTS, { message: `sort must be one of ${QUEUE_SORTS.join(', ')}` }) sort?: QueueSort;
}

export class AssignmentDto {
  @ApiProperty() applicationId: string;
  @ApiProperty() reference: string;
  @ApiProperty({ nullable: true, description: '{ id, name } of the reviewer, or null when unassigned' }) assignedTo: { id: string; name: string } | null;
}

export class ReviewerWorkloadDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['reviewer', 'admin'] }) role: string;
  @ApiProperty({ description: 'Assigned to them and waiting for a decision' }) assigned: number;
  @ApiProperty({ description: 'Decisions since Monday (London time)' }) decidedThisWeek: number;
  @ApiProperty({ description: 'Decisions since 1 January (London time)' }) decidedThisYear: number;
}

export class DeclareOrganisationDto {
  @ApiProperty({ enum: ORGANISATION_KINDS, description: 'practice (ODS code), pcn (primary care network code) or icb' })
  @IsIn(ORGANISATION_KINDS, { message: `kind must be one of ${ORGANISATION_KINDS.join(', ')}` }) kind: string;
  @ApiProperty({ example: 'B86001', description: 'practice: a letter and five digits; pcn: U and five digits; icb: Q and two letters or digits' })
  @Transform(trimmed) @IsString({ message: 'code must be text' }) @Length(1, 20, { message: 'code must be 1 to 20 characters' }) code: string;
}

export class DeclaredOrganisationDto {
  @ApiProperty() id: string;
  @ApiProperty() userId: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: string;
  @ApiProperty() code: string;
  @ApiProperty({ nullable: true, type: String, description: 'Its name, where the practice table knows it' }) name: string | null;
  @ApiProperty({ format: 'date-time' }) declaredAt: string;
}

export class DeclaredOrganisationOfStaffDto extends DeclaredOrganisationDto {
  @ApiProperty() userName: string;
  @ApiProperty() userEmail: string;
  @ApiProperty() userRole: string;
}
