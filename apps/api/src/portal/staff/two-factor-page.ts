import { errorList, secondFactorOf } from '../kit/account-forms';

/** What the two-factor pages show, built from plain facts so it can be tested without a browser. */

export interface TwoFactorFacts {
  enabled: boolean;
  /** The programme requires it of this person (staff), so it cannot be switched off. */
  required: boolean;
  /** The session may reach nothing else until it is set up. */
  setupRequired: boolean;
  done?: string;
}

const BANNERS: Record<string, string> = {
  on: 'Two-factor authentication is on. Signing in now needs a code from your authenticator app.',
  off: 'Two-factor authentication is off. Signing in needs only your password.',
};

/** The status page: whether it is on, and what can be done from here. */
export function twoFactorStatusPage(facts: TwoFactorFacts, errors: Record<string, string> = {}) {
  return {
    title: 'Two-factor authentication',
    enabled: facts.enabled,
    mayRemove: facts.enabled && !facts.required,
    setupRequired: facts.setupRequired,
    banner: facts.done ? BANNERS[facts.done] : undefined,
    errors,
    errorList: errorList(errors),
  };
}

/** The page that asks before switching it off. */
export function removePage(errors: Record<string, string>) {
  return { title: 'Switch off two-factor authentication', errors, errorList: errorList(errors) };
}

/** The set-up page: the QR code, the secret to type instead, the recovery codes (shown this once) and the code field. */
export function twoFactorSetupPage(setup: { secret: string; qrDataUrl: string; recoveryCodes?: string[] }, errors: Record<string, string> = {}) {
  return {
    title: 'Set up two-factor authentication',
    secretGroups: groupSecret(setup.secret),
    qrDataUrl: setup.qrDataUrl,
    recoveryCodes: setup.recoveryCodes ?? [],
    errors,
    errorList: errorList(errors),
  };
}

/** A base32 secret in groups of four, as people type it into an authenticator app. */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').match(/.{1,4}/g)?.join(' ') ?? '';
}

/** What changing two-factor asks for, from the form: the current password and a code (or a recovery code). */
export function proofFromForm(password: string, code: string): { values: { currentPassword: string; otp?: string; recoveryCode?: string }; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (!password) errors.currentPassword = 'Enter your current password';
  if (!code) errors.code = 'Enter the 6-digit code from your authenticator app, or a recovery code';
  const values = { currentPassword: password, ...secondFactorOf(code) };
  return { values, errors };
}

/** The sentence beside the field for each refusal of the identity lib on these forms. */
export function refusalErrors(code: string, field: 'code' | 'otp' = 'code'): Record<string, string> | undefined {
  switch (code) {
    case 'invalid_credentials':
      return { currentPassword: 'Your current password is not right' };
    case 'mfa_invalid':
      return { [field]: 'That code is not right, or it has been used already. Try the newest code from your app' };
    case 'reauthentication_required':
      return { currentPassword: 'Enter your current password', code: 'Enter a code from your authenticator app, or a recovery code' };
    default:
      return undefined;
  }
}

