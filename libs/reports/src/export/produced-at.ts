import { formatDateTime } from '@app/http';

/**
 * When an export was produced, in England's time and the NHS style:
 * "3 December 2026 at 12:42pm".
 */
export function producedAtText(at: Date): string {
  return formatDateTime(at);
}
