import { DomainError, type FieldProblem } from '@app/http';

export type BudgetErrorCode =
  | 'invalid_amount'
  | 'invalid_input'
  | 'pot_not_found'
  | 'entry_not_found'
  | 'pot_name_taken'
  | 'programme_total_exceeded'
  | 'insufficient_funds'
  | 'pot_closed'
  | 'same_pot'
  | 'already_reserved'
  | 'nothing_reserved'
  | 'exceeds_commitment'
  | 'already_paid'
  | 'already_reversed'
  | 'not_reversible'
  | 'would_go_negative'
  | 'year_end_target_invalid'
  | 'run_not_found'
  | 'run_state'
  | 'nothing_to_pay'
  | 'second_approver_required'
  | 'payment_in_run';

/**
 * Everything the budget refuses. A reservation the pot cannot cover is not an
 * error: `reserve` answers `{ reserved: false, reason: 'insufficient_funds' }`.
 */
export class BudgetError extends DomainError<BudgetErrorCode> {
  readonly domain = 'budget';

  constructor(code: BudgetErrorCode, message: string, errors?: FieldProblem[]) {
    super(code, message, errors);
  }
}

/** A BudgetError naming one field. */
export function refuse(code: BudgetErrorCode, field: string, message: string, detail?: string): BudgetError {
  return new BudgetError(code, detail ?? `${field} ${message}`, [{ field, message }]);
}
