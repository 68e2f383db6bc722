export { ProvidersService } from './providers/providers.service';
export type { ProviderView } from './providers/providers.service';
export { TrainingError } from './training.error';
export type { TrainingErrorCode } from './training.error';
export { TrainingModule } from './training.module';
