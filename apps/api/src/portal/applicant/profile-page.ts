import { places, type WorkforceFramework } from '@app/config';
import type { ProfileInput } from '@app/intake';
import type { FormError } from '../kit/pages';
import { PROFILE_SECTIONS, profileAnswerRows, profileSectionStatus, sectionTitle, STATUS_DISPLAY, type ProfileSection } from './application-tasks';
import { profileFieldId, type ProfileValues } from './profile-form';

/**
 * What the profile form needs (its values, its errors, the framework's codes
 * by name), for the profile's section pages and the task list's.
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

/** A section page's address, carrying `next` (a safeNext path, so nothing to escape) so saving it can go back there. */
export function profileSectionPath(section: ProfileSection, next?: string): string {
  return `/portal/profile/${section}${next ? `?next=${next}` : ''}`;
}

/**
 * "Your profile": each section's answers in words with a link to change it,
 * or, for a section not started, its status and a link to start it. The
 * answers are the saved profile or, before it is whole, the sections saved
 * so far (ProfileService.answers).
 */
export function profileSummaryPage(answers: Partial<ProfileInput>, w: Pick<WorkforceFramework, 'regions' | 'currentRoles' | 'competencies' | 'ratings'>, state: { next?: string; banner?: string } = {}) {
  const rows = profileAnswerRows(answers, w);
  const competencies = w.competencies.map((c) => c.code);
  const sections = (Object.keys(PROFILE_SECTIONS) as ProfileSection[]).map((slug) => {
    const status = profileSectionStatus(slug, answers, competencies);
    return { slug, title: sectionTitle(slug), status, statusText: STATUS_DISPLAY[status].text, href: profileSectionPath(slug, state.next), rows: status === 'not_started' ? [] : rows[slug] };
  });
  return {
    title: 'Your profile',
    sections,
    complete: sections.every((s) => s.status === 'completed'),
    next: state.next,
    banner: state.banner,
  };
}

/** One section of the profile on its own page: its questions, filled in from the answers so far or as typed when refused. */
export function profileSectionPage(section: ProfileSection, w: WorkforceFramework, values: ProfileValues, errors: Record<string, string>, next?: string) {
  return {
    title: sectionTitle(section),
    section,
    action: `/portal/profile/${section}`,
    back: next ?? '/portal/profile',
    next,
    ...profileFormPage(w, values, errors),
  };
}
