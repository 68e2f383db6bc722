export { DomainError } from './domain-error';
export { clientError, PROBLEM_CONTENT_TYPE, problemType } from './problem';
export type { FieldProblem, ProblemDetails, RowProblemDetail } from './problem';
export { assignRequestId, REQUEST_ID_HEADER, requestIdOf } from './request-id';
export { createValidationPipe, flattenValidationErrors, RequestValidationError } from './validation';
export { isUuid } from './ids';
export { ParseIdPipe } from './parse-id.pipe';
export { queryInt, trimmed } from './transforms';
export { inputShapeProblems, MAX_BODY_DEPTH } from './input-shape';
