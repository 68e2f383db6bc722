import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDate, IsEmail, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { queryInt, trimmed } from '@app/http';
import { OUTBOX_STATUSES, PLACED_LEARNER_EMAILS, TOPICS, type OutboxStatus, type PlacedLearnerEmails } from '@app/notifications';

export class DeliveryQueryDto {
  @ApiPropertyOptional({ enum: OUTBOX_STATUSES }) @IsOptional() @IsIn(OUTBOX_STATUSES, { message: `status must be one of ${OUTBOX_STATUSES.join(', ')}` }) status?: OutboxStatus;
  @ApiPropertyOptional({ enum: TOPICS }) @IsOptional() @IsIn(TOPICS, { message: 'topic must be one of the message topics' }) topic?: string;
  @ApiPropertyOptional({ description: 'A user id, or an email address (an account or a round sign-up)' }) @IsOptional() @Transform(trimmed) @IsString() @MaxLength(254) recipient?: string;
  @ApiPropertyOptional({ description: 'Created at or after, ISO 8601' }) @IsOptional() @Type(() => Date) @IsDate({ message: 'from must be a date' }) from?: Date;
  @ApiPropertyOptional({ description: 'Created before, ISO 8601 (exclusive)' }) @IsOptional() @Type(() => Date) @IsDate({ message: 'to must be a date' }) to?: Date;
  @ApiPropertyOptional({ minimum: 1 }) @IsOptional() @Transform(queryInt) @IsInt() @Min(1) @Max(1_000_000) page?: number;
}

export class DeliveryLogEntryDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: TOPICS }) topic: string;
  @ApiProperty({ enum: OUTBOX_STATUSES, description: 'skipped: a reminder or digest the person turned off' }) status: OutboxStatus;
  @ApiProperty({ nullable: true, type: String }) recipientUserId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Where it went (looked up now: the outbox keeps only ids)' }) recipientEmail: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) queuedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) sentAt: string | null;
  @ApiProperty({ nullable: true, type: String }) failedAt: string | null;
  @ApiProperty() resendCount: number;
  @ApiProperty({ nullable: true, type: String }) resentAt: string | null;
  @ApiProperty({ description: 'Whether POST /admin/notifications/:id/resend would send it again now' }) canResend: boolean;
}

export class DeliveryLogPageDto {
  @ApiProperty({ type: [DeliveryLogEntryDto] }) items: DeliveryLogEntryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
}

export class NotificationPreferencesDto {
  @ApiProperty({ description: 'Reminders: an unfinished application, an offer about to expire, overdue progress reports' }) reminders: boolean;
  @ApiProperty({ description: 'The daily digest of work waiting (staff)' }) digests: boolean;
  @ApiProperty({ description: 'The yearly invitation to update the skills audit' }) skillsAuditInvitations: boolean;
  @ApiPropertyOptional({ enum: PLACED_LEARNER_EMAILS, description: 'Provider users only: an email for each newly placed learner, or one a day listing them' })
  placedLearners?: PlacedLearnerEmails;
}

export class UpdateNotificationPreferencesDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean({ message: 'reminders must be true or false' }) reminders?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean({ message: 'digests must be true or false' }) digests?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean({ message: 'skillsAuditInvitations must be true or false' }) skillsAuditInvitations?: boolean;
  @ApiPropertyOptional({ enum: PLACED_LEARNER_EMAILS, description: 'Provider users only' })
  @IsOptional()
  @IsIn(PLACED_LEARNER_EMAILS, { message: `placedLearners must be one of ${PLACED_LEARNER_EMAILS.join(', ')}` })
  placedLearners?: PlacedLearnerEmails;
}

export class NotifyMeDto {
  @ApiProperty({ example: 'pat@example.org' }) @Transform(trimmed) @IsEmail({}, { message: 'email must be an email address, like name@example.org' }) @MaxLength(254) email: string;
}
