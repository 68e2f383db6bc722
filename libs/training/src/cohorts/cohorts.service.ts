import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '@app/config';
import { rowsOf } from '@app/database';
import { formatDate } from '@app/http';
import { actorColumns, AuditService, type Actor } from '@app/identity';
import { ApplicationLifecycle, QualificationsService } from '@app/intake';
import { moveEnrolments } from '../enrolments/enrolment-moves';
import type { EnrolmentStatus } from '../enrolments/enrolment-status';
import { Cohort, type DeliveryMode } from '../entities';
import { ProvidersService } from '../providers/providers.service';
import { TrainingError } from '../training.error';

export const DELIVERY_MODES: readonly DeliveryMode[] = ['classroom', 'online', 'blended', 'workplace'];

/** The fewest and most places a cohort may have (the CHECK on cohort.capacity). */
export const CAPACITY = { min: 1, max: 1000 } as const;

export interface CohortInput {
  providerId: string;
  qualificationId: string;
  name?: string;
  startDate: string;
  capacity: number;
  deliveryMode?: DeliveryMode;
}

/** Open (places left), full, or cancelled by the programme team. */
export type CohortStatus = 'open' | 'full' | 'cancelled';

export interface CohortView {
  id: string;
  providerId: string;
  qualificationId: string;
  name: string;
  startDate: string;
  capacity: number;
  placesTaken: number;
  placesLeft: number;
  deliveryMode: DeliveryMode;
  status: CohortStatus;
  cancelledAt: string | null;
}

/** A cohort as the programme team's catalogue lists it: with its provider's name and its qualification's title. */
export interface CohortListing extends CohortView {
  providerName: string;
  qualificationTitle: string;
}

export const cohortView = (c: Cohort): CohortView => ({
  id: c.id,
  providerId: c.providerId,
  qualificationId: c.qualificationId,
  name: c.name,
  startDate: c.startDate,
  capacity: c.capacity,
  placesTaken: c.placesTaken,
  placesLeft: c.cancelledAt ? 0 : c.capacity - c.placesTaken,
  deliveryMode: c.deliveryMode,
  status: c.cancelledAt ? 'cancelled' : c.placesTaken >= c.capacity ? 'full' : 'open',
  cancelledAt: c.cancelledAt ? c.cancelledAt.toISOString() : null,
});

/** What cancelling a cohort did: how many learners went back to "accepted, not placed". */
export interface CohortCancelled {
  cohortId: string;
  learnersReturned: number;
}

/**
 * Cohorts: a provider's run of a qualification from a start date, with
 * limited places. Capacity changes and cancelling are guarded in SQL, so a
 * place taken while the change is asked for is never lost.
 */
