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

/** The role recorded beside an actor id: a person's role, a provider API key, or the system. */
export type ActorRole = Role | 'provider_api_key' | 'system';

/** Who did it, as every table that records an actor stores it (`actor_id`, `actor_role`). */
export interface ActorColumns {
  actorId: string | null;
  actorRole: ActorRole;
}

/**
 * The one rule for recording who did something: an API key is recorded by
 * its id as `provider_api_key` (whichever path it took, one report or a
 * batch); a person by their user id and role; anything else (no actor, or
 * work no person asked for, like SYSTEM_ACTOR) as `system` with no id.
 */
export function actorColumns(actor: Actor | null | undefined): ActorColumns {
  if (actor?.apiKeyId) return { actorId: actor.apiKeyId, actorRole: 'provider_api_key' };
  if (actor?.userId) return { actorId: actor.userId, actorRole: actor.role };
  return { actorId: null, actorRole: 'system' };
}
