import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError, ParseIdPipe } from '@app/http';
import { AccountsService, CurrentActor, Public, Roles, type Actor } from '@app/identity';
import { ApplicationsService, QualificationsService, RoundsService } from '@app/intake';
import { decisionReason } from '@app/notifications';
import { EnrolmentsService } from '@app/training';
import { actionsFor, APPEAL_STATEMENT, appealStatement, currentReason, ELIGIBILITY_WORDS, historyWords, moverWords, noteForApplicant, STATUS_WORDS } from './application-page';
import { isRefusal, PortalPages, type FormError, type PortalRequest } from './pages';

const ANSWERED: Record<string, string> = {
  accepted: 'You have accepted the bursary',
  declined: 'You have declined the bursary',
};

/** What went wrong on the page, and the appeal statement as typed. */
interface PageState {
  banner?: string;
  problem?: { field: 'offer' | 'appeal-statement'; text: string };
  statement?: string;
}

/**
 * An applicant's own applications: the list, one application (its status in
 * words, the eligibility decision, the offer with Accept and Decline, the
 * place on a course, the history) and an appeal. The forms call the same
 * ApplicationsService methods as POST /api/v1/applications/:id/offer/accept,
 * /offer/decline and /appeal; someone else's application is the 404 page.
 */
@ApiExcludeController()
@Controller('portal/applications')
@Roles(['applicant'])
export class ApplicationsPages {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly qualifications: QualificationsService,
    private readonly rounds: RoundsService,
    private readonly enrolments: EnrolmentsService,
    private readonly accounts: AccountsService,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async list(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Query('emailSent') emailSent?: string) {
    const [applications, qualifications, rounds, me] = await Promise.all([
      this.applications.list(actor),
      this.qualifications.list(),
      this.rounds.list({ openOnly: false }),
      this.accounts.me(actor),
    ]);
    const titles = new Map(qualifications.map((q) => [q.id, q.title]));
    const roundNames = new Map(rounds.map((r) => [r.id, r.name]));
    const rows = applications.map((a) => ({
      id: a.id,
      reference: a.reference,
      qualificationTitle: titles.get(a.qualificationId) ?? 'Qualification',
      roundName: roundNames.get(a.roundId) ?? '',
      status: STATUS_WORDS[a.status],
      updatedAt: a.history.at(-1)?.at ?? a.createdAt,
    }));
    const banner = emailSent ? 'We have sent you a new link to confirm your email address' : undefined;
    this.pages.send(req, reply, 'applications', { title: 'Your applications', width: 'full', applications: rows, emailVerified: me.emailVerified, banner });
  }

  @Get(':id')
  one(
    @Param('id', new ParseIdPipe()) id: string,
    @Req() req: PortalRequest,
    @Res() reply: FastifyReply,
    @CurrentActor() actor: Actor,
    @Query('answered') answered?: string,
    @Query('appealed') appealed?: string,
  ) {
    const banner = appealed ? 'Your appeal has been sent to the programme team' : typeof answered === 'string' ? ANSWERED[answered] : undefined;
    return this.page(req, reply, actor, id, { banner });
  }

  @Post(':id/offer/accept')
  accept(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.answer(req, reply, actor, id, 'accepted');
  }

  /** Declining gives the bursary up for good (it goes to the waiting list): a page asks first, as the service manual does for what cannot be undone. */
  @Get(':id/offer/decline')
  async declinePage(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const application = await this.applications.get(actor, id);
    if (!actionsFor(application).answerOffer) return this.pages.redirect(reply, `/portal/applications/${id}`);
    const qualification = await this.qualifications.get(application.qualificationId);
    this.pages.send(req, reply, 'decline-offer', { title: 'Decline your bursary offer', application, qualification });
  }

  @Post(':id/offer/decline')
  decline(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return this.answer(req, reply, actor, id, 'declined');
  }

  /** An appeal needs a statement (checked here, as AppealDto checks it for the API); the service checks the status and the 28 days. */
  @Post(':id/appeal')
  async appeal(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const { statement, error } = appealStatement(req.body);
    if (error) return this.page(req, reply, actor, id, { statement, problem: { field: 'appeal-statement', text: error } }, 422);
    try {
      await this.applications.appeal(actor, id, statement);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      const text = err.code === 'invalid_transition' ? 'This decision can no longer be appealed: it has been appealed already, or it has changed' : err.message;
      return this.page(req, reply, actor, id, { statement, problem: { field: 'appeal-statement', text } }, 422);
    }
    this.pages.redirect(reply, `/portal/applications/${id}?appealed=1`);
  }

  /** Accepts or declines through the service; a refusal (the offer has expired, or was answered already) shows on the page. */
  private async answer(req: PortalRequest, reply: FastifyReply, actor: Actor, id: string, answer: 'accepted' | 'declined'): Promise<void> {
    try {
      await this.applications.answerOffer(actor, id, answer);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.page(req, reply, actor, id, { problem: { field: 'offer', text: refusalText(err) } }, 422);
    }
    this.pages.redirect(reply, `/portal/applications/${id}?answered=${answer}`);
  }

  /** The application page; another applicant's application is not found (404) by the service. */
  private async page(req: PortalRequest, reply: FastifyReply, actor: Actor, id: string, state: PageState, status = 200): Promise<void> {
    const application = await this.applications.get(actor, id);
    const [qualification, round, enrolment] = await Promise.all([
      this.qualifications.get(application.qualificationId),
      this.rounds.get(application.roundId),
      ['enrolled', 'completed'].includes(application.status) ? this.enrolments.ofApplication(actor.userId!, id) : undefined,
    ]);
    const reason = currentReason(application);
    const actions = actionsFor(application);
    const errorList: FormError[] = state.problem ? [{ href: `#${state.problem.field}`, text: state.problem.text }] : [];
    this.pages.send(
      req,
      reply,
      'application',
      {
        title: qualification.title,
        application,
        qualification,
        round,
        enrolment,
        status: STATUS_WORDS[application.status],
        eligibilityOutcome: application.eligibility ? ELIGIBILITY_WORDS[application.eligibility.outcome] : undefined,
        decisionReason: reason?.reason && ['rejected', 'waitlisted'].includes(application.status) ? decisionReason(reason.reason) : undefined,
        decisionNote: reason ? noteForApplicant(reason) : undefined,
        actions: { ...actions, appealBy: actions.appealBy?.toISOString() },
        history: [...application.history].reverse().map((h) => ({ ...h, status: historyWords(h.status), by: moverWords(h.by), note: noteForApplicant(h) })),
        statement: state.statement ?? '',
        maxStatement: APPEAL_STATEMENT.max.toLocaleString('en-GB'),
        errors: state.problem ? { [state.problem.field]: state.problem.text } : {},
        errorList,
        banner: state.banner,
      },
      status,
    );
  }
}

/** Open funding rounds and what they fund: where the "a round has opened" email leads. */
@ApiExcludeController()
@Controller('portal/rounds')
@Public()
export class RoundsPages {
  constructor(
    private readonly rounds: RoundsService,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async open(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    const rounds = await this.rounds.list({ openOnly: true });
    this.pages.send(req, reply, 'rounds', { title: 'Funding rounds open now', rounds, role: req.principal?.role });
  }
}

/** A refusal to show on the page (409 or 422); anything else, like someone else's application (404), goes to the error page. */

/** The service's words for a refused answer, for the applicant. */
function refusalText(err: DomainError): string {
  if (/expired/.test(err.message)) return 'This offer has expired, so it can no longer be accepted';
  if (err.code === 'invalid_transition') return 'This offer has already been answered, or is no longer open';
  return err.message;
}
