import type { FieldProblem, RowProblemDetail } from './problem';

/**
 * The base of every lib's typed error. A lib declares its own subclass with a
 * code union (for example `BudgetError` with `'insufficient_funds' | ...`);
 * the API's one exception filter maps each code to an HTTP status with an
 * exhaustive switch, so HTTP is decided in one place.
 */
export abstract class DomainError<Code extends string = string> extends Error {
  abstract readonly domain: string;

  constructor(
    readonly code: Code,
    message: string,
    readonly errors?: FieldProblem[],
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** Bulk uploads report problems by row and column instead of by field. */
  readonly rowErrors?: RowProblemDetail[];
}
