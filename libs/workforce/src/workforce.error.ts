import { DomainError } from '@app/http';

export type WorkforceErrorCode = 'invalid_skills_audit';

/** What the workforce lib refuses; apps/api maps each code to an HTTP status once. */
export class WorkforceError extends DomainError<WorkforceErrorCode> {
  readonly domain = 'workforce';
}
