import { Module } from '@nestjs/common';
import { IntakeModule } from '@app/intake';
import { TrainingModule } from '@app/training';
import { AdminProvidersController } from './admin-providers.controller';
import { AdminTrainingController, ApplicantCohortsController } from './admin-training.controller';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { ProviderSelfController } from './provider-self.controller';
import { ProviderTrainingController } from './provider-training.controller';

@Module({
  imports: [TrainingModule, IntakeModule],
  controllers: [AdminProvidersController, ProviderSelfController, ProviderTrainingController, AdminTrainingController, ApplicantCohortsController],
  providers: [IdempotencyInterceptor],
})
export class ProvidersApiModule {}
