import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ALL_REASON_CODES, APPEAL_STATEMENT, APPLICATION_STATEMENT_MAX, DECISION_NOTE_MAX, DECISIONS, PAYMENT_MILESTONES, PERSON_NAME_MAX, QUEUE_SORTS, STAGE_KINDS, STATUSES, WITHDRAW_REASON_MAX, type ApplicationStatus, type PaymentMilestone, type PaymentStage, type QueueSort } from '@app/intake';
import { trimmed, queryInt } from '@app/http';


export class ProfileDto {
  @ApiProperty({ example: 'Sam Okafor' }) @Transform(trimmed) @IsString() @Length(1, PERSON_NAME_MAX) fullName: string;
  @ApiProperty({ example: '1988-04-23' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date, like 1988-04-23' }) dateOfBirth: string;
  @ApiProperty({ example: 'LS1 4AP' }) @Transform(trimmed) @IsString() @MaxLength(10) postcode: string;
  @ApiProperty({ example: 'north_east_and_yorkshire', description: 'NHS England region code, or wales, scotland or northern_ireland for someone outside England (config/workforce.yaml regions and outsideEngland)' }) @IsString() @MaxLength(60) region: string;
  @ApiProperty({ example: 'assistant_practice_manager', description: 'Current role code (config/workforce.yaml)' }) @IsString() @MaxLength(60) currentRole: string;
  @ApiPropertyOptional({ example: 'A81001', description: 'Employer practice ODS code: a letter and five digits' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(10)
  employerOdsCode?: string;
  @ApiPropertyOptional({
    example: '07700 900123',
    nullable: true,
    type: String,
    description: 'A UK phone number (optional). Stored without spaces, +44 as 0, like 07700900123; shown to the training provider once the applicant is placed with them',
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(30)
  phone?: string | null;
  @ApiProperty({ minimum: 0, maximum: 60 }) @IsInt() @Min(0) @Max(60) yearsInRole: number;
  @ApiProperty({ minimum: 0, maximum: 8, description: 'RQF level, 0 for none' }) @IsInt() @Min(0) @Max(8) highestQualificationLevel: number;
  @ApiProperty() @IsBoolean() hasLevel2EnglishAndMaths: boolean;
  @ApiProperty({ example: { finance: 2, hr_workforce: 3 }, description: 'Each competency in config/workforce.yaml rated 1 (new to it) to 4 (could teach it)' })
  @IsObject()
  skills: Record<string, number>;
}

export class ProfileViewDto extends ProfileDto {
  @ApiProperty() updatedAt: string;
}

/** The profile's answers the rules read: not the phone number, which only a provider is given. */
export class EligibilityCheckDto extends OmitType(ProfileDto, ['phone'] as const) {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() employerSupportNamed?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'roundId must be a UUID' }) roundId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'qualificationId must be a UUID' }) qualificationId?: string;
}

export class ReasonDto {
  @ApiProperty() code: string;
  @ApiProperty() message: string;
}

export class EligibilityResultDto {
  @ApiProperty({ enum: ['eligible', 'ineligible', 'refer'] }) outcome: string;
  @ApiProperty() ruleSetVersion: string;
  @ApiProperty({ type: [ReasonDto] }) reasons: ReasonDto[];
  @ApiPropertyOptional({ type: [String], description: 'What the application will ask that the check could not (an employer supporter, for people in general practice)' }) notes?: string[];
}

/** One stage of a qualification's payment schedule. */
export class PaymentStageDto {
  @ApiProperty({ enum: STAGE_KINDS, description: 'start: the confirmed start; milestone: a progress milestone; pass: a passed completion' }) on: 'start' | 'milestone' | 'pass';
  @ApiPropertyOptional({ enum: PAYMENT_MILESTONES, description: 'The progress milestone, for a milestone stage only' }) milestone?: PaymentMilestone;
  @ApiProperty({ minimum: 0, maximum: 100, description: 'Whole percent of the bursary this stage pays' }) percent: number;
}

const SCHEDULE_DESCRIPTION =
  'The stages of payment in order: start, zero or more progress milestones (each once, in the order reached), pass; whole percents making exactly 100. ' +
  'Problems name the stage, like paymentSchedule[1].percent (422 invalid_qualification). Not with startPaymentPercent/completionPaymentPercent.';

export class QualificationDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() awardingBody: string;
  @ApiProperty() level: number;
  @ApiProperty() bursaryPence: number;
  @ApiProperty() durationMonths: number;
  @ApiProperty({ type: [PaymentStageDto], description: 'The stages of payment, in order; a learner keeps the schedule they started on' }) paymentSchedule: PaymentStageDto[];
  @ApiProperty({ description: 'The start stage\'s percent' }) startPaymentPercent: number;
  @ApiProperty({ description: 'What the stages after the start pay together' }) completionPaymentPercent: number;
  @ApiProperty() isExample: boolean;
  @ApiProperty({ type: [String], example: ['finance', 'leadership_change'], description: 'The competency codes (config/workforce.yaml) it covers; gap-weighted priority reads them' }) competencies: string[];
  @ApiProperty({ nullable: true, type: String, description: 'When it was retired (not offered in new rounds or to applicants); null while offered' }) retiredAt: string | null;
}

export class CreateQualificationDto {
  @ApiProperty({ example: 'Level 5 Diploma in Primary Care Practice Management (example)' }) @Transform(trimmed) @IsString() @Length(3, 200) title: string;
  @ApiProperty({ example: 'Example Awarding Organisation' }) @Transform(trimmed) @IsString() @Length(2, 200) awardingBody: string;
  @ApiProperty({ minimum: 1, maximum: 8 }) @IsInt() @Min(1) @Max(8) level: number;
  @ApiPropertyOptional({ description: 'Default: the standard bursary, 50000 (£500)' }) @IsOptional() @IsInt({ message: 'bursaryPence must be a whole number of pence' }) @Min(1) @Max(10_000_000) bursaryPence?: number;
  @ApiProperty({ minimum: 1, maximum: 60 }) @IsInt() @Min(1) @Max(60) durationMonths: number;
  @ApiPropertyOptional({ type: [PaymentStageDto], description: `${SCHEDULE_DESCRIPTION} Default: 50% on start, 50% on a pass.` }) @IsOptional() @IsArray() @ArrayMaxSize(10) paymentSchedule?: PaymentStage[];
  @ApiPropertyOptional({ description: 'The older two-stage form: percent paid on a confirmed start; the rest on a pass' }) @IsOptional() @IsInt() @Min(0) @Max(100) startPaymentPercent?: number;
  @ApiPropertyOptional({ description: 'The older two-stage form: percent paid on a pass; with startPaymentPercent it must make 100' }) @IsOptional() @IsInt() @Min(0) @Max(100) completionPaymentPercent?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isExample?: boolean;
  @ApiPropertyOptional({ type: [String], example: ['finance'], description: 'Competency codes from config/workforce.yaml (422 invalid_qualification naming competencies[i] when unknown). Default none.' }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) competencies?: string[];
}

/** A change to a qualification: any of its fields; the payment schedule must still make 100. */
export class UpdateQualificationDto {
  @ApiPropertyOptional() @IsOptional() @Transform(trimmed) @IsString() @Length(3, 200) title?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(trimmed) @IsString() @Length(2, 200) awardingBody?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 8 }) @IsOptional() @IsInt() @Min(1) @Max(8) level?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt({ message: 'bursaryPence must be a whole number of pence' }) @Min(1) @Max(10_000_000) bursaryPence?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 60 }) @IsOptional() @IsInt() @Min(1) @Max(60) durationMonths?: number;
  @ApiPropertyOptional({ type: [PaymentStageDto], description: `${SCHEDULE_DESCRIPTION} Learners already started keep theirs.` }) @IsOptional() @IsArray() @ArrayMaxSize(10) paymentSchedule?: PaymentStage[];
  @ApiPropertyOptional({ description: 'The older two-stage form (replaces any milestones)' }) @IsOptional() @IsInt() @Min(0) @Max(100) startPaymentPercent?: number;
  @ApiPropertyOptional({ description: 'The older two-stage form (replaces any milestones)' }) @IsOptional() @IsInt() @Min(0) @Max(100) completionPaymentPercent?: number;
  @ApiPropertyOptional({ type: [String], description: 'Competency codes from config/workforce.yaml; replaces the list' }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) competencies?: string[];
}

