import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { BUCKETS, ENTRY_KINDS, POT_PURPOSES, type EntryKind, type PotPurpose } from '@app/budget';
import { trimmed, queryInt } from '@app/http';

const YEAR = /^\d{4}-\d{2}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const YEAR_MESSAGE = 'financialYear must look like 2026-27';
// Amounts must be numbers here; whether they are whole, positive pence is the budget's rule (422, naming the field).
const AMOUNT = { allowNaN: false, allowInfinity: false };
const AMOUNT_MESSAGE = { message: 'amountPence must be a number of pence' };

export class CreatePotDto {
  @ApiProperty({ example: 'Bursaries 2026-27' }) @Transform(trimmed) @IsString() @Length(3, 200) name: string;
  @ApiProperty({ example: '2026-27', description: 'Runs 1 April to 31 March' }) @Matches(YEAR, { message: YEAR_MESSAGE }) financialYear: string;
  @ApiProperty({ example: 30_000_000, description: 'Whole pence (30000000 is £300,000); 0 or more' }) @IsNumber(AMOUNT, AMOUNT_MESSAGE) amountPence: number;
  @ApiPropertyOptional({ enum: POT_PURPOSES, default: 'bursaries' }) @IsOptional() @IsIn(POT_PURPOSES, { message: `purpose must be one of ${POT_PURPOSES.join(', ')}` }) purpose?: PotPurpose;
  @ApiPropertyOptional({ example: 'london', description: 'NHS England region code (config/workforce.yaml)' }) @IsOptional() @IsString() @MaxLength(60) region?: string;
}

export class PotDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: POT_PURPOSES }) purpose: string;
  @ApiProperty({ example: '2026-27' }) financialYear: string;
  @ApiProperty({ nullable: true, type: String }) region: string | null;
  @ApiProperty({ description: 'Funding plus transfers in, less transfers out' }) fundedPence: number;
  @ApiProperty() reservedPence: number;
  @ApiProperty() committedPence: number;
  @ApiProperty({ description: 'Fallen due to providers (a start, milestone or pass reported) and not yet sent' }) duePence: number;
  @ApiProperty({ description: 'Sent to providers: in a payment run recorded paid' }) paidPence: number;
  @ApiProperty({ description: 'fundedPence - reservedPence - committedPence - duePence - paidPence' }) availablePence: number;
  @ApiProperty({ nullable: true, type: String, description: 'Set by the year end: no new reservations' }) closedAt: string | null;
  @ApiProperty() createdAt: string;
}

export class PotsQueryDto {
  @ApiPropertyOptional({ example: '2026-27' }) @IsOptional() @Matches(YEAR, { message: YEAR_MESSAGE }) financialYear?: string;
}

export class PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @Transform(queryInt) @IsInt() @Min(1) @Max(1_000_000) page?: number;
}

export class LedgerQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only this pot' }) @IsOptional() @IsUUID('all', { message: 'potId must be a UUID' }) potId?: string;
  @ApiPropertyOptional({ enum: ENTRY_KINDS }) @IsOptional() @IsIn(ENTRY_KINDS, { message: `kind must be one of ${ENTRY_KINDS.join(', ')}` }) kind?: EntryKind;
  @ApiPropertyOptional({ example: '2026-04-01', description: 'First day, UK time' }) @IsOptional() @Matches(DAY, { message: 'from must be a date like 2026-04-01' }) from?: string;
  @ApiPropertyOptional({ example: '2027-03-31', description: 'Last day, UK time' }) @IsOptional() @Matches(DAY, { message: 'to must be a date like 2027-03-31' }) to?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'applicationId must be a UUID' }) applicationId?: string;
  @ApiPropertyOptional({ description: 'The training provider of the entry’s application' }) @IsOptional() @IsUUID('all', { message: 'providerId must be a UUID' }) providerId?: string;
}

