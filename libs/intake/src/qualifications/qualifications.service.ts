import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig, Clock } from '@app/config';
import type { FieldProblem } from '@app/http';
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
  /** Percent paid on completion; when given, it and startPaymentPercent must add up to 100. */
  completionPaymentPercent?: number;
  isExample?: boolean;
}

/** What an edit can change; anything left out stays as it is. */
export type QualificationChanges = Partial<Omit<QualificationInput, 'isExample'>>;

export interface QualificationView {
  id: string;
  title: string;
  awardingBody: string;
  level: number;
  bursaryPence: number;
  durationMonths: number;
  paymentSchedule: { startPercent: number; completionPercent: number };
  isExample: boolean;
  /** When it was retired (no longer offered in new rounds or to applicants); null while offered. */
  retiredAt: string | null;
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
  retiredAt: q.retiredAt?.toISOString() ?? null,
});

const whole = (n: unknown, min: number, max: number) => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;

/**
 * What is wrong with a qualification's fields, each naming its field: the
 * API's DTO and the staff pages check the same rules here, and so do the
 * database's constraints.
 */
export function qualificationProblems(q: Omit<QualificationInput, 'isExample'> & { completionPaymentPercent: number; startPaymentPercent: number; bursaryPence: number }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const title = q.title?.trim() ?? '';
  if (title.length < 3 || title.length > 200) problems.push({ field: 'title', message: 'must be 3 to 200 characters' });
  const body = q.awardingBody?.trim() ?? '';
  if (body.length < 2 || body.length > 200) problems.push({ field: 'awardingBody', message: 'must be 2 to 200 characters' });
  if (!whole(q.level, 1, 8)) problems.push({ field: 'level', message: 'must be a whole number from 1 to 8' });
  if (!whole(q.bursaryPence, 1, 10_000_000)) problems.push({ field: 'bursaryPence', message: 'must be a whole number of pence from 1 to 10,000,000 (£100,000)' });
  if (!whole(q.durationMonths, 1, 60)) problems.push({ field: 'durationMonths', message: 'must be a whole number of months from 1 to 60' });
  if (!whole(q.startPaymentPercent, 0, 100)) problems.push({ field: 'startPaymentPercent', message: 'must be a whole number from 0 to 100' });
  if (!whole(q.completionPaymentPercent, 0, 100)) problems.push({ field: 'completionPaymentPercent', message: 'must be a whole number from 0 to 100' });
  else if (whole(q.startPaymentPercent, 0, 100) && q.startPaymentPercent + q.completionPaymentPercent !== 100) {
    problems.push({ field: 'completionPaymentPercent', message: `must make 100 with the start payment: ${q.startPaymentPercent}% on start leaves ${100 - q.startPaymentPercent}% for completion` });
  }
  return problems;
}

/** The qualifications the programme funds. Rounds offer some of them; training providers deliver them. */
@Injectable()
export class QualificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Adds a qualification; the bursary defaults to the programme's standard £500 and payments to 50/50. */
  async create(input: QualificationInput, actor: Actor): Promise<QualificationView> {
    const start = input.startPaymentPercent ?? (input.completionPaymentPercent !== undefined ? 100 - input.completionPaymentPercent : 50);
    const fields = {
      title: input.title,
      awardingBody: input.awardingBody,
      level: input.level,
      bursaryPence: input.bursaryPence ?? this.config.programme.standardBursaryPence,
      durationMonths: input.durationMonths,
      startPaymentPercent: start,
      completionPaymentPercent: input.completionPaymentPercent ?? 100 - start,
    };
    refuse(qualificationProblems(fields));
    return this.dataSource.transaction(async (manager) => {
      const q = manager.create(Qualification, { ...fields, title: fields.title.trim(), awardingBody: fields.awardingBody.trim(), isExample: input.isExample ?? false, retiredAt: null });
      await manager.save(q);
      await this.audit.record(manager, actor, { action: 'qualification.created', target: { type: 'qualification', id: q.id }, after: { ...qualificationView(q) } });
      return qualificationView(q);
    });
  }

  /**
   * Changes a qualification's title, awarding body, level, bursary, length
   * or payment schedule (start and completion percent must add up to 100).
   * Offers made already keep the amount they reserved.
   */
  async update(id: string, changes: QualificationChanges, actor: Actor): Promise<QualificationView> {
    return this.dataSource.transaction(async (manager) => {
      const q = await manager.findOne(Qualification, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!q) throw new IntakeError('qualification_not_found', 'No qualification with that id');
      const before = qualificationView(q);
      // Changing only one side of the schedule moves the other with it.
      const start = changes.startPaymentPercent ?? (changes.completionPaymentPercent !== undefined ? 100 - changes.completionPaymentPercent : q.startPaymentPercent);
      const fields = {
        title: changes.title ?? q.title,
        awardingBody: changes.awardingBody ?? q.awardingBody,
        level: changes.level ?? q.level,
        bursaryPence: changes.bursaryPence ?? q.bursaryPence,
        durationMonths: changes.durationMonths ?? q.durationMonths,
        startPaymentPercent: start,
        completionPaymentPercent: changes.completionPaymentPercent ?? 100 - start,
      };
      refuse(qualificationProblems(fields));
      Object.assign(q, fields, { title: fields.title.trim(), awardingBody: fields.awardingBody.trim() });
      await manager.save(q);
      await this.audit.record(manager, actor, { action: 'qualification.updated', target: { type: 'qualification', id }, before: { ...before }, after: { ...qualificationView(q) } });
      return qualificationView(q);
    });
  }

  /**
   * Retires a qualification: it can no longer be added to rounds and is not
   * offered to applicants; applications made already carry on. Refused when
   * it is retired already.
   */
  async retire(id: string, actor: Actor): Promise<QualificationView> {
    return this.dataSource.transaction(async (manager) => {
      const q = await manager.findOne(Qualification, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!q) throw new IntakeError('qualification_not_found', 'No qualification with that id');
      if (q.retiredAt) throw new IntakeError('qualification_retired', `${q.title} is retired already`, [{ field: 'retiredAt', message: 'is set already' }]);
      q.retiredAt = this.clock.now();
      await manager.save(q);
      await this.audit.record(manager, actor, { action: 'qualification.retired', target: { type: 'qualification', id }, before: { retiredAt: null }, after: { retiredAt: q.retiredAt.toISOString() } });
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

function refuse(problems: FieldProblem[]): void {
  if (problems.length) throw new IntakeError('invalid_qualification', problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
}
