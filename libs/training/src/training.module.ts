import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BudgetModule, PipelineSource } from '@app/budget';
import { IntakeModule } from '@app/intake';
import { CohortsService } from './cohorts/cohorts.service';
import { EnrolmentsService } from './enrolments/enrolments.service';
import { LearnersService } from './enrolments/learners.service';
import { Cohort } from './entities';
import { IdempotencyService } from './idempotency/idempotency.service';
import { StatementsService } from './payments/statements.service';
import { TrainingPipeline } from './pipeline/training-pipeline';
import { Provider } from './providers/provider.entity';
import { ProvidersService } from './providers/providers.service';
import { ReportsService } from './reports/reports.service';

@Module({
  imports: [TypeOrmModule.forFeature([Provider, Cohort]), IntakeModule, BudgetModule],
  providers: [
    ProvidersService,
    CohortsService,
    EnrolmentsService,
    LearnersService,
    ReportsService,
    StatementsService,
    IdempotencyService,
    // The budget forecast's pipeline: training knows applications (through intake) and whether a placed learner has started.
    { provide: PipelineSource, useClass: TrainingPipeline },
  ],
  exports: [ProvidersService, CohortsService, EnrolmentsService, LearnersService, ReportsService, StatementsService, IdempotencyService],
})
export class TrainingModule {}
