import type { FieldProblem } from '@app/http';
import { PLACED_LEARNER_EMAILS, type PlacedLearnerEmails } from '@app/notifications';
import { field, rawField, type FormBody } from './form-fields';
import type { FormError } from './pages';
import { summaryOf } from './form-state';

/**
 * An emailed link's token as the page receives it: 256 random bits in
 * base64url (43 characters). Anything else is not one of ours, so the page
 * says the link is broken without asking the database.
 */
const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

/** The token from a query string or a form, or '' when there is none or it cannot be one. */
export function linkToken(value: unknown): string {
  return typeof value === 'string' && TOKEN.test(value.trim()) ? value.trim() : '';
}

/** The new-password form: the password and the same again. Passwords are kept as typed (spaces count). */
export interface PasswordFormValues {
  password: string;
  confirmPassword: string;
}

export function passwordFormValues(body: FormBody): PasswordFormValues {
  return { password: rawField(body, 'password'), confirmPassword: rawField(body, 'confirmPassword') };
}

/** Where each field's error links to (the input's id). */
const FIELD_IDS: Record<string, string> = { password: 'password', confirmPassword: 'confirm-password', email: 'email' };

/**
 * What the page checks before asking the service: both boxes filled in, and
 * the same. The rule for the password itself (length, common passwords, not
 * the person's name) is the service's, so the page never duplicates it.
 * `first`: choosing the account's first password (registering), not a new one.
 */
export function passwordFormErrors(values: PasswordFormValues, first = false): Record<string, string> {
  const errors: Record<string, string> = {};
  const which = first ? 'a' : 'a new';
  if (!values.password) errors.password = `Enter ${which} password`;
  if (!values.confirmPassword) errors.confirmPassword = first ? 'Enter the password again' : 'Enter the new password again';
  else if (values.password && values.password !== values.confirmPassword) errors.confirmPassword = 'The passwords do not match. Type the same password in both boxes';
  return errors;
}

/** The service's password problem (passwordProblem in @app/identity) in the words of an NHS error message. */
export function passwordProblemText(problem: FieldProblem | undefined): string {
  const message = problem?.message ?? '';
  const least = /at least (\d+) characters/.exec(message);
  if (least) return `Your password must be ${least[1]} characters or more`;
  const most = /at most (\d+) characters/.exec(message);
  if (most) return `Your password must be ${most[1]} characters or fewer`;
  if (/commonly used/.test(message)) return 'Your password is too commonly used. Choose one other people are unlikely to pick, like three or four unrelated words';
  if (/email address or name/.test(message)) return 'Your password must not be your email address or your name';
  return message ? `Your password ${message}` : 'Choose a different password';
}

/** An email address as typed, trimmed, or the error to show beside it. Anything with an @ between two parts goes to the service. */
export function emailField(body: FormBody): { email: string; error?: string } {
  const email = field(body, 'email');
  if (!email) return { email, error: 'Enter your email address' };
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(email)) return { email, error: 'Enter an email address in the correct format, like name@example.com' };
  return { email };
}

/** The error summary's list for field errors, in the order the fields appear. */
export function errorList(errors: Record<string, string>): FormError[] {
  return summaryOf(errors, FIELD_IDS);
}

/** The email settings form: each checkbox ticked is a kind of email the person wants. */
export function emailSettings(body: FormBody): { reminders: boolean; digests: boolean; skillsAuditInvitations: boolean } {
  const ticked = [body?.emails].flat().filter((v): v is string => typeof v === 'string');
  return { reminders: ticked.includes('reminders'), digests: ticked.includes('digests'), skillsAuditInvitations: ticked.includes('skillsAuditInvitations') };
}

/** The provider user's choice of emails about newly placed learners; undefined (left as it was) for anything but the two choices. */
export function placedLearnerEmailsOf(body: FormBody): PlacedLearnerEmails | undefined {
  const value = body?.placedLearners;
  return typeof value === 'string' && (PLACED_LEARNER_EMAILS as readonly string[]).includes(value) ? (value as PlacedLearnerEmails) : undefined;
}

/**
 * Where to go after signing in, when a page asked for it (a signed-out person
 * following an emailed link to their application): a portal path only, with
 * no host, query or empty segment, so it can never send anyone off the site.
 */
export function safeNext(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 200) return undefined;
  return /^\/portal(\/[A-Za-z0-9_-]+)+$/.test(value) && !/^\/portal\/sign-(in|out)$/.test(value) ? value : undefined;
}

/** What a person typed in a security-code field: six digits are a code from their app, anything else one of their recovery codes. */
export function secondFactorOf(code: string): { otp?: string; recoveryCode?: string } {
  if (!code) return {};
  return /^\d{6}$/.test(code) ? { otp: code } : { recoveryCode: code };
}
