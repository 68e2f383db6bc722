import { places, type WorkforceFramework } from '@app/config';
import type { FormError } from '../kit/pages';
import { profileFieldId, type ProfileValues } from './profile-form';

/**
 * What the profile form needs (its values, its errors, the framework's codes
 * by name), for the applicant's profile page.
 */
export function profileFormPage(w: Pick<WorkforceFramework, 'regions' | 'outsideEngland' | 'currentRoles' | 'competencies' | 'ratings'>, values: ProfileValues, errors: Record<string, string>) {
  return {
    values,
    errors,
    errorList: Object.entries(errors).map(([name, text]): FormError => ({ href: `#${profileFieldId(name)}`, text })),
    regions: places(w),
    roles: w.currentRoles,
    competencies: w.competencies,
    ratings: Object.entries(w.ratings)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([value, text]) => ({ value, text: `${value}: ${text}` })),
  };
}
