import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { CAPACITY, CERTIFICATE_REFERENCE_MAX, DELIVERY_MODES, ENROLMENT_STATUSES, OUTCOMES, PROGRESS_MILESTONES, REASONS, REPORT_NOTE_MAX, VOID_REASON } from '@app/training';
import { queryInt, trimmed } from '@app/http';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateCohortDto {
  @ApiProperty() @IsUUID('all', { message: 'providerId must be a UUID' }) providerId: string;
  @ApiProperty() @IsUUID('all', { message: 'qualificationId must be a UUID' }) qualificationId: string;
  @ApiPropertyOptional({ example: 'Leeds, January 2027' }) @IsOptional() @Transform(trimmed) @IsString() @Length(2, 200) name?: string;
  @ApiProperty({ example: '2027-01-11' }) @Matches(DATE, { message: 'startDate must be a date, like 2027-01-11' }) startDate: string;
  @ApiProperty({ minimum: 1, maximum: 1000 }) @IsInt() @Min(1) @Max(1000) capacity: number;
  @ApiPropertyOptional({ enum: DELIVERY_MODES }) @IsOptional() @IsIn(DELIVERY_MODES, { message: `deliveryMode must be one of ${DELIVERY_MODES.join(', ')}` }) deliveryMode?: (typeof DELIVERY_MODES)[number];
}

export class CohortDto {
  @ApiProperty() id: string;
  @ApiProperty() providerId: string;
  @ApiProperty() qualificationId: string;
  @ApiProperty() name: string;
  @ApiProperty() startDate: string;
  @ApiProperty() capacity: number;
  @ApiProperty() placesTaken: number;
  @ApiProperty() placesLeft: number;
  @ApiProperty({ enum: DELIVERY_MODES }) deliveryMode: string;
  @ApiProperty({ enum: ['open', 'full', 'cancelled'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) cancelledAt: string | null;
}

export class CapacityDto {
  @ApiProperty({ minimum: CAPACITY.min, maximum: CAPACITY.max, description: 'Never below the places already taken (422 naming capacity)' })
  @IsInt({ message: 'capacity must be a whole number' })
  @Min(CAPACITY.min, { message: `capacity must be at least ${CAPACITY.min}` })
  @Max(CAPACITY.max, { message: `capacity must be at most ${CAPACITY.max}` })
  capacity: number;
}

export class CohortCancelledDto {
  @ApiProperty() cohortId: string;
  @ApiProperty({ description: 'Learners placed or deferred on it, now back to accepted and not placed, their bursary still reserved' }) learnersReturned: number;
}

export class EnrolmentQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'providerId must be a UUID' }) providerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'cohortId must be a UUID' }) cohortId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'qualificationId must be a UUID' }) qualificationId?: string;
  @ApiPropertyOptional({ enum: ENROLMENT_STATUSES })
  @IsOptional()
  @IsIn(ENROLMENT_STATUSES, { message: `status must be one of ${ENROLMENT_STATUSES.join(', ')}` })
  status?: (typeof ENROLMENT_STATUSES)[number];
  @ApiPropertyOptional({ minimum: 1 }) @IsOptional() @Transform(queryInt) @IsInt({ message: 'page must be a whole number' }) @Min(1, { message: 'page must be at least 1' }) @Max(100000) page?: number;
}

export class EnrolmentListingDto {
  @ApiProperty() enrolmentId: string;
  @ApiProperty({ nullable: true, type: String }) learnerName: string | null;
  @ApiProperty() applicationId: string;
  @ApiProperty() applicationReference: string;
  @ApiProperty() providerId: string;
  @ApiProperty() providerName: string;
  @ApiProperty() cohortId: string;
  @ApiProperty() cohortName: string;
  @ApiProperty() qualificationId: string;
  @ApiProperty() qualificationTitle: string;
  @ApiProperty({ enum: ENROLMENT_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String }) startDate: string | null;
  @ApiProperty({ nullable: true, type: String }) outcome: string | null;
}

