import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { AuditService, type Actor } from '@app/identity';
import { Qualification } from '../entities';
import { IntakeError } from '../intake.error';

export interface QualificationInput {
  title: string;
  awardingBody: string;
  level: number;
  bursaryPence?: number;
  durationMonths: number;
  /** Percent of the bursary paid to the provider on a confirmed start; the rest on completion. */
  startPaymentPercent?: number;
  isExample?: boolean;
}

export interface QualificationView {
  id: string;
  title: string;
  awardingBody: string;
  level: number;
  bursaryPence: number;
  durationMonths: number;
  paymentSchedule: { startPercent: number; completionPercent: number };
  isExample: boolean;
}

export const qualificationView = (q: Qualification): QualificationView => ({
  id: q.id,
  title: q.title,
  awardingBody: q.awardingBody,
  level: q.level,
  bursaryPence: q.bursaryPence,
  durationMonths: q.durationMonths,
  paymentSchedule: { startPercent: q.startPaymentPercent, completionPercent: q.completionPaymentPercent },
  isExample: q.isExample,
});

/** The qualifications the programme funds. Rounds offer some of them; training providers deliver them. */
@Injectable()
export class QualificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** Adds a qualification; the bursary defaults to the programme's standard £500 and payments to 50/50. */
  async create(input: QualificationInput, actor: Actor): Promise<QualificationView> {
    const start = input.startPaymentPercent ?? 50;
    return this.dataSource.transaction(async (manager) => {
      const q = manager.create(Qualification, {
        title: input.title.trim(),
        awardingBody: input.awardingBody.trim(),
        level: input.level,
        bursaryPence: input.bursaryPence ?? this.config.programme.standardBursaryPence,
        durationMonths: input.durationMonths,
        startPaymentPercent: start,
        completionPaymentPercent: 100 - start,
        isExample: input.isExample ?? false,
      });
      await manager.save(q);
      await this.audit.record(manager, actor, { action: 'qualification.created', target: { type: 'qualification', id: q.id }, after: { ...qualificationView(q) } });
      return qualificationView(q);
    });
  }

  async list(): Promise<QualificationView[]> {
    return (await this.dataSource.getRepository(Qualification).find({ order: { level: 'ASC', title: 'ASC' } })).map(qualificationView);
  }

  async get(id: string): Promise<QualificationView> {
    const q = await this.dataSource.getRepository(Qualification).findOneBy({ id });
    if (!q) throw new IntakeError('qualification_not_found', 'No qualification with that id');
    return qualificationView(q);
  }
}
