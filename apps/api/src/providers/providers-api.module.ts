import { Module } from '@nestjs/common';
import { TrainingModule } from '@app/training';
import { AdminProvidersController } from './admin-providers.controller';
import { ProviderSelfController } from './provider-self.controller';

@Module({ imports: [TrainingModule], controllers: [AdminProvidersController, ProviderSelfController] })
export class ProvidersApiModule {}
