import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { isUuid } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { BULK_DECISION_MAX, ReviewService, RoundsService, type ApplicationStatus, type BulkPreview } from '@app/intake';
import { field } from '../kit/form-fields';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { BULK_OUTCOME_WORDS, caseErrorList, chosenIds, decisionFromForm, DECISION_WORDS, money, reasonGroups, reasonWords, type DecisionValues } from './case-page';
import { STAFF_STATUS_WORDS } from './review-page';
import { staffRefusal } from './case.pages';
import { STAFF_AREA } from './staff-area';

const DECIDERS = ['reviewer', 'admin'] as const;
const CHOOSABLE: ApplicationStatus[] = ['under_review', 'referred', 'waitlisted'];

/** The choose page's filters from the URL or the posted form. */
function chooseFilters(source: Record<string, unknown> | undefined): { status: ApplicationStatus; roundId?: string } {
  const s = typeof source?.status === 'string' ? source.status : '';
  const status = (CHOOSABLE as string[]).includes(s) ? (s as ApplicationStatus) : 'under_review';
  const roundId = isUuid(source?.roundId) ? (source.roundId as string).toLowerCase() : undefined;
  return { status, ...(roundId ? { roundId } : {}) };
}

/** What the preview shows: each application in the order it will be decided, and the money. */
function previewPage(preview: BulkPreview & { potNames: Record<string, string> }, values: DecisionValues) {
  const counts = preview.counts;
  return {
    title: 'Check these decisions before you confirm',
    width: 'full',
    lines: preview.lines.map((l) => ({ ...l, outcomeText: BULK_OUTCOME_WORDS[l.outcome], bursary: money(l.bursaryPence), statusText: STAFF_STATUS_WORDS[l.status] })),
    counts,
    decidedCount: preview.lines.length - counts.refused,
    pots: preview.pots.map((p) => ({ name: preview.potNames[p.potId] ?? 'The round’s pot', before: money(p.beforePence), after: money(p.afterPence), taken: money(p.beforePence - p.afterPence) })),
    decisionText: DECISION_WORDS[values.decision as keyof typeof DECISION_WORDS],
    reasonText: reasonWords(values.reasonCode),
    values,
  };
}

/**
 * Deciding many applications the same way (ReviewService.decideMany, as
 * POST /api/v1/admin/applications/decisions): choose them, preview what each
 * decision will do, including the money (how many will be offered and how
 * many waitlisted, in queue order, ReviewService.previewMany), then confirm.
 * Nothing is decided until the confirm.
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff/decisions')
@Roles(DECIDERS)
export class DecisionsPages {
  constructor(
    private readonly review: ReviewService,
    private readonly rounds: RoundsService,
    private readonly pages: PortalPages,
  ) {}

  @Get('choose')
  async choose(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    await this.choosePage(req, reply, chooseFilters(query), { decision: '', reasonCode: '', note: '' }, [], {});
  }

  /** The preview: checks the choice and shows what each decision will do. */
  @Post()
  async preview(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    const filters = chooseFilters(req.body);
    const { ids, error } = chosenIds(req.body, BULK_DECISION_MAX);
    const { values, input, errors } = decisionFromForm(req.body);
    if (error || !input) return this.choosePage(req, reply, filters, values, ids, { ...(error ? { ids: error } : {}), ...errors }, 422);
    const preview = await this.review.previewMany(ids, input.decision);
    this.pages.send(req, reply, 'staff-decisions-preview', previewPage(preview, values));
  }

  /** Decides them, in the order of the preview (the queue's), and shows each outcome. */
  @Post('confirm')
  async confirm(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const { ids, error } = chosenIds(req.body, BULK_DECISION_MAX);
    const { values, input, errors } = decisionFromForm(req.body);
    if (error || !input) return this.choosePage(req, reply, chooseFilters(req.body), values, ids, { ...(error ? { ids: error } : {}), ...errors }, 422);
    const { lines } = await this.review.previewMany(ids, input.decision);
    let results;
    try {
      ({ results } = await this.review.decideMany(
        lines.map((l) => l.id),
        input,
        actor,
      ));
    } catch (err) {
      const refused = staffRefusal(err);
      if (!refused) throw err;
      return this.choosePage(req, reply, chooseFilters(req.body), values, ids, { refusal: refused.text }, refused.status);
    }
    const byId = new Map(results.map((r) => [r.id, r]));
    const rows = lines.map((l) => {
      const r = byId.get(l.id);
      const outcome = r?.error ? `Not decided: ${r.error}` : r?.status === 'waitlisted' && r.reason === 'insufficient_funds' ? BULK_OUTCOME_WORDS.waitlisted_insufficient_funds : STAFF_STATUS_WORDS[r?.status ?? l.status];
      return { id: l.id, reference: l.reference, applicantName: l.applicantName, outcome };
    });
    const decided = results.filter((r) => !r.error).length;
    this.pages.send(req, reply, 'staff-decisions-done', {
      title: 'Decisions recorded',
      rows,
      banner: `${decided} of ${results.length} ${results.length === 1 ? 'application' : 'applications'} decided: ${results.filter((r) => r.status === 'offered').length} offered, ${results.filter((r) => r.status === 'waitlisted').length} on the waiting list, ${results.filter((r) => r.status === 'rejected' || r.status === 'ineligible').length} rejected.`,
      decisionText: DECISION_WORDS[input.decision],
      reasonText: reasonWords(input.reasonCode),
    });
  }

  private async choosePage(req: PortalRequest, reply: FastifyReply, filters: { status: ApplicationStatus; roundId?: string }, values: DecisionValues, chosen: string[], errors: Record<string, string>, status = 200) {
    const [items, rounds] = await Promise.all([this.review.decidable(filters), this.rounds.list({ openOnly: false })]);
    this.pages.send(
      req,
      reply,
      'staff-decisions-choose',
      {
        title: 'Decide applications together',
        width: 'full',
        filters,
        items: items.map((i) => ({ ...i, bursary: money(i.bursaryPence), checked: chosen.includes(i.id) })),
        max: BULK_DECISION_MAX,
        statuses: CHOOSABLE.map((s) => ({ value: s, text: STAFF_STATUS_WORDS[s], selected: s === filters.status })),
        rounds: [{ value: '', text: 'Any round' }, ...rounds.map((r) => ({ value: r.id, text: r.name, selected: r.id === filters.roundId }))],
        decisions: (['approve', 'reject', 'waitlist'] as const).map((d) => ({ value: d, text: DECISION_WORDS[d], checked: d === values.decision })),
        reasonGroups: reasonGroups(values.reasonCode),
        values,
        errors,
        errorList: caseErrorList(errors),
        note: field(req.body, 'note'),
      },
      status,
    );
  }
}
