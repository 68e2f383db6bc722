import { DomainError, type FieldProblem } from '@app/http';

export type TrainingErrorCode = 'provider_not_found' | 'ukprn_taken';

/** Everything the training lib refuses. */
export class TrainingError extends DomainError<TrainingErrorCode> {
  readonly domain = 'training';

  constructor(code: TrainingErrorCode, message: string, errors?: FieldProblem[]) {
    super(code, message, errors);
  }
}
