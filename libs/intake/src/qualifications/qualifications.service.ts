import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig, Clock } from '@app/config';
import type { FieldProblem } from '@app/http';
import { AuditService, type Actor } from '@app/identity';
import { Qualification } from '../entities';
import { IntakeError } from '../intake.error';
import { cleanSchedule, paymentScheduleProblems, startPercentOf, twoStageSchedule, type PaymentSchedule, type PaymentStage } from './payment-schedule';

export interface QualificationInput {
  title: string;
  awardingBody: string;
  level: number;
  bursaryPence?: number;
  durationMonths: number;
  /** The stages of payment: start, any progress milestones, pass; the percents make 100. Default 50/50. */
  paymentSchedule?: PaymentSchedule;
  /** The older two-stage form: percent paid on a confirmed start; the rest on a pass. Not with paymentSchedule. */
  startPaymentPercent?: number;
  /** The older two-stage form: percent paid on a pass; with startPaymentPercent it must make 100. */
  completionPaymentPercent?: number;
  isExample?: boolean;
  /** The competency codes from config/workforce.yaml the qualification covers (gap-weighted priority reads them). Default none. */
  competencies?: string[];
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
  paymentSchedule: PaymentStage[];
  /** The start stage's percent. */
  startPaymentPercent: number;
  /** What the stages after the start pay together. */
  completionPaymentPercent: number;
  isExample: boolean;
  /** The competency codes it covers, in config/workforce.yaml's order. */
  competencies: string[];
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
  paymentSchedule: q.paymentSchedule,
  startPaymentPercent: q.startPaymentPercent,
  completionPaymentPercent: q.completionPaymentPercent,
  isExample: q.isExample,
  competencies: q.competencies ?? [],
  retiredAt: q.retiredAt?.toISOString() ?? null,
});

const whole = (n: unknown, min: number, max: number) => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;

/**
 * What is wrong with a qualification's fields, each naming its field: the
 * API's DTO and the staff pages check the same rules here, and so do the
 * database's constraints.
 */
export function qualificationProblems(q: Omit<QualificationInput, 'isExample' | 'startPaymentPercent' | 'completionPaymentPercent' | 'paymentSchedule'> & { bursaryPence: number; paymentSchedule: unknown }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const title = q.title?.trim() ?? '';
  if (title.length < 3 || title.length > 200) problems.push({ field: 'title', message: 'must be 3 to 200 characters' });
  const body = q.awardingBody?.trim() ?? '';
  if (body.length < 2 || body.length > 200) problems.push({ field: 'awardingBody', message: 'must be 2 to 200 characters' });
  if (!whole(q.level, 1, 8)) problems.push({ field: 'level', message: 'must be a whole number from 1 to 8' });
  if (!whole(q.bursaryPence, 1, 10_000_000)) problems.push({ field: 'bursaryPence', message: 'must be a whole number of pence from 1 to 10,000,000 (£100,000)' });
  if (!whole(q.durationMonths, 1, 60)) problems.push({ field: 'durationMonths', message: 'must be a whole number of months from 1 to 60' });
  problems.push(...paymentScheduleProblems(q.paymentSchedule));
  return problems;
}

/**
 * The schedule a create or an edit asks for, or the problems with how it was
 * asked: a `paymentSchedule`, or the older pair of start and completion
 * percents (one of them moves the other with it), never both. Undefined when
 * neither was given.
 */
export function requestedSchedule(input: Pick<QualificationInput, 'paymentSchedule' | 'startPaymentPercent' | 'completionPaymentPercent'>): { schedule?: unknown; problems: FieldProblem[] } {
  const pair = input.startPaymentPercent !== undefined || input.completionPaymentPercent !== undefined;
  if (input.paymentSchedule !== undefined) {
    if (pair) return { problems: [{ field: 'paymentSchedule', message: 'give either paymentSchedule or startPaymentPercent and completionPaymentPercent, not both' }] };
    return { schedule: input.paymentSchedule, problems: [] };
  }
  if (!pair) return { problems: [] };
  const problems: FieldProblem[] = [];
  const { startPaymentPercent: start, completionPaymentPercent: completion } = input;
  if (start !== undefined && !whole(start, 0, 100)) problems.push({ field: 'startPaymentPercent', message: 'must be a whole number from 0 to 100' });
  if (completion !== undefined && !whole(completion, 0, 100)) problems.push({ field: 'completionPaymentPercent', message: 'must be a whole number from 0 to 100' });
  else if (start !== undefined && completion !== undefined && whole(start, 0, 100) && start + completion !== 100) {
    problems.push({ field: 'completionPaymentPercent', message: `must make 100 with the start payment: ${start}% on start leaves ${100 - start}% for completion` });
  }
  if (problems.length) return { problems };
  return { schedule: twoStageSchedule(start ?? 100 - completion!), problems: [] };
}

