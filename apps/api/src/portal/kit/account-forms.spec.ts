import { emailField, emailSettings, errorList, linkToken, passwordFormErrors, passwordFormValues, passwordProblemText, placedLearnerEmailsOf, safeNext, secondFactorOf } from './account-forms';

describe('account forms', () => {
  it('take a token that could be one of ours, and nothing else', () => {
    const token = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5';
    expect(linkToken(token)).toBe(token);
    expect(linkToken(` ${token} `)).toBe(token);
    expect(linkToken(undefined)).toBe('');
    expect(linkToken('')).toBe('');
    expect(linkToken('short')).toBe('');
    expect(linkToken(`${token}<script>`)).toBe('');
    expect(linkToken([token, token])).toBe('');
  });

  it('keep passwords as typed, spaces and all', () => {
    expect(passwordFormValues({ password: ' a b ', confirmPassword: ' a b ' })).toEqual({ password: ' a b ', confirmPassword: ' a b ' });
    expect(passwordFormValues(undefined)).toEqual({ password: '', confirmPassword: '' });
  });

  it('check both boxes are filled in and match, leaving the password rule to the service', () => {
    expect(passwordFormErrors({ password: '', confirmPassword: '' })).toEqual({ password: 'Enter a new password', confirmPassword: 'Enter the new password again' });
    expect(passwordFormErrors({ password: 'short', confirmPassword: 'short' })).toEqual({});
    expect(passwordFormErrors({ password: 'one long passphrase', confirmPassword: 'one long passphrasE' })).toEqual({
      confirmPassword: 'The passwords do not match. Type the same password in both boxes',
    });
  });

  it('word the service’s password problems as NHS error messages', () => {
    expect(passwordProblemText({ field: 'password', message: 'must be at least 12 characters' })).toBe('Your password must be 12 characters or more');
    expect(passwordProblemText({ field: 'password', message: 'must be at most 128 characters' })).toBe('Your password must be 128 characters or fewer');
    expect(passwordProblemText({ field: 'password', message: 'is too commonly used; choose a password others are unlikely to pick' })).toMatch(/^Your password is too commonly used/);
    expect(passwordProblemText({ field: 'password', message: 'must not be your email address or name' })).toBe('Your password must not be your email address or your name');
    expect(passwordProblemText({ field: 'password', message: 'is something new' })).toBe('Your password is something new');
    expect(passwordProblemText(undefined)).toBe('Choose a different password');
  });

  it('ask for an email address in the right shape', () => {
    expect(emailField({ email: ' pat@example.org ' })).toEqual({ email: 'pat@example.org' });
    expect(emailField({})).toEqual({ email: '', error: 'Enter your email address' });
    expect(emailField({ email: 'pat' }).error).toMatch(/correct format/);
    expect(emailField({ email: 'pat @example.org' }).error).toMatch(/correct format/);
  });

  it('link each error to its field', () => {
    expect(errorList({ password: 'a', confirmPassword: 'b', email: 'c' })).toEqual([
      { href: '#password', text: 'a' },
      { href: '#confirm-password', text: 'b' },
      { href: '#email', text: 'c' },
    ]);
  });

  it('read the email settings: a box left unticked is off', () => {
    expect(emailSettings({ emails: ['reminders', 'digests'] })).toEqual({ reminders: true, digests: true, skillsAuditInvitations: false });
    expect(emailSettings({ emails: 'digests' })).toEqual({ reminders: false, digests: true, skillsAuditInvitations: false });
    expect(emailSettings({ emails: 'skillsAuditInvitations' })).toEqual({ reminders: false, digests: false, skillsAuditInvitations: true });
    expect(emailSettings({})).toEqual({ reminders: false, digests: false, skillsAuditInvitations: false });
    expect(emailSettings(undefined)).toEqual({ reminders: false, digests: false, skillsAuditInvitations: false });
  });

  it("take a provider user's choice of emails about new learners, or leave it as it was", () => {
    expect(placedLearnerEmailsOf({ placedLearners: 'each' })).toBe('each');
    expect(placedLearnerEmailsOf({ placedLearners: 'daily' })).toBe('daily');
    for (const body of [{}, undefined, { placedLearners: 'weekly' }, { placedLearners: ['daily', 'each'] }, { placedLearners: '' }]) expect(placedLearnerEmailsOf(body)).toBeUndefined();
  });

  it('come back after sign-in only to a portal page', () => {
    expect(safeNext('/portal/applications/0b7f3f7e-6a43-4d3e-9d1c-0e0f7c3c7a11')).toBe('/portal/applications/0b7f3f7e-6a43-4d3e-9d1c-0e0f7c3c7a11');
    expect(safeNext('/portal/account/email-settings')).toBe('/portal/account/email-settings');
    for (const bad of ['//evil.example/portal', 'https://evil.example/portal/x', '/portal//evil.example', '/portal/../api', '/portal/x?y=1', '/api/v1/me', '/portal', '/portal/sign-in', '/portal/sign-out', '/portal/a\\b', 42, undefined]) {
      expect(safeNext(bad)).toBeUndefined();
    }
  });

  it('reads a security-code field as a code from the app or a recovery code', () => {
    expect(secondFactorOf('123456')).toEqual({ otp: '123456' });
    expect(secondFactorOf('abcd-efgh-jkmn')).toEqual({ recoveryCode: 'abcd-efgh-jkmn' });
    expect(secondFactorOf('')).toEqual({});
  });
});
