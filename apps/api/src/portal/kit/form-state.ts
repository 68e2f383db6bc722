import type { FormError } from './pages';

/** A form as typed, and its problems by field (the field's name is its input's id). */
export interface FormState<V extends Record<string, string>> {
  values: V;
  errors: Partial<Record<keyof V, string>>;
}

/**
 * The error summary's list for a form's errors, in the order of the fields,
 * each linked to its input: the field's name, or its id in `ids` where the
 * two differ (confirmPassword is #confirm-password).
 */
export function summaryOf(errors: Record<string, string | undefined>, ids: Record<string, string> = {}): FormError[] {
  return Object.entries(errors)
    .filter((e): e is [string, string] => !!e[1])
    .map(([name, text]) => ({ href: `#${ids[name] ?? name}`, text }));
}
