import type { WorkforceFramework } from '@app/config';
import type { Actor } from '@app/identity';
import { IntakeError, type ProfileField, type ProfileService } from '@app/intake';
import type { FormBody } from '../kit/form-fields';
import { allProfileErrors, profileAnswers, profileProblemText, profileValues, type ProfileValues } from './profile-form';

/** A profile section refused: what was typed, and every problem by field. */
export interface RefusedProfileSection {
  profile: ProfileValues;
  errors: Record<string, string>;
}

/**
 * Parses, judges and saves one section of the profile (ProfileService.saveSection),
 * for the task list's profile sections and the profile's own section pages
 * alike, so both ask and judge the same way: the form's own parsing and
 * ProfileService.check together, every problem at once. Nothing comes back
 * when it saved.
 */
export async function saveProfileSection(profiles: ProfileService, actor: Actor, w: WorkforceFramework, fields: readonly ProfileField[], body: FormBody): Promise<RefusedProfileSection | undefined> {
  const profile = profileValues(body, w);
  const { answers, errors: formErrors } = profileAnswers(profile, w, fields);
  const errors = allProfileErrors(formErrors, profiles.check(answers, undefined, fields));
  if (Object.keys(errors).length) return { profile, errors };
  try {
    await profiles.saveSection(actor, answers, fields);
  } catch (err) {
    // A rule the whole saved profile no longer meets is only found inside the transaction.
    if (!(err instanceof IntakeError) || err.code !== 'invalid_profile') throw err;
    return { profile, errors: profileProblemText(err.errors ?? []) };
  }
  return undefined;
}