export class CreateRoundDto {
  @ApiProperty({ example: 'Spring 2027 bursaries' }) @Transform(trimmed) @IsString() @Length(3, 200) name: string;
  @ApiProperty() @Type(() => Date) @IsDate({ message: 'opensAt must be a date and time' }) opensAt: Date;
  @ApiProperty() @Type(() => Date) @IsDate({ message: 'closesAt must be a date and time' }) closesAt: Date;
  @ApiProperty({ description: 'The budget pot bursaries draw on' }) @IsUUID('all', { message: 'potId must be a UUID' }) potId: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsUUID('all', { each: true, message: 'qualificationIds must be UUIDs' }) qualificationIds: string[];
  @ApiPropertyOptional({ example: '2026-1', description: 'Default: the newest published rule set' }) @IsOptional() @Matches(/^\d{4}-\d+$/, { message: 'ruleSetVersion must look like 2026-1' }) ruleSetVersion?: string;
}

/** A change to a round before it opens: any of its fields. */
export class UpdateRoundDto {
  @ApiPropertyOptional() @IsOptional() @Transform(trimmed) @IsString() @Length(3, 200) name?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Date) @IsDate({ message: 'opensAt must be a date and time' }) opensAt?: Date;
  @ApiPropertyOptional() @IsOptional() @Type(() => Date) @IsDate({ message: 'closesAt must be a date and time' }) closesAt?: Date;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'potId must be a UUID' }) potId?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsUUID('all', { each: true, message: 'qualificationIds must be UUIDs' }) qualificationIds?: string[];
  @ApiPropertyOptional({ example: '2026-1' }) @IsOptional() @Matches(/^\d{4}-\d+$/, { message: 'ruleSetVersion must look like 2026-1' }) ruleSetVersion?: string;
}