export class LedgerEntryDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Order of writing' }) seq: number;
  @ApiProperty() potId: string;
  @ApiProperty({ enum: ENTRY_KINDS }) kind: string;
  @ApiProperty({ enum: BUCKETS, nullable: true, type: String }) bucket: string | null;
  @ApiProperty() amountPence: number;
  @ApiProperty({ nullable: true, type: String }) applicationId: string | null;
  @ApiProperty({ nullable: true, type: String }) reversesEntryId: string | null;
  @ApiProperty({ nullable: true, type: String }) transferId: string | null;
  @ApiProperty({ nullable: true, type: String }) yearEndId: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole: string | null;
  @ApiProperty() at: string;
}

export class LedgerPageDto {
  @ApiProperty({ type: [LedgerEntryDto] }) items: LedgerEntryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
}

export class TransferDto {
  @ApiProperty() @IsUUID('all', { message: 'fromPotId must be a UUID' }) fromPotId: string;
  @ApiProperty() @IsUUID('all', { message: 'toPotId must be a UUID' }) toPotId: string;
  @ApiProperty({ example: 500_000, description: 'Whole pence, more than 0' }) @IsNumber(AMOUNT, AMOUNT_MESSAGE) amountPence: number;
  @ApiProperty({ example: 'Rebalancing towards the North West' }) @Transform(trimmed) @IsString() @Length(1, 1000) reason: string;
}

export class TopUpDto {
  @ApiProperty({ example: 5_000_000, description: 'Whole pence, more than 0, from the programme money not yet in any pot' }) @IsNumber(AMOUNT, AMOUNT_MESSAGE) amountPence: number;
  @ApiProperty({ example: 'Second tranche agreed by the programme board' }) @Transform(trimmed) @IsString() @Length(1, 1000) reason: string;
}

export class TransferResultDto {
  @ApiProperty() transferId: string;
  @ApiProperty() fromPotId: string;
  @ApiProperty() toPotId: string;
  @ApiProperty() amountPence: number;
  @ApiProperty() outEntryId: string;
  @ApiProperty() inEntryId: string;
}

export class ChangeReasonDto {
  @ApiProperty({ example: 'Paid against the wrong application' }) @Transform(trimmed) @IsString() @Length(1, 1000) reason: string;
}

export class ReversalDto {
  @ApiProperty({ description: 'The reversal entry' }) entryId: string;
  @ApiProperty() reversesEntryId: string;
}

export class SummaryDto {
  @ApiProperty({ example: 600_000_000 }) programmeTotalPence: number;
  @ApiProperty() allocatedToPotsPence: number;
  @ApiProperty() unallocatedPence: number;
  @ApiProperty() reservedPence: number;
  @ApiProperty() committedPence: number;
  @ApiProperty({ description: 'Fallen due to providers and not yet sent' }) duePence: number;
  @ApiProperty({ description: 'Sent to providers: payment runs recorded paid' }) paidPence: number;
  @ApiProperty({ description: 'In pots, not reserved, committed, due or paid' }) availablePence: number;
}

export class YearEndDto {
  @ApiProperty({ example: '2026-27', description: 'The year that has ended: all its pots are closed' }) @Matches(YEAR, { message: YEAR_MESSAGE }) financialYear: string;
  @ApiProperty({ enum: ['carry', 'release'], description: 'Offers not yet started: carry into toPotId, or release' })
  @IsIn(['carry', 'release'], { message: 'reservations must be carry or release' })
  reservations: 'carry' | 'release';
  @ApiProperty({ enum: ['carry', 'release'], description: 'Started learners’ unpaid money: carry into toPotId, or release' })
  @IsIn(['carry', 'release'], { message: 'commitments must be carry or release' })
  commitments: 'carry' | 'release';
  @ApiPropertyOptional({ enum: ['carry', 'keep'], default: 'keep', description: 'The closed pots’ money nobody holds (with what this releases): carry into toPotId, where the waiting list is offered it, or keep it in the closed pots' })
  @IsOptional()
  @IsIn(['carry', 'keep'], { message: 'unspent must be carry or keep' })
  unspent?: 'carry' | 'keep';
  @ApiPropertyOptional({ description: 'A pot of the next financial year; required to carry' }) @IsOptional() @IsUUID('all', { message: 'toPotId must be a UUID' }) toPotId?: string;
  @ApiProperty({ example: 'Year end 2026-27 as agreed by the programme board' }) @Transform(trimmed) @IsString() @Length(1, 1000) reason: string;
}

