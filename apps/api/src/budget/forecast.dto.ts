import { ApiProperty } from '@nestjs/swagger';

/** The forecast (libs/budget/src/forecast/forecast.ts `Forecast`) as an OpenAPI schema. Money is integer pence. */

export class ForecastMonthDto {
  @ApiProperty({ example: '2026-12' }) month: string;
  @ApiProperty({ description: 'New submissions expected (only while a round is open)' }) submissions: number;
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
  @ApiProperty({ description: 'Expected passes still to come this year' }) expectedPasses: number;
  @ApiProperty({ description: 'Of those, from learners in training now whose expected completion falls within the year' }) fromLearnersInTraining: number;
  @ApiProperty({ description: 'Of those, from learners who start later' }) fromLaterStarts: number;
}

export class StageAssumptionDto {
  @ApiProperty({ enum: ['submitted', 'underReview', 'offered', 'accepted', 'placed', 'started'] }) stage: string;
  @ApiProperty({ description: 'Share moving on to the next stage, 0 to 1' }) rate: number;
  @ApiProperty({ enum: ['observed', 'prior', 'assumed'], description: 'observed: enough outcomes; prior: the prior blended with fewer than 20 outcomes; assumed: the prior alone' }) rateSource: string;
  @ApiProperty({ description: 'The default rate used as the prior' }) prior: number;
  @ApiProperty() observations: number;
  @ApiProperty() daysInStage: number;
  @ApiProperty({ enum: ['observed', 'assumed', 'qualifications'] }) daysSource: string;
}

export class TrainingLengthDto {
  @ApiProperty() months: number;
  @ApiProperty() learners: number;
}

export class TrainingAssumptionDto {
  @ApiProperty({ description: 'Learners in training now' }) learners: number;
  @ApiProperty({ description: 'Learners placed on a cohort, not yet started' }) placed: number;
  @ApiProperty({ type: [TrainingLengthDto] }) byLength: TrainingLengthDto[];
  @ApiProperty({ description: 'Mean qualification length in months, weighted by learners' }) averageMonths: number;
  @ApiProperty({ description: 'Share of starters expected to withdraw during training' }) withdrawnShare: number;
  @ApiProperty({ enum: ['observed', 'prior', 'assumed'] }) withdrawnSource: string;
  @ApiProperty() daysLate: number;
  @ApiProperty({ enum: ['observed', 'assumed'] }) daysLateSource: string;
  @ApiProperty({ description: 'Points of the observed spread of reporting delays that passes are shared over (1: the median alone)' }) lateSpread: number;
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
  @ApiProperty({ type: TrainingAssumptionDto }) training: TrainingAssumptionDto;
  @ApiProperty({ type: [String], description: 'Months left in which a funding round is open' }) roundOpenMonths: string[];
  @ApiProperty({ type: [String] }) assumptions: string[];
}