export class RoundDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() opensAt: string;
  @ApiProperty() closesAt: string;
  @ApiProperty() isOpen: boolean;
  @ApiProperty({ enum: ['upcoming', 'open', 'closed'] }) status: 'upcoming' | 'open' | 'closed';
  @ApiProperty({ nullable: true, type: String }) potId: string | null;
  @ApiProperty() ruleSetVersion: string;
  @ApiProperty({ type: [QualificationDto] }) qualifications: QualificationDto[];
}

/** A draft rule set: the YAML of config/eligibility/, as text. */
export class RuleSetUploadDto {
  @ApiProperty({ description: 'The rule set in the YAML format of config/eligibility/ (see its README)', maxLength: 200_000 }) @IsString({ message: 'source must be YAML text' }) @Length(1, 200_000) source: string;
}

export class RuleSetSummaryDto {
  @ApiProperty({ example: '2026-1' }) version: string;
  @ApiProperty({ enum: ['draft', 'published'] }) status: 'draft' | 'published';
  @ApiProperty() rules: number;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() uploadedAt: string;
  @ApiProperty({ nullable: true, type: String }) uploadedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) publishedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) publishedBy: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The file in config/eligibility/ it was seeded from' }) sourceFile: string | null;
}

export class RuleDto {
  @ApiProperty() id: string;
  @ApiProperty() sentence: string;
  @ApiProperty() expression: string;
  @ApiProperty({ enum: ['ineligible', 'refer'] }) onFail: string;
}

export class RuleSetDetailDto extends RuleSetSummaryDto {
  @ApiProperty() source: string;
  @ApiProperty({ description: 'SHA-256 of source, hex' }) checksum: string;
  @ApiProperty({ type: [RuleDto] }) ruleList: RuleDto[];
}

export class WhatIfDto {
  @ApiProperty({ example: '2027-1' }) @Matches(/^\d{4}-\d+$/, { message: 'ruleSetVersion must look like 2026-1' }) ruleSetVersion: string;
}

export class NewApplicationDto {
  @ApiProperty() @IsUUID('all', { message: 'roundId must be a UUID' }) roundId: string;
  @ApiProperty() @IsUUID('all', { message: 'qualificationId must be a UUID' }) qualificationId: string;
}

export class EmployerSupportDto {
  @ApiProperty({ example: 'Dr Jane Rahman' }) @Transform(trimmed) @IsString() @Length(1, PERSON_NAME_MAX) name: string;
  @ApiProperty({ example: 'jane.rahman@nhs.example' }) @Transform(trimmed) @IsEmail({}, { message: 'employerSupport.email must be an email address' }) @MaxLength(254) email: string;
}

export class UpdateApplicationDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'qualificationId must be a UUID' }) qualificationId?: string;
  @ApiPropertyOptional({ type: EmployerSupportDto }) @IsOptional() @ValidateNested() @Type(() => EmployerSupportDto) employerSupport?: EmployerSupportDto;
  @ApiPropertyOptional({ maxLength: APPLICATION_STATEMENT_MAX }) @IsOptional() @IsString() @MaxLength(APPLICATION_STATEMENT_MAX) statement?: string;
}

export class ReasonTextDto {
  @ApiProperty({ maxLength: WITHDRAW_REASON_MAX }) @Transform(trimmed) @IsString() @Length(1, WITHDRAW_REASON_MAX) reason: string;
}

export class AppealDto {
  @ApiProperty({ minLength: APPEAL_STATEMENT.min, maxLength: APPEAL_STATEMENT.max }) @Transform(trimmed) @IsString() @Length(APPEAL_STATEMENT.min, APPEAL_STATEMENT.max) statement: string;
}

