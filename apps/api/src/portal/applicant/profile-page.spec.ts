import { profileSectionPage, profileSummaryPage } from './profile-page';
import { profileToValues } from './profile-form';

const w = {
  regions: [{ code: 'london', name: 'London' }],
  outsideEngland: [],
  currentRoles: [{ code: 'practice_manager', name: 'Practice manager' }],
  competencies: [
    { code: 'finance', name: 'Finance' },
    { code: 'it_data', name: 'IT and data' },
  ],
  ratings: { 1: 'New to it', 2: 'Some experience' },
} as never;

describe('the profile summary', () => {
  it('shows every section not started, each linked to its page, and carries next to them', () => {
    const page = profileSummaryPage({}, w, { next: '/portal/rounds' });
    expect(page.complete).toBe(false);
    expect(page.sections.map((s) => [s.slug, s.status, s.href, s.rows.length])).toEqual([
      ['about-you', 'not_started', '/portal/profile/about-you?next=/portal/rounds', 0],
      ['role', 'not_started', '/portal/profile/role?next=/portal/rounds', 0],
      ['skills', 'not_started', '/portal/profile/skills?next=/portal/rounds', 0],
    ]);
  });

  it('puts the answers in words: the date written out, the phone grouped, codes by name; missing ones named as not answered', () => {
    const page = profileSummaryPage({ fullName: 'Sam', phone: '02079460000', dateOfBirth: '1988-04-23', currentRole: 'practice_manager', region: 'london', yearsInRole: 0, skills: { finance: 2 } }, w);
    const [about, role, skills] = page.sections;
    expect(about.status).toBe('in_progress');
    expect(about.href).toBe('/portal/profile/about-you');
    expect(about.rows.map((r) => r.value.text).slice(0, 3)).toEqual(['Sam', '020 7946 0000', '23 April 1988']);
    expect(about.rows.every((r) => !r.actions)).toBe(true);
    expect(role.status).toBe('completed');
    expect(role.rows.map((r) => r.value.text)).toEqual(['Practice manager', '0', 'Not given', 'London']);
    expect(skills.status).toBe('in_progress');
    expect(skills.rows.map((r) => r.value.text)).toEqual(['2: Some experience', 'Not answered']);
    expect(page.complete).toBe(false);
  });
});

describe('a profile section page', () => {
  it('posts to its own path, back to next or the summary, with error links to the first input of each field', () => {
    const page = profileSectionPage('about-you', w, profileToValues({}), { dateOfBirth: 'Enter your date of birth' }, '/portal/applications');
    expect(page).toMatchObject({ title: 'About you', action: '/portal/profile/about-you', back: '/portal/applications', next: '/portal/applications' });
    expect(page.errorList).toEqual([{ href: '#dateOfBirth-day', text: 'Enter your date of birth' }]);
    expect(profileSectionPage('skills', w, profileToValues({}), {}).back).toBe('/portal/profile');
  });
});
