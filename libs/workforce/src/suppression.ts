/**
 * Statistical disclosure control: a figure about fewer than this many people
 * is never shown (pages, exports, API), so no one can be identified from a
 * small area or role.
 */
export const MIN_CELL_PEOPLE = 5;

/** True when a count of people is too small to show. */
export function suppressed(people: number): boolean {
  return people > 0 && people < MIN_CELL_PEOPLE;
}

/** What pages and exports print in place of a suppressed figure. */
export const SUPPRESSED_TEXT = 'fewer than 5';

/** The audit year before `label` ("2026-27" -> "2025-26"). */
export function previousAuditYear(label: string): string {
  const first = Number(label.slice(0, 4)) - 1;
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
}