export class DecisionDto {
  @ApiProperty({ enum: DECISIONS }) @IsIn(DECISIONS, { message: `decision must be one of ${DECISIONS.join(', ')}` }) decision: 'approve' | 'reject' | 'waitlist';
  @ApiProperty({ enum: ALL_REASON_CODES }) @IsIn(ALL_REASON_CODES, { message: `reasonCode must be one of ${ALL_REASON_CODES.join(', ')}` }) reasonCode: string;
  @ApiPropertyOptional({ maxLength: DECISION_NOTE_MAX }) @IsOptional() @IsString() @MaxLength(DECISION_NOTE_MAX) note?: string;
}

export class BulkDecisionDto extends DecisionDto {
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @IsUUID('all', { each: true, message: 'applicationIds must be UUIDs' }) applicationIds: string[];
}

export class AppealDecisionDto {
  @ApiProperty({ enum: ['uphold', 'dismiss'] }) @IsIn(['uphold', 'dismiss'], { message: 'decision must be uphold or dismiss' }) decision: 'uphold' | 'dismiss';
  @ApiProperty() @Transform(trimmed) @IsString() @Length(1, DECISION_NOTE_MAX) note: string;
}

export class QueueQueryDto {
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` }) status?: ApplicationStatus;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'roundId must be a UUID' }) roundId?: string;
  @ApiPropertyOptional({ description: "The applicant's region code (config/workforce.yaml), like north_west" })
  @IsOptional() @Matches(/^[a-z_]{1,60}$/, { message: 'region must be a region code, like north_west' }) region?: string;
  @ApiPropertyOptional({ description: "The applicant's current role code (config/workforce.yaml), like practice_manager" })
  @IsOptional() @Matches(/^[a-z_]{1,60}$/, { message: 'role must be a role code, like practice_manager' }) role?: string;
  @ApiPropertyOptional({ description: 'The qualification level (RQF), 1 to 8' }) @IsOptional() @Transform(queryInt) @IsInt({ message: 'level must be a whole number from 1 to 8' }) @Min(1) @Max(8) level?: number;
  @ApiPropertyOptional({ description: 'me, none (unassigned) or a reviewer’s user id' })
  @IsOptional() @Matches(/^(me|none|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/, { message: 'assigned must be me, none or a user id' }) assigned?: string;
  @ApiPropertyOptional({ enum: ['yes', 'no'], description: 'On hold or not' }) @IsOptional() @IsIn(['yes', 'no'], { message: 'held must be yes or no' }) held?: 'yes' | 'no';
  @ApiPropertyOptional({ description: 'A reference (exact, any case), part of a name, or an email address (exact)' })
  @IsOptional() @Transform(trimmed) @IsString() @Length(1, 200, { message: 'q must be 1 to 200 characters' }) q?: string;
  @ApiPropertyOptional({ enum: QUEUE_SORTS, description: 'priority (the default: highest first, then oldest), oldest or newest' })
  @IsOptional() @IsIn(QUEUE_SORTS, { message: `sort must be one of ${QUEUE_SORTS.join(', ')}` }) sort?: QueueSort;
  @ApiPropertyOptional() @IsOptional() @Transform(queryInt) @IsInt() @Min(1) @Max(100000) page?: number;
}

export class HistoryEntryDto {
  @ApiProperty() status: string;
  @ApiProperty({ nullable: true, type: String }) from: string | null;
  @ApiProperty() at: string;
  @ApiProperty() by: string;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional() note?: string;
}

export class ApplicationDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'PMB-2026-000123' }) reference: string;
  @ApiProperty({ enum: STATUSES }) status: string;
  @ApiProperty() roundId: string;
  @ApiProperty() qualificationId: string;
  @ApiProperty({ nullable: true, type: EmployerSupportDto }) employerSupport: EmployerSupportDto | null;
  @ApiProperty({ nullable: true, type: String }) statement: string | null;
  @ApiPropertyOptional({ type: EligibilityResultDto }) eligibility?: EligibilityResultDto;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: [HistoryEntryDto] }) history: HistoryEntryDto[];
}

export class CreatedApplicationDto {
  @ApiProperty() id: string;
  @ApiProperty() reference: string;
  @ApiProperty({ example: 'draft' }) status: string;
}

export class SubmittedDto {
  @ApiProperty() status: string;
  @ApiProperty({ type: EligibilityResultDto }) eligibility: EligibilityResultDto;
}

export class StatusDto {
  @ApiProperty() status: string;
  @ApiPropertyOptional({ example: 'insufficient_funds' }) reason?: string;
}

export class OfferDto {
  @ApiProperty({ example: 50_000, description: 'the bursary offered, in pence' }) amountPence: number;
  @ApiProperty({ format: 'date-time', description: 'when the offer lapses if not accepted' }) expiresAt: string;
}

export class DecisionResultDto extends StatusDto {
  @ApiPropertyOptional({ type: OfferDto, description: 'present when the decision made an offer (approved, with the bursary reserved)' }) offer?: OfferDto;
}
