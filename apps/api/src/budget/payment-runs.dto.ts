import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { RUN_STATUSES } from '@app/budget';
import { trimmed } from '@app/http';

const blankToUndefined = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value);

export class BuildRunDto {
  @ApiPropertyOptional({ description: 'Only this provider’s payments' }) @IsOptional() @Transform(blankToUndefined) @IsUUID('all', { message: 'providerId must be a uuid' }) providerId?: string;
  @ApiPropertyOptional({ example: '2027-01', description: 'Only payments that fell due in this month' })
  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be a month, YYYY-MM' })
  month?: string;
  @ApiPropertyOptional({ description: 'Only payments for learners on this qualification' }) @IsOptional() @Transform(blankToUndefined) @IsUUID('all', { message: 'qualificationId must be a uuid' }) qualificationId?: string;
}

export class RunsQueryDto {
  @ApiPropertyOptional({ enum: RUN_STATUSES }) @IsOptional() @IsIn(RUN_STATUSES, { message: `status must be one of ${RUN_STATUSES.join(', ')}` }) status?: string;
}

export class RecordPaidDto {
  @ApiProperty({ example: '2027-02-03', description: 'The date the money was sent: today or earlier, not before approval' }) @IsString({ message: 'paidOn must be a date, YYYY-MM-DD' }) paidOn: string;
  @ApiProperty({ example: 'BACS-2027-0203-01', description: 'The reference on the bank payment' }) @Transform(trimmed) @IsString() @Length(1, 100) remittanceReference: string;
}

export class RemittanceQueryDto {
  @ApiProperty({ description: 'The provider whose remittance advice to download' }) @IsUUID('all', { message: 'providerId must be a uuid' }) providerId: string;
}

export class RunLineDto {
  @ApiProperty() paymentDueId: string;
  @ApiProperty() providerId: string;
  @ApiProperty() providerName: string;
  @ApiProperty() enrolmentId: string;
  @ApiProperty() applicationReference: string;
  @ApiProperty() qualificationTitle: string;
  @ApiProperty({ example: 'start' }) kind: string;
  @ApiProperty({ nullable: true, type: String }) milestone: string | null;
  @ApiProperty() amountPence: number;
  @ApiProperty({ example: '2027-01-16' }) dueOn: string;
}

export class RunProviderDto {
  @ApiProperty() providerId: string;
  @ApiProperty() providerName: string;
  @ApiProperty({ nullable: true, type: String }) ukprn: string | null;
  @ApiProperty() lines: number;
  @ApiProperty() totalPence: number;
}

class PersonDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
}

export class PaymentRunDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'PR-00001' }) reference: string;
  @ApiProperty({ enum: RUN_STATUSES, description: 'draft -> submitted -> approved (lines locked) -> paid; a draft or submitted run may be cancelled' }) status: string;
  @ApiProperty({ description: '{ providerId?, month?, qualificationId? } it was built from' }) criteria: object;
  @ApiProperty() totalPence: number;
  @ApiProperty() lineCount: number;
  @ApiProperty({ type: [RunProviderDto] }) providers: RunProviderDto[];
  @ApiProperty({ type: PersonDto }) createdBy: PersonDto;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: PersonDto, nullable: true }) submittedBy: PersonDto | null;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ type: PersonDto, nullable: true }) approvedBy: PersonDto | null;
  @ApiProperty({ nullable: true, type: String }) approvedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) paidOn: string | null;
  @ApiProperty({ nullable: true, type: String }) remittanceReference: string | null;
  @ApiProperty({ nullable: true, type: String }) paidRecordedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelledAt: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelReason: string | null;
}

export class PaymentRunDetailDto extends PaymentRunDto {
  @ApiProperty({ type: [RunLineDto] }) lines: RunLineDto[];
}
