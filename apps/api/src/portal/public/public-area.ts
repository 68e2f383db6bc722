import type { PortalArea } from '../kit/navigation';

/** The pages anyone may open: signing in, emailed links, registering, the eligibility checker, the open rounds. No navigation of their own. */
export const PUBLIC_AREA: PortalArea = { navigation: [] };
