import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError, ParseIdPipe } from '@app/http';
import { AccountsService, CurrentActor, Public, Roles, type Actor } from '@app/identity';
import { ApplicationsService, ProfileService, QualificationsService, RoundsService, type RoundView } from '@app/intake';
import { decisionReason } from '@app/notifications';
import { CohortsService, EnrolmentsService, ProvidersService } from '@app/training';
import { actionsFor, APPEAL_STATEMENT, appealStatement, currentReason, ELIGIBILITY_WORDS, historyWords, moverWords, noteForApplicant, STATUS_WORDS } from './application-page';
import { field } from './form-fields';
import { isRefusal, PortalPages, type FormError, type PortalRequest } from './pages';
import { applyChoice, DRAFT_FIELD_IDS, DRAFT_STATEMENT_MAX, draftChanges, draftValues, WITHDRAW_REASON_MAX, withdrawReason, type DraftValues } from './apply-forms';

const ANSWERED: Record<string, string> = {
  accepted: 'You have accepted the bursary',
  declined: 'You have declined the bursary',
};

/** What went wrong on the page, and the appeal statement and draft as typed. */
interface PageState {
  banner?: string;
  problem?: { field: 'offer' | 'appeal-statement' | 'submit' | 'cohort'; text: string };
  statement?: string;
  draft?: DraftValues;
  draftErrors?: Record<string, string>;
}