@Injectable()
export class CohortsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly providers: ProvidersService,
    private readonly qualifications: QualificationsService,
    private readonly lifecycle: ApplicationLifecycle,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(input: CohortInput, actor: Actor): Promise<CohortView> {
    const provider = await this.providers.get(input.providerId).catch(() => {
      throw new TrainingError('provider_not_found', 'No training provider with that id', [{ field: 'providerId', message: 'is not a training provider' }]);
    });
    const qualification = await this.qualifications.get(input.qualificationId).catch(() => {
      throw new TrainingError('cohort_not_found', 'No qualification with that id', [{ field: 'qualificationId', message: 'is not a qualification' }]);
    });
    return this.dataSource.transaction(async (manager) => {
      const cohort = manager.create(Cohort, {
        providerId: provider.id,
        qualificationId: qualification.id,
        // People read the name, so its date is in words; the start date itself stays a date.
        name: input.name?.trim() || `${qualification.title}, ${formatDate(input.startDate)}`,
        startDate: input.startDate,
        capacity: input.capacity,
        placesTaken: 0,
        deliveryMode: input.deliveryMode ?? 'blended',
        cancelledAt: null,
      });
      await manager.save(cohort);
      await this.audit.record(manager, actor, { action: 'cohort.created', target: { type: 'cohort', id: cohort.id }, after: { ...cohortView(cohort) } });
      return cohortView(cohort);
    });
  }

  /** Cohorts, soonest first: all of them, one provider's, or those running a qualification. */
  async list(filter: { providerId?: string; qualificationId?: string; startingFrom?: string; openOnly?: boolean } = {}): Promise<CohortView[]> {
    const qb = this.dataSource.getRepository(Cohort).createQueryBuilder('c').orderBy('c.start_date', 'ASC');
    if (filter.providerId) qb.andWhere('c.provider_id = :p', { p: filter.providerId });
    if (filter.qualificationId) qb.andWhere('c.qualification_id = :q', { q: filter.qualificationId });
    if (filter.startingFrom) qb.andWhere('c.start_date >= :d', { d: filter.startingFrom });
    if (filter.openOnly) qb.andWhere('c.cancelled_at IS NULL');
    return (await qb.getMany()).map(cohortView);
  }

  /** The programme team's catalogue: every cohort (or one provider's, or one qualification's), soonest first, with names. */
  async catalogue(filter: { providerId?: string; qualificationId?: string } = {}): Promise<CohortListing[]> {
    const rows = await this.dataSource.query(
      `SELECT c.id, p.name AS provider_name, q.title AS qualification_title
       FROM cohort c JOIN training_provider p ON p.id = c.provider_id JOIN qualification q ON q.id = c.qualification_id
       WHERE ($1::uuid IS NULL OR c.provider_id = $1) AND ($2::uuid IS NULL OR c.qualification_id = $2)`,
      [filter.providerId ?? null, filter.qualificationId ?? null],
    );
    const names = new Map<string, { provider_name: string; qualification_title: string }>(rows.map((r: { id: string }) => [r.id, r]));
    return (await this.list(filter))
      .filter((c) => names.has(c.id))
      .map((c) => ({ ...c, providerName: names.get(c.id)!.provider_name, qualificationTitle: names.get(c.id)!.qualification_title }));
  }

  /** One cohort, with names; not found for an unknown id. */
  async get(cohortId: string): Promise<CohortListing> {
    const cohort = await this.dataSource.getRepository(Cohort).findOneBy({ id: cohortId });
    if (!cohort) throw new TrainingError('cohort_not_found', 'No cohort with that id');
    const [found] = await this.catalogue({ providerId: cohort.providerId, qualificationId: cohort.qualificationId }).then((all) => all.filter((c) => c.id === cohortId));
    return found;
  }

  /** What an applicant with an accepted offer may choose: open cohorts of the qualification starting today or later, with places left, soonest first. */
  async withPlaces(qualificationId: string): Promise<CohortView[]> {
    return (await this.list({ qualificationId, startingFrom: this.clock.today(), openOnly: true })).filter((c) => c.placesLeft > 0);
  }

  /**
   * Changes a cohort's capacity, never below the places taken: one guarded
   * UPDATE, so a place taken at the same moment is counted. The refusal
   * names the number taken.
   */
  async changeCapacity(cohortId: string, capacity: number, actor: Actor): Promise<CohortView> {
    if (!Number.isInteger(capacity) || capacity < CAPACITY.min || capacity > CAPACITY.max) {
      throw new TrainingError('capacity_below_places_taken', `capacity must be a whole number from ${CAPACITY.min} to ${CAPACITY.max}`, [
        { field: 'capacity', message: `must be a whole number from ${CAPACITY.min} to ${CAPACITY.max}` },
      ]);
    }
    return this.dataSource.transaction(async (manager) => {
      const [before] = await manager.query(`SELECT capacity FROM cohort WHERE id = $1`, [cohortId]);
      const changed = rowsOf(
        await manager.query(`UPDATE cohort SET capacity = $2 WHERE id = $1 AND places_taken <= $2 AND cancelled_at IS NULL RETURNING id`, [cohortId, capacity]),
      );
      if (changed.length === 0) {
        const cohort = await manager.getRepository(Cohort).findOneBy({ id: cohortId });
        if (!cohort) throw new TrainingError('cohort_not_found', 'No cohort with that id');
        if (cohort.cancelledAt) throw new TrainingError('cohort_cancelled', 'That cohort has been cancelled; its capacity cannot change');
        const taken = cohort.placesTaken;
        throw new TrainingError('capacity_below_places_taken', `The capacity cannot be less than the ${taken} ${taken === 1 ? 'place' : 'places'} already taken`, [
          { field: 'capacity', message: `must be at least ${taken}, the places already taken` },
        ]);
      }
      const after = (await manager.getRepository(Cohort).findOneBy({ id: cohortId }))!;
      await this.audit.record(manager, actor, { action: 'cohort.capacity_changed', target: { type: 'cohort', id: cohortId }, before: { capacity: before.capacity }, after: { capacity } });
      return cohortView(after);
    });
  }

  /**
   * Cancels a cohort. Refused if any learner on it has started (the
   * refusal says how many): those are withdrawn or finish first. Every
   * learner placed or deferred on it has their enrolment ended (a
   * `cohort_cancelled` report, the move a provider's turning down makes) and
   * their application back to "accepted, not placed", its bursary still
   * reserved; their places are freed. One transaction, audited.
   */
  async cancel(cohortId: string, actor: Actor): Promise<CohortCancelled> {
    return this.dataSource.transaction(async (manager) => {
      const [cohort] = await manager.query(`SELECT id, cancelled_at FROM cohort WHERE id = $1 FOR UPDATE`, [cohortId]);
      if (!cohort) throw new TrainingError('cohort_not_found', 'No cohort with that id');
      if (cohort.cancelled_at) throw new TrainingError('cohort_cancelled', 'That cohort has been cancelled already');
      const learners: { id: string; status: EnrolmentStatus; application_id: string }[] = await manager.query(
        `SELECT id, status, application_id FROM enrolment WHERE cohort_id = $1 AND status IN ('placed', 'deferred', 'started', 'completed') ORDER BY id FOR UPDATE`,
        [cohortId],
      );
      const started = learners.filter((l) => l.status === 'started' || l.status === 'completed').length;
      if (started > 0) {
        throw new TrainingError(
          'cohort_has_started_learners',
          `${started} ${started === 1 ? 'learner has' : 'learners have'} started on this cohort, so it cannot be cancelled: withdraw them first, or let the course run`,
        );
      }
      await moveEnrolments(
        manager,
        learners.map((l) => ({ enrolmentId: l.id, from: l.status, to: 'declined_by_provider' as const, cause: 'cohort_cancelled' as const, report: { note: 'The cohort was cancelled' } })),
        actor,
      );
      const by = actorColumns(actor);
      await manager.query(`UPDATE cohort SET places_taken = places_taken - $2, cancelled_at = $3, cancelled_by = $4, cancelled_by_role = $5 WHERE id = $1`, [
        cohortId,
        learners.length,
        this.clock.now(),
        by.actorId,
        by.actorRole,
      ]);
      // Back to the programme team to place elsewhere, as when a provider turns a learner down: the money stays reserved for each.
      await this.lifecycle.advanceMany(manager, learners.map((l) => l.application_id), 'enrolled', 'accepted', 'staff', actor, 'cohort_cancelled');
      await this.audit.record(manager, actor, { action: 'cohort.cancelled', target: { type: 'cohort', id: cohortId }, after: { learnersReturned: learners.length } });
      return { cohortId, learnersReturned: learners.length };
    });
  }
}
