import { emailField, passwordFormErrors, passwordFormValues } from '../kit/account-forms';
import { field, type FormBody } from '../kit/form-fields';

export interface RegisterValues {
  fullName: string;
  email: string;
  password: string;
  confirmPassword: string;
}

export function registerValues(body: FormBody): RegisterValues {
  return { fullName: field(body, 'fullName'), email: field(body, 'email'), ...passwordFormValues(body) };
}

/**
 * What the page checks before asking the service (as RegisterDto would):
 * a name, an email address, both password boxes filled in and the same. The
 * password rule itself is the service's.
 */
export function registerErrors(values: RegisterValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!values.fullName) errors.fullName = 'Enter your full name';
  else if (values.fullName.length > 200) errors.fullName = 'Your full name must be 200 characters or fewer';
  const email = emailField({ email: values.email });
  if (email.error) errors.email = email.error;
  return { ...errors, ...passwordFormErrors(values, true) };
}
