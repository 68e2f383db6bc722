import type { AppConfig } from '@app/config';
import { SESSION_COOKIE } from '@app/identity';
import { FORM_COOKIE, FORM_COOKIE_LIFETIME_SECONDS } from '../kit/form-tokens';
import { CHECKER_COOKIE, CHECKER_LIFETIME_SECONDS } from './eligibility-cookie';

/** One cookie the service sets, as the cookies page lists it. */
export interface CookieRow {
  name: string;
  purpose: string;
  expires: string;
}

function hours(n: number): string {
  return n === 1 ? '1 hour' : `${n} hours`;
}

function minutes(n: number): string {
  return n === 1 ? '1 minute' : `${n} minutes`;
}

/**
 * Every cookie the portal sets (kit/session-cookie.ts, kit/form-tokens.ts and
 * public/eligibility-cookie.ts are the only places that set one), with the
 * lifetimes this deployment is configured with. All are strictly necessary, so the page asks for no
 * consent; a new cookie must be added here, which the browser test checks
 * against what a browser is actually given.
 */
export function cookieRows(config: Pick<AppConfig, 'auth'>): CookieRow[] {
  return [
    {
      name: SESSION_COOKIE,
      purpose: 'Keeps you signed in as you move from page to page. It holds a random code, not your details.',
      expires: `When you sign out, after ${minutes(config.auth.sessionIdleMinutes)} without using the service, or ${hours(config.auth.sessionAbsoluteHours)} after you signed in, whichever comes first`,
    },
    {
      name: FORM_COOKIE,
      purpose: 'Checks that the sign-in, create an account and password reset forms you send were shown by this service, not another website.',
      expires: `After ${hours(FORM_COOKIE_LIFETIME_SECONDS / 3600)}`,
    },
    {
      name: CHECKER_COOKIE,
      purpose: 'Remembers your answers to "Check if you can get a bursary" as you go from question to question, so you can go back and change one. It is encrypted, only sent to the checker\'s pages, and nothing you answer is kept by the service.',
      expires: `${hours(CHECKER_LIFETIME_SECONDS / 3600)} after your last answer`,
    },
  ];
}

/** The programme team's contact details, from config/programme.yaml, with the phone number as a tel: link wants it. */
export function contactDetails(config: Pick<AppConfig, 'programme'>): { email: string; phone: string; phoneHref: string; hours: string } {
  const { email, phone, hours: open } = config.programme.contact;
  return { email, phone, phoneHref: `tel:${phone.replace(/\s/g, '')}`, hours: open };
}
