import { generateSecret, generateURI, verify } from 'otplib';

/** TOTP (RFC 6238, 30-second steps, 6 digits) as authenticator apps expect. */
export const Totp = {
  newSecret(): string {
    return generateSecret();
  },

  uri(secret: string, label: string, issuer: string): string {
    return generateURI({ secret, label, issuer });
  },

  /** Accepts the current code and one step either side, for clock drift. */
  async check(secret: string, token: string): Promise<boolean> {
    if (!/^\d{6}$/.test(token)) return false;
    try {
      const result = await verify({ secret, token, epochTolerance: 30 });
      return result.valid;
    } catch {
      return false;
    }
  },
};
