import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { queryInt } from '@app/http';
import { MAX_GAP_POINTS, PRIORITY_NOTE_MAX } from '@app/workforce';

const AREA_KINDS = ['icb', 'region'] as const;

export class PrioritySettingDto {
  @ApiProperty({ description: 'Each change is a new version; 0 is the default before any' }) version: number;
  @ApiProperty() gapWeighting: boolean;
  @ApiProperty({ description: 'The most the gap can add: round(maxPoints x mean positive gap / 3)' }) maxPoints: number;
  @ApiProperty({ enum: AREA_KINDS, description: 'icb: the ICB cell, falling back to the region when suppressed or absent; region: the region cell only' }) areaKind: 'icb' | 'region';
  @ApiProperty({ nullable: true, type: Object }) changedBy: { id: string; name: string } | null;
  @ApiProperty({ nullable: true, type: String }) changedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
}

export class PrioritySettingsDto {
  @ApiProperty({ type: PrioritySettingDto }) current: PrioritySettingDto;
  @ApiProperty({ type: [PrioritySettingDto], description: 'Every version, newest first' }) history: PrioritySettingDto[];
}

export class PutPrioritySettingDto {
  @ApiProperty({ description: 'On: every submitted, undecided application is rescored with the gap part; off: the fixed weights alone' })
  @IsBoolean({ message: 'gapWeighting must be true or false' })
  gapWeighting: boolean;
  @ApiProperty({ minimum: 1, maximum: MAX_GAP_POINTS }) @IsInt({ message: 'maxPoints must be a whole number' }) @Min(1) @Max(MAX_GAP_POINTS) maxPoints: number;
  @ApiProperty({ enum: AREA_KINDS }) @IsIn(AREA_KINDS, { message: 'areaKind must be icb or region' }) areaKind: 'icb' | 'region';
  @ApiPropertyOptional({ maxLength: PRIORITY_NOTE_MAX }) @IsOptional() @IsString() @MaxLength(PRIORITY_NOTE_MAX) note?: string;
}

export class PriorityPreviewQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_GAP_POINTS, description: 'Default: the current setting\'s' })
  @IsOptional() @Transform(queryInt) @IsInt({ message: 'maxPoints must be a whole number' }) @Min(1) @Max(MAX_GAP_POINTS) maxPoints?: number;
  @ApiPropertyOptional({ enum: AREA_KINDS, description: 'Default: the current setting\'s' }) @IsOptional() @IsIn(AREA_KINDS, { message: 'areaKind must be icb or region' }) areaKind?: 'icb' | 'region';
}

export class PriorityPreviewLineDto {
  @ApiProperty() applicationId: string;
  @ApiProperty() reference: string;
  @ApiProperty() status: string;
  @ApiProperty({ description: '1 is first in the queue' }) currentPosition: number;
  @ApiProperty({ nullable: true, type: Number }) currentScore: number | null;
  @ApiProperty() newPosition: number;
  @ApiProperty() newScore: number;
  @ApiProperty({ description: 'Places up the queue (negative: down)' }) movedBy: number;
  @ApiProperty() gapPoints: number;
}

export class PriorityPreviewDto {
  @ApiProperty() maxPoints: number;
  @ApiProperty({ enum: AREA_KINDS }) areaKind: 'icb' | 'region';
  @ApiProperty({ nullable: true, type: String, description: 'The audit year whose gap is used (the newest)' }) auditYear: string | null;
  @ApiProperty({ type: [PriorityPreviewLineDto], description: 'In the new order' }) lines: PriorityPreviewLineDto[];
  @ApiProperty({ description: 'How many applications change place' }) moved: number;
}

export class PrioritySettingResultDto {
  @ApiProperty({ type: PrioritySettingDto }) setting: PrioritySettingDto;
  @ApiProperty({ description: 'Applications rescored' }) rescored: number;
}
