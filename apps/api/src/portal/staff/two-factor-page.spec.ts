import { groupSecret, proofFromForm, refusalErrors, twoFactorSetupPage, twoFactorStatusPage } from './two-factor-page';

describe('the two-factor pages', () => {
  it('say whether it is on, and offer switching it off only where it is not required', () => {
    expect(twoFactorStatusPage({ enabled: true, required: true, setupRequired: false })).toMatchObject({ enabled: true, mayRemove: false });
    expect(twoFactorStatusPage({ enabled: true, required: false, setupRequired: false })).toMatchObject({ enabled: true, mayRemove: true });
    expect(twoFactorStatusPage({ enabled: false, required: false, setupRequired: true })).toMatchObject({ enabled: false, mayRemove: false, setupRequired: true });
    expect(twoFactorStatusPage({ enabled: true, required: false, setupRequired: false, done: 'on' }).banner).toMatch(/is on/);
    expect(twoFactorStatusPage({ enabled: false, required: false, setupRequired: false, done: 'nonsense' }).banner).toBeUndefined();
  });

  it('show the secret in groups of four, for typing', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXPJBSW')).toBe('JBSW Y3DP EHPK 3PXP JBSW');
    expect(twoFactorSetupPage({ secret: 'ABCDEFGH', qrDataUrl: 'data:image/svg+xml;base64,x', recoveryCodes: ['a'] })).toMatchObject({ secretGroups: 'ABCD EFGH', recoveryCodes: ['a'], errorList: [] });
  });

  it('read six digits as a code and anything else as a recovery code, naming each missing field', () => {
    expect(proofFromForm('pw', '123456')).toEqual({ values: { currentPassword: 'pw', otp: '123456' }, errors: {} });
    expect(proofFromForm('pw', 'abcd-efgh-jkmn').values).toEqual({ currentPassword: 'pw', recoveryCode: 'abcd-efgh-jkmn' });
    expect(Object.keys(proofFromForm('', '').errors).sort()).toEqual(['code', 'currentPassword']);
  });

  it('put each refusal beside its field, and leave others to the error page', () => {
    expect(refusalErrors('invalid_credentials')).toEqual({ currentPassword: 'Your current password is not right' });
    expect(refusalErrors('mfa_invalid', 'otp')).toHaveProperty('otp');
    expect(refusalErrors('rate_limited')).toBeUndefined();
  });
});
