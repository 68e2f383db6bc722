import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { Actor } from '@app/identity';
import { AssignmentService, ConflictsService, QUEUE_PAGE_SIZE, ReviewService, RoundsService, type QueuePage } from '@app/intake';
import type { FormError } from '../kit/pages';
import { assignedOptions, assignmentAction, FILTER_STATUSES, isFiltered, paging, queueFilters, queueUrl, SORT_WORDS, STAFF_STATUS_WORDS, type QueueFilters } from './review-page';

/** What the banner says after a change made from the queue (?done=...). */
const DONE: Record<string, string> = {
  assigned: 'Application assigned to you',
  unassigned: 'Application unassigned',
};

/**
 * The queue page's context, shared by the page (GET) and the forms on its
 * rows (POST assign / unassign), which show the same queue again with an
 * error summary when they are refused.
 */
@Injectable()
export class QueuePageContext {
  constructor(
    private readonly review: ReviewService,
    private readonly assignment: AssignmentService,
    private readonly rounds: RoundsService,
    private readonly conflicts: ConflictsService,
    private readonly config: AppConfig,
  ) {}

  /** The filters from a URL's query, knowing the configured codes. */
  filters(query: Record<string, unknown>): QueueFilters {
    const w = this.config.workforce;
    return queueFilters(query, { regions: w.regions.map((r) => r.code), roles: w.currentRoles.map((r) => r.code) });
  }

  queue(filters: QueueFilters, actor: Actor): Promise<QueuePage> {
    return this.review.queue(filters, actor);
  }

  /** The template's context for a page of the queue already read. */
  async context(filters: QueueFilters, result: QueuePage, actor: Actor, extra: { done?: string; errorList?: FormError[] } = {}): Promise<Record<string, unknown>> {
    const [rounds, reviewers, conflicted] = await Promise.all([
      this.rounds.list({ openOnly: false }),
      this.assignment.reviewers(),
      this.conflicts.conflictedAmong(result.items.map((i) => i.id), actor.userId),
    ]);
    const w = this.config.workforce;
    const anyStatus = Object.values(result.counts).reduce((sum, n) => sum + (n ?? 0), 0);
    const here = queueUrl(filters);
    const me = { userId: actor.userId, role: actor.role };
    return {
      title: filters.q ? `Search results for ${filters.q}` : 'Applications',
      width: 'full',
      filters,
      filtered: isFiltered(filters),
      here,
      // An application the reader has a conflict of interest with says so instead of offering to take it.
      items: result.items.map((item) => {
        const conflict = conflicted.has(item.id);
        const action = assignmentAction(item, me);
        return { ...item, action: conflict && action === 'assign' ? undefined : action, conflict, mine: item.assignedTo?.id === actor.userId };
      }),
      total: result.total,
      paging: paging(filters, result.total, QUEUE_PAGE_SIZE),
      sortWords: SORT_WORDS[filters.sort ?? 'priority'],
      statuses: [
        { value: '', text: `Any status (${anyStatus})`, selected: !filters.status },
        ...FILTER_STATUSES.map((s) => ({ value: s, text: `${STAFF_STATUS_WORDS[s]} (${result.counts[s] ?? 0})`, selected: s === filters.status })),
      ],
      statusCounts: FILTER_STATUSES.filter((s) => result.counts[s]).map((s) => ({ text: STAFF_STATUS_WORDS[s], count: result.counts[s], href: queueUrl({ ...filters, status: s, page: 1 }), current: s === filters.status })),
      rounds: [{ value: '', text: 'Any round' }, ...rounds.map((r) => ({ value: r.id, text: r.name, selected: r.id === filters.roundId }))],
      regions: [{ value: '', text: 'Any region' }, ...w.regions.map((r) => ({ value: r.code, text: r.name, selected: r.code === filters.region }))],
      roles: [{ value: '', text: 'Any role' }, ...w.currentRoles.map((r) => ({ value: r.code, text: r.name, selected: r.code === filters.role }))],
      levels: [{ value: '', text: 'Any level' }, ...[2, 3, 4, 5, 6, 7].map((l) => ({ value: String(l), text: `Level ${l}`, selected: l === filters.level }))],
      assigned: assignedOptions(filters.assigned, reviewers, actor.userId),
      held: [
        { value: '', text: 'On hold or not', selected: !filters.held },
        { value: 'yes', text: 'On hold', selected: filters.held === 'yes' },
        { value: 'no', text: 'Not on hold', selected: filters.held === 'no' },
      ],
      sorts: (['priority', 'oldest', 'newest'] as const).map((s) => ({ value: s === 'priority' ? '' : s, text: `${SORT_WORDS[s][0].toUpperCase()}${SORT_WORDS[s].slice(1)}`, selected: (filters.sort ?? 'priority') === s })),
      statusWords: STAFF_STATUS_WORDS,
      banner: extra.done ? DONE[extra.done] : undefined,
      errorList: extra.errorList,
    };
  }
}
