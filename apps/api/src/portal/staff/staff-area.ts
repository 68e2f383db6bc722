import type { PortalArea } from '../kit/navigation';

/** The programme team's pages: reviewers, finance and admins share them (each page says who may use it). */
export const STAFF_AREA: PortalArea = {
  role: ['reviewer', 'finance', 'admin'],
  start: '/portal/staff',
  navigation: [
    { href: '/portal/staff', text: 'Work waiting' },
    { href: '/portal/staff/applications', text: 'Applications' },
    { href: '/portal/staff/appeals', text: 'Appeals' },
    { href: '/portal/staff/assignment', text: 'Assignment' },
    { href: '/portal/staff/learners', text: 'Learners', roles: ['reviewer', 'admin'] },
    { href: '/portal/staff/cohorts', text: 'Cohorts', roles: ['admin'] },
    { href: '/portal/staff/placement', text: 'Placement', roles: ['admin'] },
    { href: '/portal/staff/providers', text: 'Providers', roles: ['admin'] },
    { href: '/portal/staff/people', text: 'Staff', roles: ['admin'] },
    { href: '/portal/staff/audit', text: 'Audit log', roles: ['admin'] },
    { href: '/portal/staff/deliveries', text: 'Delivery log', roles: ['admin'] },
    { href: '/portal/staff/conflicts', text: 'Conflicts of interest' },
    { href: '/portal/staff/rounds', text: 'Rounds', roles: ['admin'] },
    { href: '/portal/staff/rule-sets', text: 'Rule sets', roles: ['admin'] },
    { href: '/portal/staff/qualifications', text: 'Qualifications', roles: ['admin'] },
    { href: '/portal/staff/finance', text: 'Finance', roles: ['finance', 'admin'] },
    { href: '/portal/staff/reports', text: 'Reports' },
  ],
  notFound: {
    hint: 'If you followed a link to an application, it may have been removed, or the link may be wrong.',
    href: '/portal/staff/applications',
    text: 'Go to the applications',
  },
};
