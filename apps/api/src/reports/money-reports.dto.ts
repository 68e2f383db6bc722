import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The money outcome reports (libs/reports/src/outcomes/money.ts) as OpenAPI schemas. Money is integer pence. */

export class QualifiedMonthDto {
  @ApiProperty({ example: '2026-10' }) month: string;
  @ApiProperty({ enum: ['actual', 'forecast'] }) kind: string;
  @ApiProperty() passes: number;
  @ApiProperty() qualifiedToDate: number;
  @ApiProperty() target: number;
}

export class QualifiedReportDto {
  @ApiProperty({ example: '2026-27' }) financialYear: string;
  @ApiProperty() target: number;
  @ApiProperty() completedSoFar: number;
  @ApiProperty() projectedByYearEnd: number;
  @ApiProperty() shortfall: number;
  @ApiProperty() onTrack: boolean;
  @ApiProperty({ type: [QualifiedMonthDto] }) months: QualifiedMonthDto[];
  @ApiProperty({ type: [String], description: 'The forecast’s assumptions, in words' }) assumptions: string[];
}

export class CostRowDto {
  @ApiProperty() providerId: string;
  @ApiProperty() providerName: string;
  @ApiProperty() qualificationId: string;
  @ApiProperty() qualificationTitle: string;
  @ApiProperty({ description: 'Sent to the provider in payment runs recorded paid' }) paidPence: number;
  @ApiProperty() passes: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Paid divided by passes; null with no passes' }) costPerQualificationPence: number | null;
  @ApiProperty() standardBursaryPence: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) differencePence: number | null;
}

export class CostTotalDto {
  @ApiProperty() paidPence: number;
  @ApiProperty() passes: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) costPerQualificationPence: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) differencePence: number | null;
}

export class CostReportDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Null: all years' }) financialYear: string | null;
  @ApiProperty() standardBursaryPence: number;
  @ApiProperty({ type: CostTotalDto }) total: CostTotalDto;
  @ApiProperty({ type: [CostRowDto] }) rows: CostRowDto[];
}

export class BudgetUseMonthDto {
  @ApiProperty({ example: '2026-10' }) month: string;
  @ApiProperty() fundedPence: number;
  @ApiProperty() reservedPence: number;
  @ApiProperty() committedPence: number;
  @ApiProperty({ description: 'Fallen due so far, paid or not yet sent' }) fallenDuePence: number;
  @ApiProperty({ description: 'Of that, sent to providers' }) paidPence: number;
  @ApiProperty() availablePence: number;
}

export class BudgetUseReportDto {
  @ApiProperty({ example: '2026-27' }) financialYear: string;
  @ApiProperty({ type: [BudgetUseMonthDto] }) months: BudgetUseMonthDto[];
}