export class ForecastQueryDto {
  @ApiPropertyOptional({ example: '2026-27', description: 'Default: the current financial year' }) @IsOptional() @Matches(YEAR, { message: YEAR_MESSAGE }) financialYear?: string;
}

export class BalanceSetDto {
  @ApiProperty() fundedPence: number;
  @ApiProperty() reservedPence: number;
  @ApiProperty() committedPence: number;
  @ApiProperty() paidPence: number;
  @ApiProperty() availablePence: number;
}

export class PotReconciliationDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() financialYear: string;
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'Available money recomputed from the pot’s ledger entries' }) ledgerSumPence: number;
  @ApiProperty({ description: 'Available money stored in the pot' }) balancePence: number;
  @ApiProperty({ type: BalanceSetDto, description: 'Every balance recomputed from the ledger' }) ledger: BalanceSetDto;
  @ApiProperty({ type: BalanceSetDto, description: 'Every balance as stored in the pot' }) stored: BalanceSetDto;
  @ApiProperty({ type: [String], example: ['reservedPence', 'availablePence'] }) differences: string[];
}

export class ReconciliationDto {
  @ApiProperty() ok: boolean;
  @ApiProperty() checkedAt: string;
  @ApiProperty({ description: '{ ok, allocatedPence, ledgerFundedPence }: what the programme row says pots hold against their funding entries' }) programme: object;
  @ApiProperty({ type: [PotReconciliationDto] }) pots: PotReconciliationDto[];
  @ApiProperty({ description: '{ ok, checked, overdrawn }: applications whose entries leave them holding less than nothing' }) applications: object;
}

export class YearEndPotDto {
  @ApiProperty() potId: string;
  @ApiProperty() applications: number;
  @ApiProperty() carriedReservedPence: number;
  @ApiProperty() carriedCommittedPence: number;
  @ApiProperty() releasedReservedPence: number;
  @ApiProperty() releasedCommittedPence: number;
  @ApiProperty({ description: 'Unspent money carried (unspent: carry)' }) carriedAvailablePence: number;
}

export class YearEndApplicationDto {
  @ApiProperty() applicationId: string;
  @ApiProperty() potId: string;
  @ApiProperty() reservedPence: number;
  @ApiProperty() committedPence: number;
  @ApiProperty({ enum: ['carry', 'release'] }) reservations: string;
  @ApiProperty({ enum: ['carry', 'release'] }) commitments: string;
}

export class YearEndPreviewDto {
  @ApiProperty() financialYear: string;
  @ApiProperty({ nullable: true, type: String }) toPotId: string | null;
  @ApiProperty({ enum: ['carry', 'release'] }) reservations: string;
  @ApiProperty({ enum: ['carry', 'release'] }) commitments: string;
  @ApiProperty({ enum: ['carry', 'keep'] }) unspent: string;
  @ApiProperty({ type: [String], description: 'Pots of the year the run will close first' }) potsToClose: string[];
  @ApiProperty({ type: [YearEndPotDto] }) pots: YearEndPotDto[];
  @ApiProperty({ type: YearEndPotDto, description: 'The pots added up (potId empty)' }) totals: object;
  @ApiProperty({ type: [YearEndApplicationDto], description: 'Each application holding money in the year’s pots (first 500)' }) applications: YearEndApplicationDto[];
  @ApiProperty() applicationCount: number;
}

export class YearEndResultDto {
  @ApiProperty() id: string;
  @ApiProperty() financialYear: string;
  @ApiProperty({ nullable: true, type: String }) toPotId: string | null;
  @ApiProperty({ enum: ['carry', 'release'] }) reservations: string;
  @ApiProperty({ enum: ['carry', 'release'] }) commitments: string;
  @ApiProperty({ type: [String] }) closedPotIds: string[];
  @ApiProperty({ type: [YearEndPotDto] }) pots: YearEndPotDto[];
  @ApiProperty({ enum: ['carry', 'keep'] }) unspent: string;
  @ApiProperty({ description: 'The pots added up' }) totals: object;
  @ApiProperty({ description: 'Ledger entries written' }) entries: number;
  @ApiProperty({ description: 'Waitlisted applications offered the carried unspent money' }) offered: number;
}
