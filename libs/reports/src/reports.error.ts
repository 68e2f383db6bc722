import { DomainError, type FieldProblem } from '@app/http';

export type ReportsErrorCode = 'report_not_found' | 'invalid_filters' | 'export_not_found' | 'export_not_ready' | 'export_expired';

/** Everything the reports lib refuses. */
export class ReportsError extends DomainError<ReportsErrorCode> {
  readonly domain = 'reports';

  constructor(code: ReportsErrorCode, message: string, errors?: FieldProblem[]) {
    super(code, message, errors);
  }
}
