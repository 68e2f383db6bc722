import { Injectable } from '@nestjs/common';
import { Clock } from '@app/config';
import { AccountsService, type Actor } from '@app/identity';
import { ApplicationsService, ProfileService, QualificationsService, RoundsService, type ApplicationView } from '@app/intake';
import { CohortsService, EnrolmentsService, ProvidersService } from '@app/training';
import { applicationPage, type ApplicationPageData, type ApplicationPageState } from './application-detail-page';
import { actionsFor } from './application-page';
import { applicationsListPage } from './applications-list-page';
import { withdrawPage } from './withdraw-page';

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
    const needsProfile = isDraft || application.status === 'offered' || application.status === 'accepted';
    const [qualification, round, enrolment, profile, me, choices] = await Promise.all([
      this.qualifications.get(application.qualificationId),
      this.rounds.get(application.roundId),
      ['enrolled', 'completed', 'not_passed'].includes(application.status) ? this.enrolments.ofApplication(actor.userId!, id) : undefined,
      needsProfile ? this.profiles.get(actor.userId!) : undefined,
      isDraft ? this.accounts.me(actor) : undefined,
      application.status === 'accepted' ? this.cohortChoices(application.qualificationId) : undefined,
    ]);
    return { application, qualification, round, enrolment, hasProfile: !!profile, hasPhone: !!profile?.phone, emailVerified: me?.emailVerified ?? true, choices };
  }

  /** The cohorts an accepted offer may be placed on, with their providers' names. */
  private async cohortChoices(qualificationId: string) {
    const [cohorts, providers] = await Promise.all([this.cohorts.withPlaces(qualificationId), this.providers.list()]);
    const names = new Map(providers.map((p) => [p.id, p.name]));
    return cohorts.map((c) => ({ ...c, providerName: names.get(c.providerId) ?? 'A training provider' }));
  }
}
