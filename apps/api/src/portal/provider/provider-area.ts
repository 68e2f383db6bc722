import type { PortalArea } from '../kit/navigation';

/** A training provider's pages: learners and their reports, uploads, statements, API keys, their account. */
export const PROVIDER_AREA: PortalArea = {
  role: 'provider',
  start: '/portal/provider/learners',
  navigation: [
    { href: '/portal/provider/learners', text: 'Learners' },
    { href: '/portal/provider/reports/upload', text: 'Upload reports' },
    { href: '/portal/provider/statements', text: 'Payment statements' },
    { href: '/portal/provider/api-keys', text: 'API keys' },
    { href: '/portal/provider/account', text: 'Your account' },
  ],
  notFound: {
    hint: 'If you followed a link to a learner, they may belong to another training provider.',
    href: '/portal/provider/learners',
    text: 'Go to your learners',
  },
};