export class EnrolmentPageDto {
  @ApiProperty({ type: [EnrolmentListingDto] }) items: EnrolmentListingDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class CorrectionDto {
  @ApiProperty({ description: 'Why the provider’s withdrawal or turning down was a mistake' }) @Transform(trimmed) @IsString() @Length(VOID_REASON.min, VOID_REASON.max) reason: string;
}

export class CorrectedDto {
  @ApiProperty() enrolmentId: string;
  @ApiProperty({ enum: ENROLMENT_STATUSES, description: 'Where the learner is back to' }) status: string;
}

export class PlaceDto {
  @ApiProperty() @IsUUID('all', { message: 'cohortId must be a UUID' }) cohortId: string;
}

export class EnrolmentIdDto {
  @ApiProperty() enrolmentId: string;
}

export class StartDto {
  @ApiProperty({ example: '2027-01-11', description: 'From the later of the day the offer was accepted and the cohort’s start less startBeforeCohortDays (30 by default), up to today' }) @Matches(DATE, { message: 'startDate must be a date, like 2027-01-11' }) startDate: string;
}

export class ProgressDto {
  @ApiProperty({ enum: PROGRESS_MILESTONES, description: 'started is also read, as a start' }) @IsString() @MaxLength(40) milestone: string;
  @ApiProperty({ description: 'Not before the learner’s start, not in the future; the same milestone on the same date twice is a duplicate' }) @Matches(DATE, { message: 'date must be a date, like 2027-03-01' }) date: string;
}

export class CompletionDto {
  @ApiProperty({ enum: OUTCOMES }) @IsIn(OUTCOMES, { message: 'outcome must be passed or failed' }) outcome: string;
  @ApiProperty() @Matches(DATE, { message: 'date must be a date, like 2027-12-01' }) date: string;
  @ApiPropertyOptional() @IsOptional() @Transform(trimmed) @IsString() @Length(1, CERTIFICATE_REFERENCE_MAX) certificateReference?: string;
  @ApiPropertyOptional({
    description:
      'A fail only: true when a resit is planned (the rest of the bursary stays committed and the application enrolled, for the resit\'s pass); false or absent: the unpaid money is released and the application ends not_passed',
  })
  @IsOptional()
  @IsBoolean({ message: 'resitPlanned must be true or false' })
  resitPlanned?: boolean;
}

export class WithdrawalDto {
  @ApiProperty({ enum: REASONS.withdrawal }) @IsIn(REASONS.withdrawal, { message: `reasonCode must be one of ${REASONS.withdrawal.join(', ')}` }) reasonCode: string;
  @ApiProperty() @Matches(DATE, { message: 'date must be a date, like 2027-02-01' }) date: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(REPORT_NOTE_MAX) note?: string;
}

export class DeferralDto {
  @ApiProperty({ enum: REASONS.deferral }) @IsIn(REASONS.deferral, { message: `reasonCode must be one of ${REASONS.deferral.join(', ')}` }) reasonCode: string;
  @ApiProperty() @Matches(DATE, { message: 'date must be a date, like 2027-02-01' }) date: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(REPORT_NOTE_MAX) note?: string;
}

export class DeclineDto {
  @ApiProperty({ enum: REASONS.decline }) @IsIn(REASONS.decline, { message: `reasonCode must be one of ${REASONS.decline.join(', ')}` }) reasonCode: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(REPORT_NOTE_MAX) note?: string;
}

export class VoidDto {
  @ApiProperty() @Transform(trimmed) @IsString() @Length(VOID_REASON.min, VOID_REASON.max) reason: string;
}

export class ReportResultDto {
  @ApiProperty({ description: 'The report’s position in a JSON array, from 1; in a CSV, its line in the file (the header is line 1)' }) row: number;
  @ApiProperty() enrolmentId: string;
  @ApiProperty() type: string;
  @ApiProperty() reportId: string;
}

export class BulkResultDto {
  @ApiProperty() applied: number;
  @ApiProperty({ type: [ReportResultDto] }) results: ReportResultDto[];
}

export class MonthQueryDto {
  @ApiPropertyOptional({ example: '2026-11', description: 'Default: this month' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must look like 2026-11' })
  month?: string;
}

export class CohortQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'cohortId must be a UUID' }) cohortId?: string;
}

export class LearnerReportDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['start', 'progress', 'completion', 'withdrawal', 'deferral', 'decline'] }) type: string;
  @ApiProperty({ nullable: true, type: String }) milestone: string | null;
  @ApiProperty({ nullable: true, type: String, enum: OUTCOMES }) outcome: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The date reported (YYYY-MM-DD)' }) date: string | null;
  @ApiProperty({ nullable: true, type: String }) reasonCode: string | null;
  @ApiProperty() voided: boolean;
  @ApiProperty({ description: 'When it was reported' }) at: string;
}

/**
 * One of the provider's learners. Of the learner's personal data a provider
 * gets their name and how to contact them, nothing more (no date of birth,
 * postcode, statement or skills).
 */
export class ProviderLearnerDto {
  @ApiProperty({ description: 'The id the report endpoints and CSV uploads take' }) enrolmentId: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() applicationReference: string;
  @ApiProperty({ nullable: true, type: String }) learnerName: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The learner’s email address, to contact them about starting; null once you have turned them down' })
  learnerEmail: string | null;
  @ApiProperty({ nullable: true, type: String, example: '07700900123', description: 'A UK phone number, digits only, if the learner gave one; null once you have turned them down' })
  learnerPhone: string | null;
  @ApiProperty() cohortId: string;
  @ApiProperty() cohortName: string;
  @ApiProperty() qualificationId: string;
  @ApiProperty({ enum: ENROLMENT_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String }) startDate: string | null;
  @ApiProperty({ nullable: true, type: String }) outcome: string | null;
  @ApiProperty({ nullable: true, type: String }) completedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) certificateReference: string | null;
  @ApiProperty({ nullable: true, type: String }) lastReportAt: string | null;
  @ApiProperty({ type: [LearnerReportDto] }) reports: LearnerReportDto[];
}
