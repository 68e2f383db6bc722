/** The five roles. Staff roles run the programme; a provider user belongs to one training provider. */
export const ROLES = ['applicant', 'provider', 'reviewer', 'finance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES: readonly Role[] = ['reviewer', 'finance', 'admin'];

export function isStaff(role: Role): boolean {
  return STAFF_ROLES.includes(role);
}

/** Who is making a request, as the auth guard found them. */
export interface Principal {
  kind: 'session' | 'api_key';
  role: Role;
  /** The user (absent for an API key, which acts for its provider). */
  userId?: string;
  providerId?: string;
  sessionId?: string;
  apiKeyId?: string;
  /** Signed in, but must enrol two-factor authentication before anything else. */
  mfaSetupOnly?: boolean;
}

/** A principal plus where the request came from: what services record in the audit log. */
export interface Actor extends Principal {
  requestId?: string;
  ip?: string;
}

/** The actor for work no person asked for (CLI, demo data, scheduled jobs). */
export const SYSTEM_ACTOR: Actor = { kind: 'session', role: 'admin' };
