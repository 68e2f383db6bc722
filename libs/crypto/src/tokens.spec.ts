import { hashToken, randomToken, SecretBox } from './tokens';

describe('tokens', () => {
  it('are 256-bit, URL-safe and different each time', () => {
    const a = randomToken('pmdp_');
    expect(a).toMatch(/^pmdp_[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(randomToken());
  });

  it('hash to 32 bytes, the same for the same token', () => {
    expect(hashToken('x')).toHaveLength(32);
    expect(hashToken('x').equals(hashToken('x'))).toBe(true);
  });
});

describe('SecretBox', () => {
  const box = new SecretBox('a'.repeat(40));

  it('round-trips and never shows the plain text', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses a value sealed under another secret or tampered with', () => {
    const sealed = box.seal('secret');
    expect(() => new SecretBox('b'.repeat(40)).open(sealed)).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('other').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
  });
});