const BANNERS: Record<string, string> = {
  started: 'Your application has been started. Fill it in, then submit it',
  saved: 'Your application has been saved',
  submitted: 'Your application has been submitted',
  withdrawn: 'Your application has been withdrawn',
  placed: 'Your place on the course is booked',
};

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
    private readonly profiles: ProfileService,
    private readonly pages: PortalPages,
    private readonly cohorts: CohortsService,
    private readonly providers: ProvidersService,
  ) {}

  /**
   * With the offer accepted, the applicant books a place on one of the
   * cohorts running their qualification (EnrolmentsService.place, as POST
   * /api/v1/applications/:id/enrolment); a full cohort or a changed status is
   * shown on the page.
   */
  @Post(':id/enrolment')
  async chooseCohort(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const cohortId = field(req.body, 'cohortId');
    if (!cohortId) return this.page(req, reply, actor, id, { problem: { field: 'cohort', text: 'Choose the course you want to join' } }, 422);
    try {
      await this.enrolments.place(id, cohortId, actor, { mover: 'applicant', applicantId: actor.userId });
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.page(req, reply, actor, id, { problem: { field: 'cohort', text: err.code === 'cohort_full' ? 'That course has just filled up: choose another' : err.message } }, 422);
    }
    this.pages.redirect(reply, `/portal/applications/${id}?done=placed`);
  }

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
    @Query('done') done?: string,
  ) {
    const banner = appealed
      ? 'Your appeal has been sent to the programme team'
      : typeof answered === 'string'
        ? ANSWERED[answered]
        : typeof done === 'string' && Object.hasOwn(BANNERS, done)
          ? BANNERS[done]
          : undefined;
    return this.page(req, reply, actor, id, { banner });
  }

  /**
   * An Apply button on the open rounds page: ApplicationsService.create (as
   * POST /api/v1/applications), then the new draft. A refusal (an application
   * in this round already, the round closed) is shown on the rounds page.
   */
  @Post()
  async apply(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const choice = applyChoice(req.body);
    if (!choice) return roundsPage(this.pages, this.rounds, this.applications, req, reply, actor, 'Choose a qualification from a funding round that is open now', 422);
    let created: { id: string };
    try {
      created = await this.applications.create(actor, choice);
    } catch (err) {
      if (!isRefusal(err) && !(err instanceof DomainError && err.code === 'round_not_found')) throw err;
      return roundsPage(this.pages, this.rounds, this.applications, req, reply, actor, applyRefusalText(err as DomainError), 422, choice.roundId);
    }
    this.pages.redirect(reply, `/portal/applications/${created.id}?done=started`);
  }

  /** Saves a draft's statement and employer support through ApplicationsService.update (as PATCH /api/v1/applications/:id). */
  @Post(':id/draft')
  async saveDraft(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const draft = draftValues(req.body);
    const { changes, errors } = draftChanges(draft);
    if (!changes) return this.page(req, reply, actor, id, { draft, draftErrors: errors }, 422);
    try {
      await this.applications.update(actor, id, changes);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.page(req, reply, actor, id, { problem: { field: 'submit', text: draftRefusalText(err) } }, 422);
    }
    this.pages.redirect(reply, `/portal/applications/${id}?done=saved`);
  }

  /** Submits a draft through ApplicationsService.submit (as POST /api/v1/applications/:id/submit): eligibility is decided at once and the page shows it. */
  @Post(':id/submit')
  async submit(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    try {
      await this.applications.submit(actor, id);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.page(req, reply, actor, id, { problem: { field: 'submit', text: draftRefusalText(err) } }, 422);
    }
    this.pages.redirect(reply, `/portal/applications/${id}?done=submitted`);
  }

  /** Withdrawing cannot be undone: a page asks first, and why (as the API's reason). Not withdrawable: back to the application. */
  @Get(':id/withdraw')
  async withdrawPage(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const application = await this.applications.get(actor, id);
    if (!actionsFor(application).withdraw) return this.pages.redirect(reply, `/portal/applications/${id}`);
    return this.withdrawForm(req, reply, application, '', undefined);
  }

  /** ApplicationsService.withdraw (as POST /api/v1/applications/:id/withdraw) with the reason; no reason, or a refusal: the confirmation page again (422). */
  @Post(':id/withdraw')
  async withdraw(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const { reason, error } = withdrawReason(req.body);
    if (error) return this.withdrawForm(req, reply, await this.applications.get(actor, id), reason, error, 422);
    try {
      await this.applications.withdraw(actor, id, reason);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      const text = err.code === 'invalid_transition' && !/enrolled/.test(err.message) ? 'This application can no longer be withdrawn: it has changed since the page was shown' : err.message;
      return this.withdrawForm(req, reply, await this.applications.get(actor, id), reason, text, 422);
    }
    this.pages.redirect(reply, `/portal/applications/${id}?done=withdrawn`);
  }

  private async withdrawForm(
    req: PortalRequest,
    reply: FastifyReply,
    application: Awaited<ReturnType<ApplicationsService['get']>>,
    reason: string,
    error: string | undefined,
    status = 200,
  ): Promise<void> {
    const qualification = await this.qualifications.get(application.qualificationId);
    const errors = error ? { reason: error } : {};
    this.pages.send(
      req,
      reply,
      'withdraw',
      {
        title: 'Withdraw your application',
        application,
        qualification,
        status: STATUS_WORDS[application.status],
        reason,
        maxReason: WITHDRAW_REASON_MAX.toLocaleString('en-GB'),
        errors,
        errorList: error ? [{ href: '#reason', text: error }] : [],
      },
      status,
    );
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
  /** The cohorts an accepted offer may be placed on, with their providers' names. */
  private async cohortChoices(qualificationId: string) {
    const [cohorts, providers] = await Promise.all([this.cohorts.withPlaces(qualificationId), this.providers.list()]);
    const names = new Map(providers.map((p) => [p.id, p.name]));
    return cohorts.map((c) => ({ ...c, providerName: names.get(c.providerId) ?? 'A training provider' }));
  }

  private async page(req: PortalRequest, reply: FastifyReply, actor: Actor, id: string, state: PageState, status = 200): Promise<void> {
    const application = await this.applications.get(actor, id);
    const isDraft = application.status === 'draft';
    const [qualification, round, enrolment, profile, me, choices] = await Promise.all([
      this.qualifications.get(application.qualificationId),
      this.rounds.get(application.roundId),
      ['enrolled', 'completed'].includes(application.status) ? this.enrolments.ofApplication(actor.userId!, id) : undefined,
      isDraft ? this.profiles.get(actor.userId!) : undefined,
      isDraft ? this.accounts.me(actor) : undefined,
      application.status === 'accepted' ? this.cohortChoices(application.qualificationId) : undefined,
    ]);
    const reason = currentReason(application);
    const actions = actionsFor(application);
    const draftErrors = state.draftErrors ?? {};
    const errorList: FormError[] = [
      ...(state.problem ? [{ href: `#${state.problem.field}`, text: state.problem.text }] : []),
      ...Object.entries(draftErrors).map(([name, text]) => ({ href: `#${DRAFT_FIELD_IDS[name] ?? name}`, text })),
    ];
    const draft: DraftValues = state.draft ?? {
      statement: application.statement ?? '',
      employerName: application.employerSupport?.name ?? '',
      employerEmail: application.employerSupport?.email ?? '',
    };
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
        errors: { ...(state.problem ? { [state.problem.field]: state.problem.text } : {}), ...draftErrors },
        errorList,
        draft,
        choices,
        hasProfile: !!profile,
        emailVerified: me?.emailVerified ?? true,
        maxDraftStatement: DRAFT_STATEMENT_MAX.toLocaleString('en-GB'),
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
    private readonly applications: ApplicationsService,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  open(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    return roundsPage(this.pages, this.rounds, this.applications, req, reply, actor);
  }
}

/**
 * The open rounds page: each qualification with an Apply button for a
 * signed-in applicant (or a link to their application in that round, when
 * they have one), sign-in and register links for everyone else; `problem`
 * when starting an application was refused.
 */
async function roundsPage(
  pages: PortalPages,
  roundsService: RoundsService,
  applications: ApplicationsService,
  req: PortalRequest,
  reply: FastifyReply,
  actor: Actor,
  problem?: string,
  status = 200,
  problemRoundId?: string,
): Promise<void> {
  const signedInApplicant = !!req.principal?.sessionId && req.principal.role === 'applicant';
  const [rounds, mine] = await Promise.all([roundsService.list({ openOnly: true }), signedInApplicant ? applications.list(actor) : []]);
  // An application still going in a round (a withdrawn one does not stop another).
  const applied = new Map(mine.filter((a) => a.status !== 'withdrawn').map((a) => [a.roundId, a.id]));
  const anchor = problemRoundId && rounds.some((r: RoundView) => r.id === problemRoundId) ? `#round-${problemRoundId}` : '#rounds';
  pages.send(
    req,
    reply,
    'rounds',
    {
      title: 'Funding rounds open now',
      rounds: rounds.map((r) => ({ ...r, applicationId: applied.get(r.id) })),
      role: req.principal?.role,
      canApply: signedInApplicant,
      errorList: problem ? [{ href: anchor, text: problem }] : [],
    },
    status,
  );
}

/** Why an application could not be started, for the applicant. */
function applyRefusalText(err: DomainError): string {
  if (err.code === 'already_applied') return 'You already have an application in this funding round. You can apply for one qualification in each round';
  if (err.code === 'round_not_open' || err.code === 'round_not_found') return 'This funding round is not taking applications now';
  if (err.code === 'qualification_not_in_round') return 'That qualification is not offered in this funding round';
  return err.message;
}

/** Why a draft could not be saved or submitted, for the applicant. */
function draftRefusalText(err: DomainError): string {
  if (err.code === 'not_draft') return 'This application has already been submitted, so it can no longer be changed';
  if (err.code === 'profile_missing') return 'Fill in your profile before you submit your application';
  if (err.code === 'email_not_verified') return 'Confirm your email address before you submit: use the link we emailed you';
  if (err.code === 'round_not_open') return 'This funding round has closed, so the application can no longer be submitted';
  return err.message;
}

/** The service's words for a refused answer, for the applicant. */
function refusalText(err: DomainError): string {
  if (/expired/.test(err.message)) return 'This offer has expired, so it can no longer be accepted';
  if (err.code === 'invalid_transition') return 'This offer has already been answered, or is no longer open';
  return err.message;
}
