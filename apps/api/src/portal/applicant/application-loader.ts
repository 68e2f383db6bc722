import { Injectable } from '@nestjs/common';
import { AppConfig, Clock } from '@app/config';
import { AccountsService, type Actor } from '@app/identity';
import { ApplicationsService, ProfileService, QualificationsService, RoundsService, type ApplicationView, type QualificationView, type RoundView } from '@app/intake';
import { CohortsService, EnrolmentsService, ProvidersService } from '@app/training';
import { applicationPage, type ApplicationPageData, type ApplicationPageState } from './application-detail-page';
import { actionsFor } from './application-page';
import { taskList, type AnswersData, type TaskData } from './application-tasks';
import { applicationsListPage } from './applications-list-page';
import { withdrawPage } from './withdraw-page';

/** A draft with everything its task list, section pages and check page need. */
export interface DraftData extends TaskData {
  application: ApplicationView;
  qualification: QualificationView;
  round: RoundView;
  emailVerified: boolean;
  /** The account's name, to start "About you" with before the profile has one. */
  accountName: string;
}

/**
 * Gathers what an applicant's application pages show from the services
 * (the application, its qualification and round, the place on a course, the
 * cohorts to choose from), for the pure *-page functions to put in words.
 * Another applicant's application is not found (404) by ApplicationsService.
 */
@Injectable()
export class ApplicationPageLoader {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly qualifications: QualificationsService,
    private readonly rounds: RoundsService,
    private readonly enrolments: EnrolmentsService,
    private readonly accounts: AccountsService,
    private readonly profiles: ProfileService,
    private readonly cohorts: CohortsService,
    private readonly providers: ProvidersService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** The applications page's context. */
  async list(actor: Actor, emailSent: boolean) {
    const [applications, qualifications, rounds, me] = await Promise.all([
      this.applications.list(actor),
      this.qualifications.list(),
      this.rounds.list({ openOnly: false }),
      this.accounts.me(actor),
    ]);
    return applicationsListPage(applications, qualifications, rounds, me.emailVerified, emailSent);
  }

  /** The application page's context, with `state` (a banner, or a refused form as typed). */
  async one(actor: Actor, id: string, state: ApplicationPageState) {
    return applicationPage(await this.data(actor, id), state, this.clock.now());
  }

  /** What the applicant can do with the application now, by the Clock. */
  actions(view: Pick<ApplicationView, 'status' | 'history' | 'offer'>) {
    return actionsFor(view, this.clock.now());
  }

  /** The applicant's application (404 when it is not theirs). */
  application(actor: Actor, id: string): Promise<ApplicationView> {
    return this.applications.get(actor, id);
  }

  /**
   * A draft and what its task list is drawn from: its qualification and
   * round, the profile answers so far (a saved profile, or the sections
   * answered before it was whole), the declaration and employer support answer.
   */
  async draft(actor: Actor, id: string): Promise<DraftData> {
    const application = await this.applications.get(actor, id);
    const [qualification, round, { answers }, task, me] = await Promise.all([
      this.qualifications.get(application.qualificationId),
      this.rounds.get(application.roundId),
      this.profiles.answers(actor.userId!),
      this.applications.taskAnswers(actor, id),
      this.accounts.me(actor),
    ]);
    return { application, qualification, round, answers, task, emailVerified: me.emailVerified, accountName: me.fullName };
  }

  /** A submitted application's answers as they were submitted (the profile kept with it), for reading. */
  async submitted(actor: Actor, id: string): Promise<AnswersData & { reference: string; submittedAt: string | null; status: ApplicationView['status']; profileKept: boolean }> {
    const application = await this.applications.get(actor, id);
    const [qualification, round, answers, task] = await Promise.all([
      this.qualifications.get(application.qualificationId),
      this.rounds.get(application.roundId),
      this.applications.submittedAnswers(actor, id),
      this.applications.taskAnswers(actor, id),
    ]);
    return {
      applicationId: id,
      reference: application.reference,
      status: application.status,
      submittedAt: application.submittedAt,
      answers: answers ?? {},
      profileKept: !!answers,
      statement: application.statement,
      employerSupport: application.employerSupport,
      employerSupportAnswered: task.employerSupportAnswered,
      declaredAt: task.declaredAt,
      qualification,
      round,
    };
  }

  /** The withdraw confirmation page's context. */
  async withdraw(application: ApplicationView, reason: string, error?: string) {
    return withdrawPage(application, await this.qualifications.get(application.qualificationId), reason, error);
  }

  /** The decline confirmation page's context. */
  async decline(application: ApplicationView) {
    return { title: 'Decline your bursary offer', application, qualification: await this.qualifications.get(application.qualificationId) };
  }

  private async data(actor: Actor, id: string): Promise<ApplicationPageData> {
    const application = await this.applications.get(actor, id);
    const isDraft = application.status === 'draft';
    // Answering an offer and choosing a course say what the provider will be told, phone included only if there is one.
    const needsProfile = application.status === 'offered' || application.status === 'accepted';
    const [qualification, round, enrolment, draft, profile, choices] = await Promise.all([
      this.qualifications.get(application.qualificationId),
      this.rounds.get(application.roundId),
      ['enrolled', 'completed', 'not_passed'].includes(application.status) ? this.enrolments.ofApplication(actor.userId!, id) : undefined,
      isDraft ? this.draft(actor, id) : undefined,
      needsProfile ? this.profiles.get(actor.userId!) : undefined,
      application.status === 'accepted' ? this.cohortChoices(application.qualificationId) : undefined,
    ]);
    const tasks = draft ? taskList(draft, this.competencyCodes()) : undefined;
    return { application, qualification, round, enrolment, tasks, hasPhone: !!profile?.phone, emailVerified: draft?.emailVerified ?? true, choices };
  }

  /** The competencies the skills section rates, from config/workforce.yaml. */
  competencyCodes(): string[] {
    return this.config.workforce.competencies.map((c) => c.code);
  }

  /** The cohorts an accepted offer may be placed on, with their providers' names. */
  private async cohortChoices(qualificationId: string) {
    const [cohorts, providers] = await Promise.all([this.cohorts.withPlaces(qualificationId), this.providers.list()]);
    const names = new Map(providers.map((p) => [p.id, p.name]));
    return cohorts.map((c) => ({ ...c, providerName: names.get(c.providerId) ?? 'A training provider' }));
  }
}
