import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ParseIdPipe } from '@app/http';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { QualificationsService } from '@app/intake';
import { CohortsService, DELIVERY_MODES, EnrolmentsService, LearnersService, ProvidersService, TrainingError } from '@app/training';
import { field } from '../kit/form-fields';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { isRefusal } from '../kit/refusals';
import { capacityOf, COHORT_FIELD_IDS, COHORT_STATUS_WORDS, cohortForm, type CohortFormValues } from './learners-page';
import { STAFF_AREA } from './staff-area';
import { summaryOf } from '../kit/form-state';

/**
 * The catalogue of cohorts and placing learners on them (admins), through
 * the services the API uses: CohortsService.create / changeCapacity / cancel
 * (POST /admin/cohorts, PATCH /admin/cohorts/:id, POST /admin/cohorts/:id/cancel)
 * and EnrolmentsService.place (POST /admin/applications/:id/enrolment).
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff')
@Roles(['admin'])
export class CohortsPages {
  constructor(
    private readonly cohorts: CohortsService,
    private readonly enrolments: EnrolmentsService,
    private readonly learners: LearnersService,
    private readonly providers: ProvidersService,
    private readonly qualifications: QualificationsService,
    private readonly pages: PortalPages,
  ) {}

  @Get('cohorts')
  async list(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    const cohorts = await this.cohorts.catalogue();
    const named = (id: unknown) => cohorts.find((c) => c.id === id)?.name;
    const banner =
      (query.created && named(query.created) && `Cohort ${named(query.created)} created`) ||
      (query.capacity && named(query.capacity) && `The capacity of ${named(query.capacity)} is changed`) ||
      (query.cancelled && named(query.cancelled) && `${named(query.cancelled)} is cancelled: its learners are waiting to be placed again`) ||
      undefined;
    this.pages.send(req, reply, 'staff-cohorts', { title: 'Cohorts', width: 'full', cohorts, statusWords: COHORT_STATUS_WORDS, banner });
  }

  @Get('cohorts/new')
  newForm(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    return this.cohortPage(req, reply, { providerId: '', qualificationId: '', name: '', startDate: { day: '', month: '', year: '' }, capacity: '', deliveryMode: '' }, {});
  }

  @Post('cohorts')
  async create(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const { values, input, errors } = cohortForm(req.body);
    if (!input) return this.cohortPage(req, reply, values, errors, 422);
    try {
      const cohort = await this.cohorts.create(input, actor);
      this.pages.redirect(reply, `/portal/staff/cohorts?created=${cohort.id}`);
    } catch (err) {
      if (!(err instanceof TrainingError) || !err.errors?.length) throw err;
      // An unknown provider or qualification (removed since the page was drawn): beside its field.
      const byField = Object.fromEntries(err.errors.map((p) => [p.field, p.field === 'providerId' ? 'Select a training provider from the list' : 'Select a qualification from the list']));
      return this.cohortPage(req, reply, values, byField, 422);
    }
  }

  @Get('cohorts/:id/capacity')
  async capacityForm(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply) {
    const cohort = await this.cohorts.get(id);
    this.pages.send(req, reply, 'staff-cohort-capacity', { title: `Change the capacity of ${cohort.name}`, cohort, capacity: String(cohort.capacity), errors: {} });
  }

  /** A capacity below the places taken is refused by the service's guarded UPDATE; the page shows its sentence beside the field. */
  @Post('cohorts/:id/capacity')
  async changeCapacity(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const text = field(req.body, 'capacity');
    const { capacity, error } = capacityOf(text);
    let problem = error;
    if (capacity !== undefined) {
      try {
        await this.cohorts.changeCapacity(id, capacity, actor);
        return this.pages.redirect(reply, `/portal/staff/cohorts?capacity=${id}`);
      } catch (err) {
        if (!isRefusal(err)) throw err;
        problem = err.message;
      }
    }
    const cohort = await this.cohorts.get(id);
    const errors = { capacity: problem! };
    this.pages.send(req, reply, 'staff-cohort-capacity', { title: `Change the capacity of ${cohort.name}`, cohort, capacity: text, errors, errorList: summaryOf(errors) }, 422);
  }

  @Get('cohorts/:id/cancel')
  async cancelForm(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply) {
    return this.cancelPage(req, reply, id);
  }

  /** Cancelling cannot be undone: this page is the confirmation, and a refusal (a learner has started) is shown on it. */
  @Post('cohorts/:id/cancel')
  async cancel(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    try {
      await this.cohorts.cancel(id, actor);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return this.cancelPage(req, reply, id, err.message, 422);
    }
    this.pages.redirect(reply, `/portal/staff/cohorts?cancelled=${id}`);
  }

  @Get('placement')
  async placement(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query('placed') placed?: string) {
    const waiting = await this.learners.awaitingPlacement();
    const banner = typeof placed === 'string' && /^[A-Za-z0-9-]{1,40}$/.test(placed) ? `${placed} is placed on a cohort` : undefined;
    this.pages.send(req, reply, 'staff-placement', { title: 'Learners to place', width: 'full', waiting, banner });
  }

  @Get('placement/:id')
  placeForm(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply) {
    return this.placePage(req, reply, id, '', undefined);
  }

  @Post('placement/:id')
  async place(@Param('id', new ParseIdPipe()) id: string, @Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const cohortId = field(req.body, 'cohortId');
    if (!cohortId) return this.placePage(req, reply, id, '', 'Select a cohort', 422);
    const applicant = await this.learners.awaiting(id);
    try {
      await this.enrolments.place(id, cohortId, actor, { mover: 'staff' });
    } catch (err) {
      if (!isRefusal(err) && !(err instanceof TrainingError && err.code === 'cohort_not_found')) throw err;
      const text = err instanceof TrainingError && err.code === 'cohort_full' ? 'That cohort is full now: choose another, or raise its capacity first' : (err as Error).message;
      return this.placePage(req, reply, id, cohortId, text, 422);
    }
    this.pages.redirect(reply, `/portal/staff/placement?placed=${encodeURIComponent(applicant.applicationReference)}`);
  }

  private async cohortPage(req: PortalRequest, reply: FastifyReply, values: CohortFormValues, errors: Record<string, string>, status = 200): Promise<void> {
    const [providers, qualifications] = await Promise.all([this.providers.list(), this.qualifications.list()]);
    this.pages.send(
      req,
      reply,
      'staff-cohort-new',
      { title: 'Add a cohort', providers, qualifications, deliveryModes: DELIVERY_MODES, values, errors, errorList: summaryOf(errors, COHORT_FIELD_IDS) },
      status,
    );
  }

  private async cancelPage(req: PortalRequest, reply: FastifyReply, id: string, refusal?: string, status = 200): Promise<void> {
    const cohort = await this.cohorts.get(id);
    const counts = await this.learners.countsOnCohort(id);
    const toReturn = (counts.placed ?? 0) + (counts.deferred ?? 0);
    const started = (counts.started ?? 0) + (counts.completed ?? 0);
    const errors: Record<string, string> = refusal ? { cancel: refusal } : {};
    this.pages.send(
      req,
      reply,
      'staff-cohort-cancel',
      { title: `Cancel ${cohort.name}`, cohort, toReturn, started, errors, errorList: summaryOf(errors, { cancel: 'cancel-cohort' }) },
      status,
    );
  }

  /** The cohorts a learner may be placed on: their qualification's, not cancelled, with places left. */
  private async placePage(req: PortalRequest, reply: FastifyReply, applicationId: string, cohortId: string, error: string | undefined, status = 200): Promise<void> {
    const applicant = await this.learners.awaiting(applicationId);
    const cohorts = (await this.cohorts.catalogue({ qualificationId: applicant.qualificationId })).filter((c) => c.status === 'open');
    const errors: Record<string, string> = error ? { cohortId: error } : {};
    this.pages.send(
      req,
      reply,
      'staff-place',
      { title: `Place ${applicant.learnerName ?? applicant.applicationReference} on a cohort`, applicant, cohorts, cohortId, errors, errorList: summaryOf(errors) },
      status,
    );
  }
}
