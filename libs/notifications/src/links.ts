import type { Topic } from './topics';

/**
 * Where the links in emails lead: pages of the portal (apps/api/src/portal),
 * under PUBLIC_BASE_URL. test/email-links.e2e-spec.ts renders every template
 * and checks each link against the running application's routes, so a link
 * to a page that does not exist fails the build.
 */

/** The page each token-carrying topic links to (`?token=` is added to it). */
export const LINK_PATHS: Partial<Record<Topic, string>> = {
  'account.verify_email': '/portal/verify-email',
  'account.password_reset': '/portal/reset-password',
  'account.invitation': '/portal/accept-invitation',
};

/** Where a person turns reminders and digests off (the API is /api/v1/me/notification-preferences). */
export const PREFERENCES_PATH = '/portal/account/email-settings';

/** The full link a token-carrying message sends, or undefined for a topic without one. */
export function tokenLink(topic: Topic, baseUrl: string, token: string): string | undefined {
  const path = LINK_PATHS[topic];
  return path ? `${baseUrl}${path}?token=${encodeURIComponent(token)}` : undefined;
}

/** The email settings page, as a full link. */
export function preferencesUrl(baseUrl: string): string {
  return `${baseUrl}${PREFERENCES_PATH}`;
}
