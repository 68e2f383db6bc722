import type { PortalArea } from '../kit/navigation';

/** An applicant's pages: their applications, profile and email settings. */
export const APPLICANT_AREA: PortalArea = {
  role: 'applicant',
  start: '/portal/applications',
  navigation: [
    { href: '/portal/applications', text: 'Your applications' },
    { href: '/portal/rounds', text: 'Apply for a bursary' },
    { href: '/portal/profile', text: 'Your profile' },
    { href: '/portal/skills-audit/history', text: 'Your skills audit' },
  ],
  notFound: {
    hint: 'If you followed a link to an application, it may belong to another account. Sign out, then sign in with the email address you applied with.',
    href: '/portal/applications',
    text: 'Go to your applications',
  },
};
