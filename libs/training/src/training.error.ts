import { DomainError, type FieldProblem } from '@app/http';

export type TrainingErrorCode =
  | 'provider_not_found'
  | 'ukprn_taken'
  | 'cohort_not_found'
  | 'cohort_full'
  | 'enrolment_not_found'
  | 'report_not_found'
  | 'not_placeable'
  | 'capacity_below_places_taken'
  | 'cohort_cancelled'
  | 'cohort_has_started_learners'
  | 'not_correctable'
  | 'invalid_report'
  | 'report_rows_invalid'
  | 'too_many_rows'
  | 'idempotency_key_required'
  | 'idempotency_key_reused'
  | 'idempotency_key_in_flight';

/** Everything the training lib refuses. */
export class TrainingError extends DomainError<TrainingErrorCode> {
  readonly domain = 'training';

  constructor(
    code: TrainingErrorCode,
    message: string,
    errors?: FieldProblem[],
    /** For report_rows_invalid: each problem with its row (1 = the first data row) and column. */
    override readonly rowErrors?: RowProblem[],
  ) {
    super(code, message, errors);
  }
}

export interface RowProblem {
  row: number;
  column: string;
  message: string;
}
