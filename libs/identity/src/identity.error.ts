import { DomainError, type FieldProblem } from '@app/http';

export type IdentityErrorCode =
  | 'invalid_credentials'
  | 'mfa_required'
  | 'mfa_invalid'
  | 'mfa_setup_required'
  | 'mfa_not_enabled'
  | 'mfa_required_for_role'
  | 'reauthentication_required'
  | 'rate_limited'
  | 'email_taken'
  | 'weak_password'
  | 'token_invalid'
  | 'user_not_found'
  | 'api_key_not_found'
  | 'role_not_allowed'
  | 'last_admin'
  | 'forbidden';

/** Everything the identity lib refuses. The API maps each code to a status in one place. */
export class IdentityError extends DomainError<IdentityErrorCode> {
  readonly domain = 'identity';

  constructor(
    code: IdentityErrorCode,
    message: string,
    errors?: FieldProblem[],
    /** For rate_limited: seconds until the caller may try again (sent as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(code, message, errors);
  }
}
