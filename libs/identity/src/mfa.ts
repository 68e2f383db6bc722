import { generateSecret, generateURI, verify } from 'otplib';
import { randomBytes } from 'node:crypto';

/** TOTP (RFC 6238, 30-second steps, 6 digits) as authenticator apps expect. */
export const Totp = {
  newSecret(): string {
    return generateSecret();
  },

  uri(secret: string, label: string, issuer: string): string {
    return generateURI({ secret, label, issuer });
  },

  /**
   * The time step a code matches (the current one or one either side, for
   * clock drift), or null. `afterStep` is the last step already used for the
   * account: a code from it or earlier is refused, so a code works once.
   */
  async check(secret: string, token: string, afterStep?: number | null): Promise<number | null> {
    if (!/^\d{6}$/.test(token)) return null;
    try {
      const result = await verify({ secret, token, epochTolerance: 30, ...(afterStep != null ? { afterTimeStep: afterStep } : {}) });
      // TOTP's result carries the matched time step (the type is shared with HOTP's, which has none).
      return result.valid ? (result as { timeStep: number }).timeStep : null;
    } catch {
      return null;
    }
  },
};

/** Ten single-use recovery codes, for signing in (and re-enrolling) when the phone is lost: 'abcd-efgh-ijkl'. */
export function newRecoveryCodes(count = 10): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

/** Recovery codes are compared as typed, ignoring case, spaces and dashes. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}
