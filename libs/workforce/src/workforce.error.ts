import { DomainError, type FieldProblem } from '@app/http';

export type WorkforceErrorCode = 'invalid_skills_audit' | 'file_invalid' | 'too_many_rows' | 'plan_invalid' | 'plan_version_not_found' | 'counts_invalid';

/** Everything the workforce lib refuses. */
export class WorkforceError extends DomainError<WorkforceErrorCode> {
  readonly domain = 'workforce';

  constructor(
    code: WorkforceErrorCode,
    message: string,
    errors?: FieldProblem[],
    /** For a file: each problem with its line in the file (1 = the first line) and the field. */
    override readonly rowErrors?: LineProblem[],
  ) {
    super(code, message, errors);
  }
}

/** A problem in an uploaded file: its line (1 = the file's first line, header or not), the field and what is wrong. */
export interface LineProblem {
  row: number;
  column: string;
  message: string;
}

/** "line 7: Organisation Code must be like A81001". */
export function describeLineProblem(p: LineProblem): string {
  return `${p.row === 0 ? 'the file' : `line ${p.row}`}: ${p.column === '*' ? '' : `${p.column} `}${p.message}`;
}
