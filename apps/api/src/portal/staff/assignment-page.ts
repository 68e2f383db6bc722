import { isUuid } from '@app/http';
import type { ApplicationStatus, QueueQuery, ReviewerWorkload } from '@app/intake';
import { queueFilters, type KnownCodes, type QueueFilters } from './review-page';

/** The assignment page's state, from plain facts: the "assign the next N" form, the workload table, where a queue row's form returns to. */

export const ASSIGN_NEXT_LIMIT = 50;

/** The "assign the next N" form as typed (kept on a 422). */
export interface AssignNextValues {
  n: string;
  reviewerId: string;
  status: string;
  roundId: string;
  region: string;
  role: string;
  level: string;
  sort: string;
}

/**
 * The form checked: what to ask AssignmentService.assignNext for, or the
 * errors by field. Someone who is not an admin may only assign to themselves.
 */
export function assignNextForm(
  values: AssignNextValues,
  known: KnownCodes,
  actor: { userId?: string; role: string },
): { input?: { n: number; reviewerId: string; filter: QueueQuery }; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const n = /^\d{1,3}$/.test(values.n) ? Number(values.n) : NaN;
  if (!values.n) errors.n = 'Enter how many applications to assign';
  else if (!Number.isInteger(n) || n < 1 || n > ASSIGN_NEXT_LIMIT) errors.n = `Enter a whole number from 1 to ${ASSIGN_NEXT_LIMIT}`;
  if (!isUuid(values.reviewerId)) errors.reviewerId = 'Choose who to assign the applications to';
  else if (values.reviewerId.toLowerCase() !== actor.userId && actor.role !== 'admin') errors.reviewerId = 'Only an administrator can assign applications to someone else: choose yourself';
  if (Object.keys(errors).length) return { errors };
  const read = queueFilters({ status: values.status, roundId: values.roundId, region: values.region, role: values.role, level: values.level, sort: values.sort }, known);
  const status: ApplicationStatus | undefined = read.status === 'under_review' || read.status === 'referred' ? read.status : undefined;
  const filter: QueueQuery = {
    ...(status ? { status } : {}),
    ...(read.roundId ? { roundId: read.roundId } : {}),
    ...(read.region ? { region: read.region } : {}),
    ...(read.role ? { role: read.role } : {}),
    ...(read.level !== undefined ? { level: read.level } : {}),
    ...(read.sort ? { sort: read.sort } : {}),
  };
  return { input: { n, reviewerId: values.reviewerId.toLowerCase(), filter }, errors };
}

/** The view of the queue a row's form came from (its `return` field): only a queue URL, its filters read again; otherwise the whole queue. */
export function returnFilters(value: string, read: (query: Record<string, unknown>) => QueueFilters = queueFilters): QueueFilters {
  if (!value.startsWith('/portal/staff/applications')) return { page: 1 };
  const url = new URL(value, 'https://portal.invalid');
  if (url.pathname !== '/portal/staff/applications' || url.host !== 'portal.invalid') return { page: 1 };
  return read(Object.fromEntries(url.searchParams));
}

/** The workload table's rows: each reviewer with their role in words. */
export function workloadRows(workload: ReviewerWorkload[]) {
  return workload.map((r) => ({ ...r, roleText: r.role === 'admin' ? 'Administrator' : 'Reviewer' }));
}
