import { isUuid } from '@app/http';
import type { ApplicationStatus, QueueQuery, QueueSort } from '@app/intake';
import { QUEUE_SORTS, STATUSES } from '@app/intake';
import { pageNumber } from '../kit/form-fields';

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
  not_passed: 'Not passed, no resit',
  appealed: 'Appealed',
};

/** The queue's filters as the page holds them: the service's query, always with a page; `sort` left out for the default, by priority. */
export type QueueFilters = QueueQuery & { page: number };

/** The codes the queue knows (from config/workforce.yaml); without them any lower-case code is taken. */
export interface KnownCodes {
  regions?: readonly string[];
  roles?: readonly string[];
}

const CODE = /^[a-z_]{1,60}$/;
export const QUERY_MAX = 200;

/** The queue's filters from the URL (so a view can be bookmarked and shared); anything not understood is dropped. */
export function queueFilters(query: Record<string, unknown>, known: KnownCodes = {}): QueueFilters {
  const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string).trim() : '');
  const code = (name: string, list?: readonly string[]) => {
    const value = text(name);
    return value && CODE.test(value) && (!list || list.includes(value)) ? value : undefined;
  };
  const status = (STATUSES as readonly string[]).includes(text('status')) && text('status') !== 'draft' ? (text('status') as ApplicationStatus) : undefined;
  const roundId = isUuid(text('roundId')) ? text('roundId').toLowerCase() : undefined;
  const region = code('region', known.regions);
  const role = code('role', known.roles);
  const level = /^[1-8]$/.test(text('level')) ? Number(text('level')) : undefined;
  const assignedText = text('assigned').toLowerCase();
  const assigned = assignedText === 'me' || assignedText === 'none' || isUuid(assignedText) ? assignedText : undefined;
  const held = text('held') === 'yes' || text('held') === 'no' ? (text('held') as 'yes' | 'no') : undefined;
  const q = text('q') && text('q').length <= QUERY_MAX ? text('q') : undefined;
  const sort = (QUEUE_SORTS as readonly string[]).includes(text('sort')) && text('sort') !== 'priority' ? (text('sort') as QueueSort) : undefined;
  const page = pageNumber(query, 10_000);
  return {
    ...(status ? { status } : {}),
    ...(roundId ? { roundId } : {}),
    ...(region ? { region } : {}),
    ...(role ? { role } : {}),
    ...(level !== undefined ? { level } : {}),
    ...(assigned ? { assigned } : {}),
    ...(held ? { held } : {}),
    ...(q ? { q } : {}),
    ...(sort ? { sort } : {}),
    page,
  };
}

/** The order the filters are written in a URL. */
const URL_FIELDS = ['q', 'status', 'roundId', 'region', 'role', 'level', 'assigned', 'held', 'sort'] as const;

/** The queue's URL for some filters (page 1 and the default sort left out). */
export function queueUrl(filters: QueueFilters): string {
  const params = new URLSearchParams();
  for (const name of URL_FIELDS) {
    const value = filters[name];
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  if (filters.page > 1) params.set('page', String(filters.page));
  const q = params.toString();
  return `/portal/staff/applications${q ? `?${q}` : ''}`;
}

/** Whether any filter or the search narrows the queue (the page then offers to clear them). */
export function isFiltered(filters: QueueFilters): boolean {
  return URL_FIELDS.some((name) => name !== 'sort' && filters[name] !== undefined);
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
export const FILTER_STATUSES: ApplicationStatus[] = ['under_review', 'referred', 'appealed', 'waitlisted', 'offered', 'accepted', 'enrolled', 'completed', 'not_passed', 'submitted', 'ineligible', 'rejected', 'declined', 'expired', 'withdrawn'];

export interface WorkWaitingCounts {
  awaitingReview: number;
  referred: number;
  openAppeals: number;
  awaitingPlacement: number;
  failedEmails: number;
  /** Applications to review assigned to the person looking. */
  assignedToMe?: number;
  onHold?: number;
  /** Offers that lapse within seven days unanswered. */
  offersExpiringThisWeek?: number;
  /** Accepted applicants a provider turned down, waiting to be placed again. */
  turnedDown?: number;
}

/**
 * The staff home page: what is waiting, each count linked to the page that
 * shows it. Placement and the delivery log are admins' pages, so only an
 * admin's counts link there.
 */
export function workWaiting(counts: WorkWaitingCounts, role?: string): { text: string; count: number; href?: string }[] {
  const admin = role === 'admin';
  return [
    { text: 'Applications to review', count: counts.awaitingReview, href: queueUrl({ status: 'under_review', page: 1 }) },
    ...(counts.assignedToMe !== undefined ? [{ text: 'Assigned to me, to review', count: counts.assignedToMe, href: queueUrl({ status: 'under_review', assigned: 'me', page: 1 }) }] : []),
    { text: 'Referred for a check', count: counts.referred, href: queueUrl({ status: 'referred', page: 1 }) },
    ...(counts.onHold !== undefined ? [{ text: 'On hold', count: counts.onHold, href: queueUrl({ held: 'yes', page: 1 }) }] : []),
    { text: 'Appeals to decide', count: counts.openAppeals, href: '/portal/staff/appeals' },
    ...(counts.offersExpiringThisWeek !== undefined ? [{ text: 'Offers expiring this week', count: counts.offersExpiringThisWeek, href: queueUrl({ status: 'offered', sort: 'oldest', page: 1 }) }] : []),
    { text: 'Accepted, waiting for a course', count: counts.awaitingPlacement, ...(admin ? { href: '/portal/staff/placement' } : {}) },
    ...(counts.turnedDown !== undefined ? [{ text: 'Learners a provider turned down', count: counts.turnedDown, ...(admin ? { href: '/portal/staff/placement' } : {}) }] : []),
    { text: 'Emails that failed in the last day', count: counts.failedEmails, ...(admin ? { href: '/portal/staff/deliveries?status=failed' } : {}) },
  ];
}

/** The sorts in words, for the queue's sort menu and its table caption. */
export const SORT_WORDS: Record<QueueSort, string> = { priority: 'highest priority first', oldest: 'oldest first', newest: 'newest first' };

/** The assigned-reviewer menu: anyone, unassigned, me, then each reviewer by name. */
export function assignedOptions(selected: string | undefined, reviewers: { id: string; name: string }[], myId: string | undefined) {
  return [
    { value: '', text: 'Anyone or no one', selected: !selected },
    { value: 'none', text: 'Not assigned', selected: selected === 'none' },
    { value: 'me', text: 'Assigned to me', selected: selected === 'me' },
    ...reviewers.filter((r) => r.id !== myId).map((r) => ({ value: r.id, text: r.name, selected: selected === r.id })),
  ];
}

/** What a queue row offers its reader: take it, or give it up (the reviewer it is assigned to, or an admin). */
export function assignmentAction(
  item: { status: ApplicationStatus; assignedTo: { id: string } | null },
  me: { userId?: string; role: string },
): 'assign' | 'unassign' | undefined {
  if (me.role !== 'reviewer' && me.role !== 'admin') return undefined;
  if (item.assignedTo) return item.assignedTo.id === me.userId || me.role === 'admin' ? 'unassign' : undefined;
  return ['under_review', 'referred', 'appealed'].includes(item.status) ? 'assign' : undefined;
}
