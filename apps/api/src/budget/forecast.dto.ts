import { ApiProperty } from '@nestjs/swagger';

/** The forecast (libs/budget/src/forecast/forecast.ts `Forecast`) as an OpenAPI schema. Money is integer pence. */

export class ForecastMonthDto {
  @ApiProperty({ example: '2026-12' }) month: string;
  @ApiProperty() offers: number;
  @ApiProperty() starts: number;
  @ApiProperty() completions: number;
  @ApiProperty() reservedPence: number;
  @ApiProperty() releasedPence: number;
  @ApiProperty() spendPence: number;
  @ApiProperty({ description: 'Money in the year’s pots nobody holds, at the end of the month' }) availablePence: number;
  @ApiProperty() qualifiedToDate: number;
}

export class ForecastSpendDto {
  @ApiProperty({ description: 'Every payment that has fallen due so far this year' }) fallenDueSoFarPence: number;
  @ApiProperty({ description: 'Of that, sent to providers in payment runs recorded paid' }) paidSoFarPence: number;
  @ApiProperty({ description: 'Fallen due and not yet sent' }) dueNotPaidPence: number;
  @ApiProperty() projectedPence: number;
}

export class ForecastMoneyDto {
  @ApiProperty() availableNowPence: number;
  @ApiProperty() leftAtYearEndPence: number;
  @ApiProperty() reservedAtYearEndPence: number;
  @ApiProperty() committedAtYearEndPence: number;
}

export class ForecastQualifiedDto {
  @ApiProperty({ description: 'Qualified practice managers a year (config/programme.yaml)' }) target: number;
  @ApiProperty() completedSoFar: number;
  @ApiProperty() projectedByYearEnd: number;
  @ApiProperty() shortfall: number;
  @ApiProperty() onTrack: boolean;
}

export class StageAssumptionDto {
  @ApiProperty({ enum: ['submitted', 'underReview', 'offered', 'accepted', 'enrolled'] }) stage: string;
  @ApiProperty({ description: 'Share moving on to the next stage, 0 to 1' }) rate: number;
  @ApiProperty({ enum: ['observed', 'assumed'] }) rateSource: string;
  @ApiProperty() observations: number;
  @ApiProperty() daysInStage: number;
  @ApiProperty({ enum: ['observed', 'assumed'] }) daysSource: string;
}

export class ForecastDto {
  @ApiProperty({ example: '2026-27' }) financialYear: string;
  @ApiProperty({ example: '2026-12-02' }) asOf: string;
  @ApiProperty() pipelineConnected: boolean;
  @ApiProperty() bursaryPence: number;
  @ApiProperty({ type: [ForecastMonthDto] }) months: ForecastMonthDto[];
  @ApiProperty({ type: ForecastSpendDto }) spend: ForecastSpendDto;
  @ApiProperty({ type: ForecastMoneyDto }) money: ForecastMoneyDto;
  @ApiProperty({ description: 'How many more bursaries the money left at year end would fund, beyond what the pipeline is expected to take' }) fundableBursaries: number;
  @ApiProperty({ description: 'Eligible applications still waiting for money at year end (expected)' }) waitingForMoneyAtYearEnd: number;
  @ApiProperty({ type: ForecastQualifiedDto }) qualified: ForecastQualifiedDto;
  @ApiProperty({ type: [StageAssumptionDto] }) stages: StageAssumptionDto[];
  @ApiProperty({ type: [String] }) assumptions: string[];
}
