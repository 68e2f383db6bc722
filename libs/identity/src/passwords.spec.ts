import { hashPassword, passwordProblem, verifyPassword } from './passwords';

describe('password rule', () => {
  it.each([
    ['short', 'must be at least 12 characters'],
    ['x'.repeat(129), 'must be at most 128 characters'],
    ['qwerty123456', 'is too commonly used; choose a password others are unlikely to pick'],
    ['1q2w3e4r5t6y', 'is too commonly used; choose a password others are unlikely to pick'],
  ])('refuses %s', (password, message) => {
    expect(passwordProblem(password)).toEqual({ field: 'password', message });
  });

  it('refuses the person’s own email or name', () => {
    expect(passwordProblem('priya.shah@example.org', { email: 'priya.shah@example.org' })?.message).toBe('must not be your email address or name');
    expect(passwordProblem('Priya Shahvery', { fullName: 'Priya Shahvery' })?.message).toBe('must not be your email address or name');
  });

  it('accepts a long passphrase with no composition rules', () => {
    expect(passwordProblem('correct horse battery staple')).toBeNull();
    expect(passwordProblem('alllowercaseletters')).toBeNull();
  });

  it('counts characters, not bytes', () => {
    expect(passwordProblem('ééééééééééé')?.message).toBe('must be at least 12 characters');
  });
});

describe('argon2id hashing', () => {
  it('hashes with argon2id and verifies', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(stored).not.toContain('correct');
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'wrong horse battery staple')).toBe(false);
  });

  it('says no, without throwing, when there is no stored hash', async () => {
    expect(await verifyPassword(null, 'anything at all here')).toBe(false);
  });
});
