import type { PortalArea } from '../kit/navigation';

/** The programme team's pages: reviewers, finance and admins share them (each page says who may use it). */
export const STAFF_AREA: PortalArea = {
  role: ['reviewer', 'finance', 'admin'],
  start: '/portal/staff',
  navigation: [
    { href: '/portal/staff', text: 'Work waiting' },
    { href: '/portal/staff/applications', text: 'Applications' },
    { href: '/portal/staff/rounds', text: 'Rounds', roles: ['admin'] },
    { href: '/portal/staff/rule-sets', text: 'Rule sets', roles: ['admin'] },
    { href: '/portal/staff/qualifications', text: 'Qualifications', roles: ['admin'] },
  ],
  notFound: {
    hint: 'If you followed a link to an application, it may have been removed, or the link may be wrong.',
    href: '/portal/staff/applications',
    text: 'Go to the applications',
  },
};
