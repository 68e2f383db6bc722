import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { trimmed } from '@app/http';

const YEAR = /^\d{4}-\d{2}$/;
const AREA_KINDS = ['region', 'icb'] as const;

/** The coverage report's filters; the gap takes the same and one area. */
export class CoverageQueryDto {
  @ApiPropertyOptional({ example: '2026-27', description: 'The audit (financial) year; default: the current one' })
  @IsOptional()
  @Matches(YEAR, { message: 'auditYear must look like 2026-27' })
  auditYear?: string;

  @ApiPropertyOptional({ enum: AREA_KINDS, default: 'region' })
  @IsOptional()
  @IsIn(AREA_KINDS, { message: 'areaKind must be region or icb' })
  areaKind?: 'region' | 'icb';

  @ApiPropertyOptional({ example: 'practice_manager', description: 'Only this role code (config/workforce.yaml currentRoles)' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(60)
  role?: string;
}

export class GapQueryDto extends CoverageQueryDto {
  @ApiPropertyOptional({ example: 'QE1', description: 'Only this area: a region code (config/workforce.yaml) or an ICB code from the practice file, by areaKind' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(60)
  areaCode?: string;
}

const SUPPRESSED = 'null when fewer than 5 people are counted (suppressed)';

export class GapCellDto {
  @ApiProperty({ example: 'finance' }) competency: string;
  @ApiProperty({ enum: AREA_KINDS }) areaKind: string;
  @ApiProperty({ example: 'QE1' }) areaCode: string;
  @ApiProperty() areaName: string;
  @ApiProperty({ example: 'practice_manager' }) role: string;
  @ApiProperty({ type: Number, nullable: true, description: `People counted, each by their newest audit in the year; ${SUPPRESSED}` }) people: number | null;
  @ApiProperty({ type: Number, nullable: true, description: `Mean self-rated level 1-4, 2 places; ${SUPPRESSED}` }) averageLevel: number | null;
  @ApiProperty({ type: Number, nullable: true, description: `Share rating 1 or 2, 0-1, 3 places; ${SUPPRESSED}` }) shareAtOneOrTwo: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The current role profile’s level; null when none is set' }) requiredLevel: number | null;
  @ApiProperty({ type: Number, nullable: true, description: `requiredLevel - averageLevel (positive: short); ${SUPPRESSED} or without a profile` }) gap: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'averageLevel minus last audit year’s; null when either year is suppressed or absent' }) changeSinceLastYear: number | null;
  @ApiProperty() suppressed: boolean;
}

export class GapDto {
  @ApiProperty({ example: '2026-27' }) auditYear: string;
  @ApiProperty({ enum: AREA_KINDS }) areaKind: string;
  @ApiProperty({ example: 5, description: 'Cells of fewer than this many people show no figures' }) minCellPeople: number;
  @ApiProperty({ type: [GapCellDto] }) cells: GapCellDto[];
}

export class CountUploadDto {
  @ApiProperty() id: string;
  @ApiProperty() source: string;
  @ApiProperty() period: string;
  @ApiProperty() uploadedAt: Date;
}

export class CoverageRowDto {
  @ApiProperty({ enum: AREA_KINDS }) areaKind: string;
  @ApiProperty() areaCode: string;
  @ApiProperty() areaName: string;
  @ApiProperty({ type: Number, nullable: true, description: `Distinct people with a skills audit (own or applicant profile) in the year placed in the area; ${SUPPRESSED}` }) knownPeople: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Practice managers by the newest official count; null when it gives none' }) officialCount: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'knownPeople / officialCount, 3 places' }) shareKnown: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Mean gap over the area’s shown gap cells' }) averageGap: number | null;
  @ApiProperty({ description: 'Shown gap cells with a required level' }) gapCells: number;
  @ApiProperty() suppressed: boolean;
}

export class CoverageDto {
  @ApiProperty({ example: '2026-27' }) auditYear: string;
  @ApiProperty({ enum: AREA_KINDS }) areaKind: string;
  @ApiProperty({ type: CountUploadDto, nullable: true }) upload: CountUploadDto | null;
  @ApiProperty({ type: [CoverageRowDto] }) rows: CoverageRowDto[];
}