/** The columns a valid schedule is stored in: the stages, and the start's share beside what the rest pays. */
function scheduleColumns(schedule: PaymentSchedule): Pick<Qualification, 'paymentSchedule' | 'startPaymentPercent' | 'completionPaymentPercent'> {
  const start = startPercentOf(schedule);
  return { paymentSchedule: cleanSchedule(schedule), startPaymentPercent: start, completionPaymentPercent: 100 - start };
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

  /** Adds a qualification; the bursary defaults to the programme's standard £500 and payments to 50/50 (start and pass). */
  async create(input: QualificationInput, actor: Actor): Promise<QualificationView> {
    const asked = requestedSchedule(input);
    refuse(asked.problems);
    const fields = {
      title: input.title,
      awardingBody: input.awardingBody,
      level: input.level,
      bursaryPence: input.bursaryPence ?? this.config.programme.standardBursaryPence,
      durationMonths: input.durationMonths,
      paymentSchedule: asked.schedule ?? twoStageSchedule(50),
    };
    const covered = competencyProblems(input.competencies ?? [], this.competencyCodes());
    refuse([...qualificationProblems(fields), ...covered.problems]);
    const schedule = scheduleColumns(fields.paymentSchedule as PaymentSchedule);
    return this.dataSource.transaction(async (manager) => {
      const q = manager.create(Qualification, { ...fields, ...schedule, competencies: covered.codes!, title: fields.title.trim(), awardingBody: fields.awardingBody.trim(), isExample: input.isExample ?? false, retiredAt: null });
      await manager.save(q);
      await this.audit.record(manager, actor, { action: 'qualification.created', target: { type: 'qualification', id: q.id }, after: { ...qualificationView(q) } });
      return qualificationView(q);
    });
  }

  /**
   * Changes a qualification's title, awarding body, level, bursary, length
   * or payment schedule (its percents must add up to 100). Offers made
   * already keep the amount they reserved, and learners who have started
   * keep the schedule they started on.
   */
  async update(id: string, changes: QualificationChanges, actor: Actor): Promise<QualificationView> {
    return this.dataSource.transaction(async (manager) => {
      const q = await manager.findOne(Qualification, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!q) throw new IntakeError('qualification_not_found', 'No qualification with that id');
      const before = qualificationView(q);
      // Changing only one side of the older pair moves the other with it.
      const asked = requestedSchedule(changes);
      refuse(asked.problems);
      const fields = {
        title: changes.title ?? q.title,
        awardingBody: changes.awardingBody ?? q.awardingBody,
        level: changes.level ?? q.level,
        bursaryPence: changes.bursaryPence ?? q.bursaryPence,
        durationMonths: changes.durationMonths ?? q.durationMonths,
        paymentSchedule: asked.schedule ?? q.paymentSchedule,
      };
      const covered = competencyProblems(changes.competencies ?? q.competencies ?? [], this.competencyCodes());
      refuse([...qualificationProblems(fields), ...covered.problems]);
      Object.assign(q, fields, scheduleColumns(fields.paymentSchedule as PaymentSchedule), { title: fields.title.trim(), awardingBody: fields.awardingBody.trim(), competencies: covered.codes! });
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

  private competencyCodes(): string[] {
    return this.config.workforce.competencies.map((c) => c.code);
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

/** Unknown or repeated competency codes, named by position; the codes in config/workforce.yaml's order when all is well. */
export function competencyProblems(codes: unknown, known: readonly string[]): { problems: FieldProblem[]; codes?: string[] } {
  if (!Array.isArray(codes)) return { problems: [{ field: 'competencies', message: 'must be a list of competency codes' }] };
  const problems: FieldProblem[] = [];
  codes.forEach((c, i) => {
    if (typeof c !== 'string' || !known.includes(c)) problems.push({ field: `competencies[${i}]`, message: `is not a competency code in config/workforce.yaml (${known.join(', ')})` });
    else if (codes.indexOf(c) !== i) problems.push({ field: `competencies[${i}]`, message: 'is listed twice' });
  });
  return problems.length ? { problems } : { problems, codes: known.filter((k) => codes.includes(k)) };
}

function refuse(problems: FieldProblem[]): void {
  if (problems.length) throw new IntakeError('invalid_qualification', problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
}
