import { isUuid } from '@app/http';
import type { ApplicationStatus } from '@app/intake';
import { STATUSES } from '@app/intake';

/** The review pages' state, from plain facts: the queue's filters and paging, the work-waiting counts, an application's rows. */

/** Every status as the programme team reads it (a new status without words does not compile). */
export const STAFF_STATUS_WORDS: Record<ApplicationStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  ineligible: 'Not eligible',
  referred: 'Referred for a check',
  under_review: 'To review',
  offered: 'Offered',
  waitlisted: 'Waiting list',
  rejected: 'Rejected',
  accepted: 'Accepted, waiting for a course',
  declined: 'Offer declined',
  expired: 'Offer expired',
  withdrawn: 'Withdrawn',
  enrolled: 'On a course',
  completed: 'Completed',
  appealed: 'Appealed',
};

export interface QueueFilters {
  status?: ApplicationStatus;
  roundId?: string;
  page: number;
}

/** The queue's filters from the URL (so a view can be bookmarked and shared); anything not understood is dropped. */
export function queueFilters(query: Record<string, unknown>): QueueFilters {
  const status = typeof query.status === 'string' && (STATUSES as readonly string[]).includes(query.status) && query.status !== 'draft' ? (query.status as ApplicationStatus) : undefined;
  const roundId = isUuid(query.roundId) ? query.roundId.toLowerCase() : undefined;
  const page = Math.max(1, Math.min(10_000, Number.parseInt(String(query.page ?? '1'), 10) || 1));
  return { ...(status ? { status } : {}), ...(roundId ? { roundId } : {}), page };
}

/** The queue's URL for some filters (page 1 left out). */
export function queueUrl(filters: QueueFilters): string {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.roundId) params.set('roundId', filters.roundId);
  if (filters.page > 1) params.set('page', String(filters.page));
  const q = params.toString();
  return `/portal/staff/applications${q ? `?${q}` : ''}`;
}

/** Previous and next page links, where there are such pages. */
export function paging(filters: QueueFilters, total: number, pageSize: number): { previous?: string; next?: string; from: number; to: number } {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (filters.page - 1) * pageSize + 1;
  const to = Math.min(total, filters.page * pageSize);
  return {
    ...(filters.page > 1 ? { previous: queueUrl({ ...filters, page: Math.min(filters.page - 1, pages) }) } : {}),
    ...(filters.page < pages ? { next: queueUrl({ ...filters, page: filters.page + 1 }) } : {}),
    from,
    to,
  };
}

/** The statuses staff filter by, in the order of the work. */
export const FILTER_STATUSES: ApplicationStatus[] = ['under_review', 'referred', 'appealed', 'waitlisted', 'offered', 'accepted', 'enrolled', 'completed', 'submitted', 'ineligible', 'rejected', 'declined', 'expired', 'withdrawn'];

export interface WorkWaitingCounts {
  awaitingReview: number;
  referred: number;
  openAppeals: number;
  awaitingPlacement: number;
  failedEmails: number;
}

/** The staff home page: what is waiting, each count linked to the queue that shows it (where there is a page for it yet). */
export function workWaiting(counts: WorkWaitingCounts): { text: string; count: number; href?: string }[] {
  return [
    { text: 'Applications to review', count: counts.awaitingReview, href: queueUrl({ status: 'under_review', page: 1 }) },
    { text: 'Referred for a check', count: counts.referred, href: queueUrl({ status: 'referred', page: 1 }) },
    { text: 'Appeals to decide', count: counts.openAppeals, href: queueUrl({ status: 'appealed', page: 1 }) },
    { text: 'Accepted, waiting for a course', count: counts.awaitingPlacement, href: queueUrl({ status: 'accepted', page: 1 }) },
    { text: 'Emails that failed in the last day', count: counts.failedEmails },
  ];
}
