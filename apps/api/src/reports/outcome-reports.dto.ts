import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { DURATION_MEASURES, FUNNEL_STAGES } from '@app/reports';

const WITHHELD = 'null when withheld: 1 to 4 people with a region, ICB or role filter';

/** The filters of every outcome report; parseReportFilters checks each and names the one that is wrong. */
export class OutcomeFiltersQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only applications to this round' }) @IsOptional() @IsString() roundId?: string;
  @ApiPropertyOptional({ example: '2026-27', description: 'Only applications submitted in this financial year (UK dates)' }) @IsOptional() @IsString() financialYear?: string;
  @ApiPropertyOptional({ example: 'london', description: 'Only applicants working in this region (the practice file, else the region they gave)' })
  @IsOptional()
  @IsString()
  region?: string;
  @ApiPropertyOptional({ example: 'QE1', description: 'Only applicants whose practice is in this ICB' }) @IsOptional() @IsString() icb?: string;
  @ApiPropertyOptional({ example: 'assistant_practice_manager', description: 'Only applicants in this job role' }) @IsOptional() @IsString() role?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Only applications placed with this training provider' }) @IsOptional() @IsString() providerId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Only applications for this qualification' }) @IsOptional() @IsString() qualificationId?: string;
}

export class FunnelStepDto {
  @ApiProperty({ enum: FUNNEL_STAGES }) stage: string;
  @ApiProperty({ example: 'Offered a bursary' }) label: string;
  @ApiProperty({ type: Number, nullable: true, description: `Submitted applications that reached this stage at any time; ${WITHHELD}` }) applications: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'applications / the previous stage’s (0-1, 3 places); null for the first stage or when withheld' })
  conversionFromPrevious: number | null;
}

export class RuleExclusionDto {
  @ApiProperty({ example: '2026-1' }) ruleSetVersion: string;
  @ApiProperty({ example: 'level2_english_and_maths' }) ruleId: string;
  @ApiProperty() sentence: string;
  @ApiProperty({ type: Number, nullable: true, description: `Applications whose stored decision evaluated the rule; ${WITHHELD}` }) decided: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Failed it, making the applicant ineligible' }) excluded: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Failed it (or it could not be evaluated), referring the application' }) referred: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'excluded / decided' }) exclusionRate: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'referred / decided' }) referralRate: number | null;
}

export class DurationDto {
  @ApiProperty({ enum: DURATION_MEASURES }) measure: string;
  @ApiProperty({ example: 'Submission to decision' }) label: string;
  @ApiProperty({ type: Number, nullable: true, description: `Applications that reached the end point; ${WITHHELD}` }) applications: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Median UK calendar days (percentile_cont 0.5, 1 place)' }) medianDays: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '90th percentile UK calendar days (percentile_cont 0.9, 1 place)' }) p90Days: number | null;
}

export class ProviderOutcomeDto {
  @ApiProperty({ enum: ['provider', 'qualification'] }) groupBy: string;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: Number, nullable: true, description: `Learners placed (not turned down); ${WITHHELD}` }) learners: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Learners whose start was reported' }) started: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Learners whose completion was reported, passed or not' }) completed: number | null;
  @ApiProperty({ type: Number, nullable: true }) passed: number | null;
  @ApiProperty({ type: Number, nullable: true }) withdrawn: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'completed / started' }) completionRate: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'withdrawn / learners' }) withdrawalRate: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Placed, started or deferred learners with no report for 90 days' }) overdueReports: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Started learners past cohort start + the qualification’s length, no completion reported' })
  pastExpectedEnd: number | null;
}
