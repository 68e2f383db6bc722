import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import type { FieldProblem } from '@app/http';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

let common: Set<string> | undefined;
/** About 49,000 commonly used passwords (the zxcvbn-ts list), loaded on first use. */
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common;
}

/**
 * The programme's password rule, after NCSC and NIST guidance: 12 to 128
 * characters, not a commonly used password and not the person's own email or
 * name, with no composition rules. Returns the problem, or null if acceptable.
 */
export function passwordProblem(password: string, person: { email?: string; fullName?: string } = {}, field = 'password'): FieldProblem | null {
  const chars = [...password].length;
  if (chars < PASSWORD_MIN) return { field, message: `must be at least ${PASSWORD_MIN} characters` };
  if (chars > PASSWORD_MAX) return { field, message: `must be at most ${PASSWORD_MAX} characters` };
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return { field, message: 'is too commonly used; choose a password others are unlikely to pick' };
  const own = [person.email, person.email?.split('@')[0], person.fullName?.replace(/\s+/g, '')]
    .filter((s): s is string => !!s && s.length >= 4)
    .map((s) => s.toLowerCase());
  if (own.some((s) => lower.replace(/\s+/g, '') === s)) return { field, message: 'must not be your email address or name' };
  return null;
}

/** argon2id with the library's defaults (19 MiB, 2 passes): OWASP's recommended minimum. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** A hash of a random password: verifying against it costs the same as a real one, so unknown emails take as long. */
const DECOY = hashPassword('decoy-password-for-timing-' + Math.random());

export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  try {
    return await verify(stored ?? (await DECOY), password);
  } catch {
    return false;
  }
}
