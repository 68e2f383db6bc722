import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '@app/config';
import { AuditService, type Actor } from '@app/identity';
import { QualificationsService } from '@app/intake';
import { Cohort, type DeliveryMode } from '../entities';
import { ProvidersService } from '../providers/providers.service';
import { TrainingError } from '../training.error';

export const DELIVERY_MODES: readonly DeliveryMode[] = ['classroom', 'online', 'blended', 'workplace'];

export interface CohortInput {
  providerId: string;
  qualificationId: string;
  name?: string;
  startDate: string;
  capacity: number;
  deliveryMode?: DeliveryMode;
}

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
}

export const cohortView = (c: Cohort): CohortView => ({
  id: c.id,
  providerId: c.providerId,
  qualificationId: c.qualificationId,
  name: c.name,
  startDate: c.startDate,
  capacity: c.capacity,
  placesTaken: c.placesTaken,
  placesLeft: c.capacity - c.placesTaken,
  deliveryMode: c.deliveryMode,
});

/** Cohorts: a provider's run of a qualification from a start date, with limited places. */
@Injectable()
export class CohortsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly providers: ProvidersService,
    private readonly qualifications: QualificationsService,
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
        name: input.name?.trim() || `${qualification.title}, ${input.startDate}`,
        startDate: input.startDate,
        capacity: input.capacity,
        placesTaken: 0,
        deliveryMode: input.deliveryMode ?? 'blended',
      });
      await manager.save(cohort);
      await this.audit.record(manager, actor, { action: 'cohort.created', target: { type: 'cohort', id: cohort.id }, after: { ...cohortView(cohort) } });
      return cohortView(cohort);
    });
  }

  /** Cohorts, soonest first: all of them, one provider's, or those running a qualification. */
  async list(filter: { providerId?: string; qualificationId?: string; startingFrom?: string } = {}): Promise<CohortView[]> {
    const qb = this.dataSource.getRepository(Cohort).createQueryBuilder('c').orderBy('c.start_date', 'ASC');
    if (filter.providerId) qb.andWhere('c.provider_id = :p', { p: filter.providerId });
    if (filter.qualificationId) qb.andWhere('c.qualification_id = :q', { q: filter.qualificationId });
    if (filter.startingFrom) qb.andWhere('c.start_date >= :d', { d: filter.startingFrom });
    return (await qb.getMany()).map(cohortView);
  }

  /** What an applicant with an accepted offer may choose: cohorts of the qualification starting today or later, with places left, soonest first. */
  async withPlaces(qualificationId: string): Promise<CohortView[]> {
    return (await this.list({ qualificationId, startingFrom: this.clock.today() })).filter((c) => c.placesLeft > 0);
  }
}
