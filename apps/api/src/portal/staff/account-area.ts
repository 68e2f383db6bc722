import type { PortalArea } from '../kit/navigation';

/**
 * A signed-in person's own security settings (two-factor authentication),
 * for provider users and programme staff. No role of its own: the header
 * keeps the person's own area's navigation.
 */
export const ACCOUNT_AREA: PortalArea = {
  navigation: [],
  notFound: { hint: 'The page may have moved.', href: '/portal', text: 'Go to the portal home page' },
};
