import { field, type FormBody } from './form-fields';
import type { FormState } from './form-state';

/**
 * Naming a new API key (the API's CreateApiKeyDto: 1 to 100 characters), for
 * an admin issuing one to a provider and a provider user creating their own.
 */
export function keyNameForm(body: FormBody): FormState<{ name: string }> {
  const values = { name: field(body, 'name') };
  const errors: FormState<typeof values>['errors'] = {};
  if (!values.name) errors.name = 'Enter a name for the key, like the system that will use it';
  else if (values.name.length > 100) errors.name = 'The key’s name must be 100 characters or fewer';
  return { values, errors };
}
