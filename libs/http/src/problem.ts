/** One problem with one input field: `field` is a dotted path such as `skills.finance` or `rows.3.date`. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** One problem in one row of a bulk upload: row 1 is the first report (0 is the header). */
export interface RowProblemDetail {
  row: number;
  column: string;
  message: string;
}

/**
 * An RFC 9457 problem details body, as every error leaves the API
 * (`application/problem+json`). Extension members may be added.
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldProblem[] | RowProblemDetail[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem type URIs are relative references under /problems, documented in docs/problems.md. */
export function problemType(slug: string): string {
  return `/problems/${slug}`;
}

/**
 * A 4xx error raised before a handler runs (a body the route cannot read):
 * Fastify's own errors have this shape, and the problem filter answers each
 * with its status and message.
 */
export function clientError(statusCode: number, message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode });
}
