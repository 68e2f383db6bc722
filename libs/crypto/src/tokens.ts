import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/** A random secret for a link or a bearer token: 256 bits, URL-safe. */
export function randomToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/**
 * Tokens are stored only as their SHA-256: they are 256-bit random values, so
 * a fast hash is enough (no guessing to slow down), and lookups stay indexed.
 */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * Encrypts small secrets that must be read back later (a TOTP secret; the
 * link token an email is waiting to carry), with AES-256-GCM under a key
 * derived from SESSION_SECRET. Stored values look like `v1.<iv>.<tag>.<data>`.
 * A `purpose` gives its own key, so a value sealed for one use (a cookie the
 * browser holds) cannot be opened as another (a stored secret).
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(sessionSecret: string, purpose = 'pmdp-secret-box') {
    this.key = Buffer.from(hkdfSync('sha256', sessionSecret, purpose, 'v1', 32));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('Not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }
}
