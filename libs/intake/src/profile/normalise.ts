/** UK postcode: outward code (area letters, district) and inward code (digit, two letters). */
export const POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$/;

/** A GP practice ODS code: one letter and five digits, for example A81001. */
export const ODS_CODE = /^[A-Z][0-9]{5}$/;

/** "sw1a1aa" -> "SW1A 1AA"; null when it is not a postcode. */
export function normalisePostcode(raw: string): string | null {
  const match = POSTCODE.exec(raw.toUpperCase().replace(/\s+/g, ' ').trim());
  return match ? `${match[1]} ${match[2]}` : null;
}

/**
 * Postcode areas outside England: Scotland, Wales, Northern Ireland and the
 * Crown dependencies. Border areas (CH, SY, TD, LD…) are counted by where
 * most of the area lies; a person whose postcode says otherwise can still
 * qualify by working in England.
 */
const OUTSIDE_ENGLAND = new Set([
  'AB', 'DD', 'DG', 'EH', 'FK', 'G', 'HS', 'IV', 'KA', 'KW', 'KY', 'ML', 'PA', 'PH', 'TD', 'ZE',
  'CF', 'LD', 'LL', 'NP', 'SA',
  'BT',
  'IM', 'JE', 'GY',
]);

export function postcodeInEngland(postcode: string): boolean {
  const area = /^[A-Z]+/.exec(postcode)?.[0] ?? '';
  return !OUTSIDE_ENGLAND.has(area);
}

/** English GP practice codes; Welsh practices' codes start with W. */
export function odsCodeInEngland(code: string | null | undefined): boolean {
  return !!code && ODS_CODE.test(code) && !code.startsWith('W');
}

/** For spotting the same person twice: lower-case, no +tag, and no dots for Gmail. */
export function normaliseEmail(email: string): string {
  const [local, domain] = email.trim().toLowerCase().split('@');
  let user = (local ?? '').split('+')[0];
  if (domain === 'gmail.com' || domain === 'googlemail.com') user = user.replace(/\./g, '');
  return `${user}@${domain === 'googlemail.com' ? 'gmail.com' : domain}`;
}

/** Whole years between a date of birth (YYYY-MM-DD) and `on`. */
export function ageOn(dateOfBirth: string, on: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number);
  let age = on.getUTCFullYear() - y;
  if (on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d)) age -= 1;
  return age;
}

/** A UK phone number in national format, digits only: 0 then 9 or 10 digits (landlines, 03 and 07 mobiles alike). */
export const UK_PHONE = /^0[1-9][0-9]{8,9}$/;

/**
 * "+44 (0)7700 900-123" -> "07700900123"; null when it is not a UK number.
 * Spaces, hyphens and brackets are how people write numbers, not part of them;
 * an international +44 (or 0044) prefix becomes the national 0.
 */
export function normalisePhone(raw: string): string | null {
  const compact = raw.replace(/[\s\-().]/g, '').replace(/^(?:\+44|0044)0?/, '0');
  return UK_PHONE.test(compact) ? compact : null;
}
