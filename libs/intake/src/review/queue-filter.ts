import type { ApplicationStatus } from '../applications/status';
import { normaliseEmail } from '../profile/normalise';

export const QUEUE_SORTS = ['priority', 'oldest', 'newest'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/**
 * What the review queue can be narrowed to. `assigned` is `me`, `none` or a
 * user id; `held` is `yes` or `no`; `q` finds a reference (exactly, any
 * case), a name (contains) or an email address (exactly, normalised).
 */
export interface QueueQuery {
  status?: ApplicationStatus;
  roundId?: string;
  region?: string;
  role?: string;
  level?: number;
  assigned?: string;
  held?: 'yes' | 'no';
  q?: string;
  sort?: QueueSort;
  page?: number;
}

/** The FROM clause every queue query reads: the application `a`, its applicant's profile `p`, its qualification `ql`. */
export const QUEUE_FROM = `
  FROM application a
  LEFT JOIN applicant_profile p ON p.user_id = a.applicant_id
  LEFT JOIN qualification ql ON ql.id = a.qualification_id`;

/**
 * The WHERE clause for a queue query, its parameters pushed onto `params`.
 * `me` is who is asking (for assigned=me); `withStatus: false` leaves the
 * status out (for the counts per status).
 */
export function queueWhere(query: QueueQuery, params: unknown[], me: string | undefined, options: { withStatus?: boolean } = {}): string {
  const where: string[] = [`a.status <> 'draft'`];
  const p = (value: unknown) => `$${params.push(value)}`;
  if (query.status && options.withStatus !== false) where.push(`a.status = ${p(query.status)}`);
  if (query.roundId) where.push(`a.round_id = ${p(query.roundId)}`);
  if (query.region) where.push(`p.region = ${p(query.region)}`);
  if (query.role) where.push(`p.job_role = ${p(query.role)}`);
  if (query.level !== undefined) where.push(`ql.level = ${p(query.level)}`);
  if (query.assigned === 'none') where.push(`a.assigned_to IS NULL`);
  else if (query.assigned === 'me') where.push(me ? `a.assigned_to = ${p(me)}` : 'false');
  else if (query.assigned) where.push(`a.assigned_to = ${p(query.assigned)}`);
  if (query.held === 'yes') where.push(`a.held_at IS NOT NULL`);
  if (query.held === 'no') where.push(`a.held_at IS NULL`);
  const q = query.q?.trim();
  if (q) {
    const text = p(q);
    const contains = p(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const email = q.includes('@') ? p(normaliseEmail(q)) : null;
    where.push(`(upper(a.reference) = upper(${text}) OR p.full_name ILIKE ${contains}${email ? ` OR p.email_normalised = ${email}` : ''})`);
  }
  return where.join(' AND ');
}

/** The ORDER BY for a sort: by priority (highest first, then oldest), oldest or newest submission. */
export function queueOrder(sort: QueueSort | undefined): string {
  switch (sort) {
    case 'oldest':
      return 'a.submitted_at ASC NULLS LAST, a.id';
    case 'newest':
      return 'a.submitted_at DESC NULLS LAST, a.id';
    default:
      return 'a.priority_score DESC NULLS LAST, a.submitted_at ASC, a.id';
  }
}
