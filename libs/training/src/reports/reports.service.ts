import { codeWords, isUuid } from '@app/http';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { BudgetError, BudgetService, PaymentRunsService } from '@app/budget';
import { AppConfig, Clock } from '@app/config';
import { AuditService, type Actor } from '@app/identity';
import { ApplicationLifecycle, type Mover } from '@app/intake';
import { OutboxService, TOPIC } from '@app/notifications';
import { releasePlace, retakePlace } from '../cohorts/places';
import { moveEnrolments, type EnrolmentFields } from '../enrolments/enrolment-moves';
import { canMoveEnrolment, statusAfterReport, type EnrolmentStatus } from '../enrolments/enrolment-status';
import { shapedReceipt, type IdempotencyReceipt } from '../idempotency/idempotency.service';
import { scheduleAmounts, stageAmount, type PricedStage } from '../payments/bursary';
import { recordPaymentsDue, type PaymentKind } from '../payments/payments-due';
import { TrainingError, type RowProblem } from '../training.error';
import { parseReportsCsv } from './csv';
import { addDays, laterDay, longDay, outsideRange } from './report-dates';
import { cleanRow, REPORT_TYPES, reportKey, shapeProblems, type ReportKeyFields, type ReportRow } from './report-rows';
import type { PaymentSchedule } from '@app/intake';

/** What the rules need to know about an enrolment, loaded once per batch and updated as rows apply. */
interface EnrolmentState {
  id: string;
  applicantId: string;
  status: EnrolmentStatus;
  applicationId: string;
  applicationStatus: string;
  startDate: string | null;
  outcome: string | null;
  /** The learner's schedule with each stage's amount: their own copy once started, the qualification's until then. */
  stages: PricedStage[];
  /** Whether `stages` is the learner's own copy (taken at the start). */
  scheduleFixed: boolean;
  /** The stages paid already (live payments due): start, completion (the pass), milestone:<name>. */
  paid: Set<string>;
  /** A fail with no resit planned has released the learner's money: no later completion can be paid from it. */
  moneyReleased: boolean;
  /** The day (UTC) the learner accepted the offer, the latest acceptance; null for records made before transitions were kept. */
  acceptedOn: string | null;
  /** The learner's cohort's start date. */
  cohortStart: string;
  /**
   * The learner's live reports by reportKey, each with where it is: recorded
   * already (null), or the number of an earlier row of this batch.
   */
  recorded: Map<string, number | null>;
}

const FAILED_NO_RESIT = 'qualification_not_passed';

export interface ReportResult {
  row: number;
  enrolmentId: string;
  type: string;
  reportId: string;
}

export interface BatchResult {
  applied: number;
  results: ReportResult[];
}

export const MAX_REPORT_ROWS = 10_000;

/** The move a report makes, planned while the batch is checked. */
interface PlannedMove {
  from: EnrolmentStatus;
  to: EnrolmentStatus;
}

/** The reports a provider can void (a withdrawal or turning a learner down is for the programme team to correct). */
export const VOIDABLE_REPORTS: readonly string[] = ['start', 'progress', 'deferral', 'completion'];

/**
 * Provider reports: starts, progress, completions, withdrawals, deferrals and
 * turning a learner down. One path for all of them: single calls are batches
 * of one. A batch is validated whole (shape, then state, simulating earlier
 * rows of the same batch) before anything is written, and applied in one
 * transaction: all or nothing. Money moves through the budget in the same
 * transaction: commit on start, pay on start and completion, release on withdrawal.
 * Which reports a learner's status allows, and where each takes them, is the
 * enrolment transition table's (enrolment-status.ts); the moves are applied
 * and recorded by moveEnrolments.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly budget: BudgetService,
    private readonly lifecycle: ApplicationLifecycle,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly paymentRuns: PaymentRunsService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Validates and applies a batch for `providerId`; throws report_rows_invalid
   * listing every problem. With `receipt` (an Idempotency-Key's), the response
   * is stored in the same transaction as the reports.
   */
  async submit(providerId: string, input: Record<string, unknown>[], actor: Actor, receipt?: IdempotencyReceipt<BatchResult>): Promise<BatchResult> {
    return this.run(providerId, input, actor, { mover: 'provider', receipt });
  }

  /**
   * A CSV file of reports (the API's and the upload page's): as submit, with
   * every row, in problems and in results, numbered by its line in the file
   * (the header is line 1), so a provider finds it in their spreadsheet.
   */
  async submitCsv(providerId: string, text: string, actor: Actor, receipt?: IdempotencyReceipt<BatchResult>): Promise<BatchResult> {
    const { rows, lines } = parseReportsCsv(text, MAX_REPORT_ROWS);
    return this.run(providerId, rows, actor, { mover: 'provider', receipt, numbers: lines });
  }

  /**
   * The one path of every report, the provider's or (a withdrawal) the
   * programme team's: the same rules and the same money; `mover` says who
   * moved the application, and the audit row says who reported. Rows are
   * numbered from 1 unless `numbers` gives each its own (a CSV's line numbers).
   */
  private async run(providerId: string, input: Record<string, unknown>[], actor: Actor, opts: { mover: Mover; receipt?: IdempotencyReceipt<BatchResult>; numbers?: number[] }): Promise<BatchResult> {
    const receipt = opts.receipt;
    if (input.length > MAX_REPORT_ROWS) throw new TrainingError('too_many_rows', `A batch may hold at most ${MAX_REPORT_ROWS} reports; send ${input.length} in smaller batches`);
    const day = this.clock.today();
    const number = (i: number) => opts.numbers?.[i] ?? i + 1;
    const rowWord = opts.numbers ? 'line' : 'row';
    // Every problem is reported at once: shape problems, and state problems for the rows whose shape is right.
    const shape = input.map((row, i) => shapeProblems(row, number(i), day));
    const rows = input.map(cleanRow);
    return this.dataSource.transaction(async (manager) => {
      // Rows naming a learner are loaded even when malformed, so a date out of range is reported beside a missing outcome, not after it is fixed.
      const named = rows.filter((r) => isUuid(r.enrolmentId ?? ''));
      // The enrolments are locked here, so the duplicate and date checks below see every report recorded before this batch, and none can land beside it.
      const states = await this.load(manager, providerId, [...new Set(named.map((r) => r.enrolmentId))]);
      const plan: PlannedMove[] = [];
      const problems = rows.flatMap((row, i) =>
        shape[i].length ? [...shape[i], ...this.datedWhileMalformed(row, shape[i], number(i), states, day)] : this.check(row, i, number(i), rowWord, states, plan, day),
      );
      if (problems.length) throw invalid(problems);
      const results: ReportResult[] = [];
      if (rows.length > 1 && rows.every((r) => r.type === 'completion') && new Set(rows.map((r) => r.enrolmentId)).size === rows.length) {
        // The common bulk upload, a file of completions: applied in sets, a handful of statements for the whole file.
        const reportIds = await this.applyCompletions(manager, rows, plan, states, actor);
        rows.forEach((row, i) => results.push({ row: number(i), enrolmentId: row.enrolmentId, type: row.type, reportId: reportIds[i] }));
      } else {
        for (const [i, row] of rows.entries()) {
          const reportId = await this.apply(manager, row, plan[i], states.get(row.enrolmentId)!, actor, opts.mover);
          results.push({ row: number(i), enrolmentId: row.enrolmentId, type: row.type, reportId });
        }
      }
      // One row per report, on the learner it is about, in one statement however long the file.
      await this.audit.recordMany(
        manager,
        actor,
        results.map((r, i) => ({
          action: opts.mover === 'provider' ? 'provider.report' : `enrolment.${r.type}_by_staff`,
          target: { type: 'enrolment', id: r.enrolmentId },
          before: { status: plan[i].from },
          after: {
            status: plan[i].to,
            reportId: r.reportId,
            type: r.type,
            providerId,
            applicationId: states.get(r.enrolmentId)!.applicationId,
            ...(opts.mover === 'provider' ? {} : { reasonCode: rows[i].reasonCode ?? null }),
          },
        })),
      );
      const result = { applied: rows.length, results };
      await receipt?.record(manager, result);
      return result;
    });
  }

  /** A bulk JSON upload: an array of report objects. */
  async submitJson(providerId: string, body: unknown, actor: Actor, receipt?: IdempotencyReceipt<BatchResult>): Promise<BatchResult> {
    if (!Array.isArray(body) || body.length === 0) {
      throw new TrainingError('report_rows_invalid', 'Send a JSON array of reports', [], [{ row: 0, column: '*', message: 'the body must be a non-empty JSON array' }]);
    }
    const notObjects = body.flatMap((r, i) => (r && typeof r === 'object' && !Array.isArray(r) ? [] : [{ row: i + 1, column: '*', message: 'must be an object' }]));
    if (notObjects.length) throw invalid(notObjects);
    return this.submit(providerId, body as Record<string, unknown>[], actor, receipt);
  }

  /**
   * One report through the same path as a batch: a problem with the learner's
   * id is 404; any other problem is 422 naming the field.
   */
  async reportOne(providerId: string, row: Record<string, unknown>, actor: Actor, receipt?: IdempotencyReceipt<ReportResult>): Promise<ReportResult> {
    return this.one(providerId, row, actor, 'provider', receipt);
  }

  /**
   * The programme team withdraws a learner: exactly a provider's withdrawal
   * report (the same rules, the same release of money and of the place), made
   * by staff. 404 for an unknown enrolment; 422 naming the field otherwise.
   */
  async withdrawByStaff(enrolmentId: string, withdrawal: { reasonCode: string; date: string; note?: string }, actor: Actor): Promise<ReportResult> {
    const [e] = await this.dataSource.query(`SELECT provider_id FROM enrolment WHERE id = $1`, [enrolmentId]);
    if (!e) throw new TrainingError('enrolment_not_found', 'No learner with that enrolment id');
    const row = { enrolmentId, type: 'withdrawal', reasonCode: withdrawal.reasonCode, date: withdrawal.date, ...(withdrawal.note ? { note: withdrawal.note } : {}) };
    return this.one(e.provider_id, row, actor, 'staff');
  }

  private async one(providerId: string, row: Record<string, unknown>, actor: Actor, mover: Mover, receipt?: IdempotencyReceipt<ReportResult>): Promise<ReportResult> {
    try {
      return (await this.run(providerId, [row], actor, { mover, receipt: shapedReceipt(receipt, (r: BatchResult) => r.results[0]) })).results[0];
    } catch (err) {
      if (err instanceof TrainingError && err.rowErrors) {
        if (err.rowErrors.some((p) => p.column === 'enrolmentId')) throw new TrainingError('enrolment_not_found', 'No learner with that enrolment id');
        throw new TrainingError('invalid_report', err.rowErrors.map((p) => `${p.column} ${p.message}`).join('; '), err.rowErrors.map((p) => ({ field: p.column, message: p.message })));
      }
      throw err;
    }
  }

  private async load(manager: EntityManager, providerId: string, ids: string[]): Promise<Map<string, EnrolmentState>> {
    // A big batch's estimated cost would have PostgreSQL compile this plan (JIT, ~12 ms) for a simple indexed read.
    if (ids.length > 1000) await manager.query('SET LOCAL jit = off');
    // Locked first, in id order, then read in a statement of its own: a read in the locking statement would see the
    // reports and payments as they were before it waited, so a concurrent identical report would not be seen as a duplicate.
    await manager.query(`SELECT e.id FROM enrolment e WHERE e.id = ANY($1::uuid[]) AND e.provider_id = $2 ORDER BY e.id FOR UPDATE OF e`, [ids, providerId]);
    const rows = await manager.query(
      `SELECT e.id, e.status, e.application_id, a.applicant_id, a.status AS application_status, to_char(e.start_date, 'YYYY-MM-DD') AS start_date, e.outcome,
              q.bursary_pence, q.payment_schedule, e.payment_schedule AS learner_schedule,
              ARRAY(SELECT p.kind || coalesce(':' || p.milestone, '') FROM payment_due p WHERE p.enrolment_id = e.id AND p.voided_at IS NULL) AS paid,
              (SELECT to_char(max(t.at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM application_transition t WHERE t.application_id = a.id AND t.to_status = 'accepted') AS accepted_on,
              to_char(c.start_date, 'YYYY-MM-DD') AS cohort_start,
              (SELECT coalesce(json_agg(json_build_object('type', r.type, 'milestone', r.milestone, 'outcome', r.outcome, 'date', to_char(r.on_date, 'YYYY-MM-DD'))), '[]')
                 FROM enrolment_report r WHERE r.enrolment_id = e.id AND r.voided_at IS NULL) AS reports
       FROM enrolment e JOIN application a ON a.id = e.application_id JOIN qualification q ON q.id = a.qualification_id JOIN cohort c ON c.id = e.cohort_id
       WHERE e.id = ANY($1::uuid[]) AND e.provider_id = $2`,
      [ids, providerId],
    );
    return new Map(
      rows.map((r: Record<string, unknown>) => [
        r.id as string,
        {
          id: r.id as string,
          applicantId: r.applicant_id as string,
          status: r.status as EnrolmentStatus,
          applicationId: r.application_id as string,
          applicationStatus: r.application_status as string,
          startDate: (r.start_date as string) ?? null,
          outcome: (r.outcome as string) ?? null,
          // Fixed at the start: a learner's payments follow their own copy, whatever the qualification says since.
          stages: (r.learner_schedule as PricedStage[] | null) ?? scheduleAmounts(r.bursary_pence as number, r.payment_schedule as PaymentSchedule),
          scheduleFixed: r.learner_schedule !== null,
          paid: new Set(r.paid as string[]),
          moneyReleased: r.application_status === 'not_passed',
          acceptedOn: (r.accepted_on as string) ?? null,
          cohortStart: r.cohort_start as string,
          recorded: new Map((r.reports as ReportKeyFields[]).map((k) => [reportKey(k), null])),
        },
      ]),
    );
  }

  /**
   * State rules for one row, against the enrolment as earlier rows of the
   * batch will have left it: the transition table decides whether the report
   * may move the learner and where to; the rest is the report's own checks:
   * not a duplicate of a report already recorded or earlier in the batch, and
   * dated where the learner's journey allows. Plans the move of row `i`
   * (numbered `n`, a `rowWord` of the batch).
   */
  /**
   * The first day a report of `type` may be dated for this learner: a start commits the money, so never before
   * the learner took the offer nor long before their cohort begins; progress and a completion not before the
   * start; a withdrawal not before the acceptance (or the start, once started). Null: no lower bound.
   */
  private earliestDay(type: string, s: EnrolmentState): string | null {
    switch (type) {
      case 'start':
        return laterDay(s.acceptedOn, addDays(s.cohortStart, -this.config.programme.startBeforeCohortDays));
      case 'progress':
      case 'completion':
        return s.startDate;
      case 'withdrawal':
        return laterDay(s.acceptedOn, s.startDate);
      default:
        return null;
    }
  }

  /** For a row with shape problems: whether its (well-formed) date is outside what the learner's record allows, judged on the record as it stands. */
  private datedWhileMalformed(row: ReportRow, shape: RowProblem[], n: number, states: Map<string, EnrolmentState>, today: string): RowProblem[] {
    const s = states.get(row.enrolmentId);
    if (!s || !row.date || shape.some((p) => p.column === 'date' || p.column === 'type') || !(REPORT_TYPES as readonly string[]).includes(row.type)) return [];
    const p = outsideRange(row.date, this.earliestDay(row.type, s), today);
    return p ? [{ row: n, column: 'date', message: p }] : [];
  }

  private check(row: ReportRow, i: number, n: number, rowWord: string, states: Map<string, EnrolmentState>, plan: PlannedMove[], today: string): RowProblem[] {
    const s = states.get(row.enrolmentId);
    const problem = (column: string, message: string): RowProblem[] => [{ row: n, column, message }];
    // Another provider's learner is not found, exactly like an unknown id.
    if (!s) return problem('enrolmentId', 'is not one of your learners');
    // Before the state rules, so a file sent twice is called a duplicate rather than, say, a start of a started learner.
    const key = reportKey(row);
    if (s.recorded.has(key)) {
      const earlier = s.recorded.get(key);
      const what = `${row.type.replace(/_/g, ' ')}${row.date ? ` on ${longDay(row.date)}` : ''}`;
      return problem('type', earlier === null ? `is a duplicate: this learner already has this ${what} recorded` : `is a duplicate of ${rowWord} ${earlier}: the same ${what}`);
    }
    const dated = (): RowProblem[] => {
      const p = row.date ? outsideRange(row.date, this.earliestDay(row.type, s), today) : undefined;
      return p ? problem('date', p) : [];
    };
    const from = s.status;
    const to = statusAfterReport(from, row.type);
    const status = codeWords(from);
    const move = (): void => {
      plan[i] = { from, to: to! };
      s.status = to!;
      s.recorded.set(key, n);
    };
    switch (row.type) {
      case 'start': {
        if (!to) return problem('type', `cannot start a learner who is ${status}`);
        const p = dated();
        move();
        s.startDate = row.date!;
        return p;
      }
      case 'progress': {
        if (row.milestone === 'completed') return problem('milestone', 'report a completion with type completion, giving the outcome');
        if (!to) return problem('type', `progress needs a started learner; this one is ${status}`);
        const p = dated();
        move();
        return p;
      }
      case 'completion': {
        if (!to) return problem('type', `a completion needs a started learner; this one is ${status}`);
        if (s.outcome === 'passed' && row.outcome === 'failed') return problem('outcome', 'the learner has already passed; void the passed completion first');
        if (s.moneyReleased) return problem('type', 'the learner did not pass and no resit was planned, so their bursary was released; void that completion first');
        const p = dated();
        move();
        s.outcome = row.outcome!;
        if (row.outcome === 'failed' && !row.resitPlanned) s.moneyReleased = true;
        return p;
      }
      case 'withdrawal': {
        if (!to) return problem('type', `cannot withdraw a learner who is ${status}`);
        const p = dated();
        move();
        return p;
      }
      case 'deferral':
        if (!to) return problem('type', `cannot defer a learner who is ${status}`);
        move();
        return [];
      case 'decline':
        if (!to) return problem('type', 'only a learner who has not started can be turned down');
        move();
        return [];
    }
  }

  private async apply(manager: EntityManager, row: ReportRow, move: PlannedMove, s: EnrolmentState, actor: Actor, mover: Mover): Promise<string> {
    const fields =
      row.type === 'start'
        ? { startDate: row.date }
        : row.type === 'completion'
          ? { outcome: row.outcome, completedOn: row.date, certificateReference: row.certificateReference ?? null }
          : undefined;
    const [reportId] = await moveEnrolments(manager, [{ enrolmentId: row.enrolmentId, ...move, cause: row.type, fields, report: row }], actor);
    const app = { id: s.applicationId, status: s.applicationStatus as never };
    switch (row.type) {
      case 'start':
        await this.budget.commit(manager, { applicationId: s.applicationId, actor });
        if (!s.scheduleFixed) {
          // The learner's schedule is fixed now: a later change to the qualification never changes what this start set.
          await manager.query(`UPDATE enrolment SET payment_schedule = $2::jsonb WHERE id = $1`, [s.id, JSON.stringify(s.stages)]);
          s.scheduleFixed = true;
        }
        await this.payStage(manager, s, reportId, { kind: 'start' }, row.date!, actor);
        break;
      case 'progress':
        // A milestone the learner's schedule pays falls due once, however often it is reported.
        if (row.milestone) await this.payStage(manager, s, reportId, { kind: 'milestone', milestone: row.milestone }, row.date!, actor);
        break;
      case 'completion':
        if (row.outcome === 'passed') {
          // The pass pays the pass stage, and any milestone never reported: a learner who passed reached them all.
          for (const stage of s.stages) {
            if (stage.on === 'milestone') await this.payStage(manager, s, reportId, { kind: 'milestone', milestone: stage.milestone }, row.date!, actor);
          }
          await this.payStage(manager, s, reportId, { kind: 'completion' }, row.date!, actor);
          if (app.status === 'enrolled') {
            await this.lifecycle.advance(manager, app, 'completed', mover, actor, { code: 'qualification_passed' });
            await this.outbox.add(manager, { topic: TOPIC.completed, recipientUserId: s.applicantId, data: { applicationId: s.applicationId, enrolmentId: s.id } });
            s.applicationStatus = 'completed';
          }
        } else if (!row.resitPlanned && app.status === 'enrolled') {
          await this.notPassed(manager, [s], mover, actor);
        }
        // A fail with a resit planned keeps the money committed and the application enrolled, for the resit's pass.
        break;
      case 'withdrawal': {
        if (move.from === 'started') {
          // Future payments stop: what is committed but not yet paid goes back to the pot.
          await this.budget.releaseCommitment(manager, { applicationId: s.applicationId, reason: `learner withdrawn: ${row.reasonCode}`, actor });
        } else {
          await this.budget.release(manager, { applicationId: s.applicationId, reason: `learner withdrawn before start: ${row.reasonCode}`, actor });
          await releasePlace(manager, row.enrolmentId);
        }
        await this.lifecycle.advance(manager, app, 'withdrawn', mover, actor, { code: `learner_${row.reasonCode}`, note: row.note });
        s.applicationStatus = 'withdrawn';
        break;
      }
      case 'deferral':
        break;
      case 'decline':
        await releasePlace(manager, row.enrolmentId);
        // Back to the programme team to place elsewhere; the money stays reserved for the learner.
        await this.lifecycle.advance(manager, app, 'accepted', mover, actor, { code: `provider_declined_${row.reasonCode}`, note: row.note });
        s.applicationStatus = 'accepted';
        break;
    }
    return reportId;
  }

  /**
   * Completions for distinct learners, in sets: the same effects as apply()
   * row by row (report, enrolment, completion payment, application
   * completed), in a few statements whatever the number of rows.
   */
  private async applyCompletions(manager: EntityManager, rows: ReportRow[], plan: PlannedMove[], states: Map<string, EnrolmentState>, actor: Actor): Promise<string[]> {
    const reportIds = await moveEnrolments(
      manager,
      rows.map((row, i) => ({
        enrolmentId: row.enrolmentId,
        ...plan[i],
        cause: 'completion' as const,
        fields: { outcome: row.outcome, completedOn: row.date, certificateReference: row.certificateReference ?? null },
        report: row,
      })),
      actor,
    );
    const reportOf = new Map(rows.map((r, i) => [r.enrolmentId, reportIds[i]]));
    const passed = rows.filter((r) => r.outcome === 'passed');
    const due = passed.flatMap((row) => {
      const s = states.get(row.enrolmentId)!;
      return this.passStages(s).map((stage) => ({ row, s, ...stage }));
    });
    const entryIds = await this.budget.payMany(
      manager,
      due.map((d) => ({ applicationId: d.s.applicationId, amountPence: d.amountPence, reference: paymentReference(d.s.id, d) })),
      actor,
    );
    await recordPaymentsDue(
      manager,
      due.map((d, i) => ({ enrolmentId: d.s.id, reportId: reportOf.get(d.s.id)!, kind: d.kind, milestone: d.milestone, amountPence: d.amountPence, dueOn: d.row.date!, ledgerEntryId: entryIds[i] })),
    );
    for (const d of due) d.s.paid.add(stageKey(d));
    const toComplete = passed.map((r) => states.get(r.enrolmentId)!).filter((s) => s.applicationStatus === 'enrolled');
    await this.lifecycle.advanceMany(manager, toComplete.map((s) => s.applicationId), 'enrolled', 'completed', 'provider', actor, 'qualification_passed');
    await this.outbox.addMany(manager, TOPIC.completed, toComplete.map((s) => ({ recipientUserId: s.applicantId, data: { applicationId: s.applicationId, enrolmentId: s.id } })));
    for (const s of toComplete) s.applicationStatus = 'completed';
    const ended = rows.filter((r) => r.outcome === 'failed' && !r.resitPlanned).map((r) => states.get(r.enrolmentId)!).filter((s) => s.applicationStatus === 'enrolled');
    await this.notPassed(manager, ended, 'provider', actor);
    return reportIds;
  }

  /** The unpaid stages a pass pays: milestones never reported, then the pass itself; only those with money. */
  private passStages(s: EnrolmentState): StageDue[] {
    const stages: StageDue[] = [
      ...s.stages.flatMap((st) => (st.on === 'milestone' ? [{ kind: 'milestone' as const, milestone: st.milestone, amountPence: st.amountPence }] : [])),
      { kind: 'completion', amountPence: stageAmount(s.stages, 'pass') },
    ];
    return stages.filter((st) => st.amountPence > 0 && !s.paid.has(stageKey(st)));
  }

  /** Pays one stage of the learner's schedule, unless it pays nothing or was paid already (a stage falls due once). */
  private async payStage(manager: EntityManager, s: EnrolmentState, reportId: string, stage: Omit<StageDue, 'amountPence'>, dueOn: string, actor: Actor): Promise<void> {
    const amountPence = stage.kind === 'start' ? stageAmount(s.stages, 'start') : stage.kind === 'completion' ? stageAmount(s.stages, 'pass') : stageAmount(s.stages, { milestone: stage.milestone! });
    if (amountPence <= 0 || s.paid.has(stageKey(stage))) return;
    const { entryId } = await this.budget.pay(manager, { applicationId: s.applicationId, amountPence, reference: paymentReference(s.id, stage), actor });
    await recordPaymentsDue(manager, [{ enrolmentId: s.id, reportId, kind: stage.kind, milestone: stage.milestone, amountPence, dueOn, ledgerEntryId: entryId }]);
    s.paid.add(stageKey(stage));
  }

  /**
   * Learners who failed with no resit planned: what is committed for them and
   * not yet paid goes back to the pot (where the budget offers it to the
   * waiting list), and their applications end, not passed. The applicant is told.
   */
  private async notPassed(manager: EntityManager, learners: EnrolmentState[], mover: Mover, actor: Actor): Promise<void> {
    if (learners.length === 0) return;
    for (const s of learners) {
      await this.budget.releaseCommitment(manager, { applicationId: s.applicationId, reason: 'learner did not pass; no resit planned', actor });
    }
    await this.lifecycle.advanceMany(manager, learners.map((s) => s.applicationId), 'enrolled', 'not_passed', mover, actor, FAILED_NO_RESIT);
    await this.outbox.addMany(manager, TOPIC.notPassed, learners.map((s) => ({ recipientUserId: s.applicantId, data: { applicationId: s.applicationId, enrolmentId: s.id } })));
    for (const s of learners) s.applicationStatus = 'not_passed';
  }

  /**
   * Voids a mistaken report (the learner's latest) with a reason, reversing
   * its money: a voided completion's payment is reversed and the learner is
   * back to started (or to the completion before it); a voided start reverses
   * the start payment and the commitment, and the learner is back to placed
   * (or deferred); a voided deferral of a learner who had not started puts
   * them back to placed. A payment finance has already paid is not reversed
   * here: the programme team recovers it. Withdrawals and declines are not
   * voided here either: their effects (money released, a place given up) are
   * for the programme team.
   */
  async voidReport(providerId: string, enrolmentId: string, reportId: string, reason: string, actor: Actor, receipt?: IdempotencyReceipt<{ voided: true }>): Promise<{ voided: true }> {
    return this.dataSource.transaction(async (manager) => {
      const states = await this.load(manager, providerId, [enrolmentId]);
      const s = states.get(enrolmentId);
      if (!s) throw new TrainingError('enrolment_not_found', 'No learner with that enrolment id');
      const [report] = await manager.query(
        `SELECT id, type, outcome FROM enrolment_report WHERE enrolment_id = $1 AND voided_at IS NULL ORDER BY id DESC LIMIT 1`,
        [enrolmentId],
      );
      if (!report || String(report.id) !== reportId) {
        throw new TrainingError('report_not_found', 'Only the learner’s latest report can be voided; void later reports first', [{ field: 'reportId', message: 'is not the latest report' }]);
      }
      if (!VOIDABLE_REPORTS.includes(report.type)) {
        throw new TrainingError('invalid_report', `A ${report.type} report cannot be voided; ask the programme team`, [{ field: 'reportId', message: `is a ${report.type} report` }]);
      }
      const cannot = (message: string) => new TrainingError('invalid_report', message, [{ field: 'reportId', message }]);
      // Payments made on this report are reversed first, so that a commitment they came from can be reversed after them.
      const payments = await manager.query(`SELECT id, ledger_entry_id, paid_at FROM payment_due WHERE report_id = $1 AND voided_at IS NULL`, [report.id]);
      if (payments.some((p: { paid_at: Date | null }) => p.paid_at)) throw cannot('its payment has been paid already; ask the programme team to recover it');
      // A payment finance has submitted or approved for sending is locked; one in a draft run leaves the draft.
      try {
        await this.paymentRuns.releaseVoided(manager, payments.map((p: { id: string }) => p.id));
      } catch (err) {
        if (err instanceof BudgetError && err.code === 'payment_in_run') throw cannot(err.message);
        throw err;
      }
      const ledgerReason = (what: string) => `${what}: ${reason}`.slice(0, 1000);
      for (const p of payments) {
        await this.budget.reverse(manager, { entryId: p.ledger_entry_id, reason: ledgerReason('void'), actor });
        await manager.query(`UPDATE payment_due SET voided_at = now() WHERE id = $1`, [p.id]);
      }
      // Where the learner goes back to: the table allows the move, these effects decide which.
      let to: EnrolmentStatus = s.status;
      let fields: EnrolmentFields | undefined;
      if (report.type === 'start') {
        try {
          if (!(await this.budget.uncommit(manager, { applicationId: s.applicationId, reason: ledgerReason('start voided'), actor }))) {
            throw cannot('the money committed at the start is no longer held for this learner; ask the programme team');
          }
        } catch (err) {
          // A year end since moved or released the commitment: not the provider's to unpick.
          if (err instanceof BudgetError && err.code === 'would_go_negative') throw cannot('the money committed at the start has moved since (a year end); ask the programme team');
          throw err;
        }
        const [before] = await manager.query(
          `SELECT type FROM enrolment_report WHERE enrolment_id = $1 AND voided_at IS NULL AND type IN ('placement', 'deferral') ORDER BY id DESC LIMIT 1`,
          [enrolmentId],
        );
        to = before?.type === 'deferral' ? 'deferred' : 'placed';
        fields = { startDate: null };
        // The schedule was fixed by this start; the real start fixes it again, from the qualification as it is then.
        await manager.query(`UPDATE enrolment SET payment_schedule = NULL WHERE id = $1`, [enrolmentId]);
      }
      // Deferring a placed learner made them deferred; deferring a started learner changed nothing.
      if (report.type === 'deferral' && s.status === 'deferred') to = 'placed';
      let previous: { outcome: string; on_date: string; certificate_reference: string | null } | undefined;
      if (report.type === 'completion') {
        // The latest remaining completion (if any) wins again; otherwise the learner is back to started.
        [previous] = await manager.query(
          `SELECT outcome, to_char(on_date, 'YYYY-MM-DD') AS on_date, certificate_reference FROM enrolment_report WHERE enrolment_id = $1 AND type = 'completion' AND voided_at IS NULL AND id <> $2 ORDER BY id DESC LIMIT 1`,
          [enrolmentId, report.id],
        );
        to = previous ? 'completed' : 'started';
        fields = { outcome: previous?.outcome ?? null, completedOn: previous?.on_date ?? null, certificateReference: previous?.certificate_reference ?? null };
      }
      const cause = `${report.type as 'start' | 'progress' | 'deferral' | 'completion'}_voided` as const;
      await moveEnrolments(manager, [{ enrolmentId, from: s.status, to, cause, fields, voids: { reportId: String(report.id), reason } }], actor);
      if (report.type === 'completion' && s.applicationStatus === 'completed' && previous?.outcome !== 'passed') {
        await this.lifecycle.advance(manager, { id: s.applicationId, status: 'completed' }, 'enrolled', 'provider', actor, { code: 'completion_voided', note: reason });
      }
      if (report.type === 'completion' && s.applicationStatus === 'not_passed') {
        // The fail released the learner's unpaid money: it is held for them again, if the pot still has it.
        try {
          if (!(await this.budget.unrelease(manager, { applicationId: s.applicationId, reason: ledgerReason('failed completion voided'), actor }))) {
            throw cannot('the money this fail released is no longer recorded as released for this learner; ask the programme team');
          }
        } catch (err) {
          if (err instanceof BudgetError && err.code === 'would_go_negative') {
            throw cannot('the pot no longer has the money this fail released available (it may have funded another offer), so the completion cannot be voided; ask the programme team');
          }
          throw err;
        }
        await this.lifecycle.advance(manager, { id: s.applicationId, status: 'not_passed' }, 'enrolled', 'provider', actor, { code: 'completion_voided', note: reason });
      }
      await this.audit.record(manager, actor, { action: 'provider.report_voided', target: { type: 'enrolment', id: enrolmentId }, after: { reportId, reason } });
      await receipt?.record(manager, { voided: true });
      return { voided: true as const };
    });
  }

  /**
   * The programme team corrects a provider's mistaken withdrawal or turning
   * down (a provider cannot void either), with a reason: the report is
   * voided, the learner goes back to the status it found them in, and its
   * effects are reversed: the place it gave up is taken again (refused if
   * the cohort is full or cancelled since), the money a withdrawal released
   * is held again as it was, reserved or committed (refused if the pot no
   * longer has it available), and the application is back on its course.
   * Only the learner's latest report can be corrected; one transaction, audited.
   */
  async correct(enrolmentId: string, reason: string, actor: Actor): Promise<{ enrolmentId: string; status: EnrolmentStatus }> {
    const text = reason.trim();
    if (!text) throw new TrainingError('invalid_report', 'Give the reason for the correction', [{ field: 'reason', message: 'is required' }]);
    return this.dataSource.transaction(async (manager) => {
      const [e] = await manager.query(
        `SELECT e.id, e.status, e.application_id, to_char(e.start_date, 'YYYY-MM-DD') AS start_date, c.cancelled_at
         FROM enrolment e JOIN cohort c ON c.id = e.cohort_id WHERE e.id = $1 FOR UPDATE OF e`,
        [enrolmentId],
      );
      if (!e) throw new TrainingError('enrolment_not_found', 'No learner with that enrolment id');
      const cannot = (message: string) => new TrainingError('not_correctable', message);
      const from = e.status as EnrolmentStatus;
      if (from !== 'withdrawn' && from !== 'declined_by_provider') {
        throw cannot(`Only a withdrawal or a turning down can be corrected; this learner is ${codeWords(from)}`);
      }
      const [report] = await manager.query(
        `SELECT id, type, from_status FROM enrolment_report WHERE enrolment_id = $1 AND voided_at IS NULL ORDER BY id DESC LIMIT 1`,
        [enrolmentId],
      );
      if (!report || (report.type !== 'withdrawal' && report.type !== 'decline')) {
        throw cannot(report?.type === 'cohort_cancelled' ? 'The learner’s cohort was cancelled: place them on another cohort instead' : 'The learner’s latest report is not a withdrawal or a turning down');
      }
      if (e.cancelled_at) throw cannot('The learner’s cohort has been cancelled since: place them on another cohort instead');
      // Rows from before reports recorded their moves: a withdrawal found a learner started if they had a start date.
      const to = (report.from_status ?? (report.type === 'decline' ? 'placed' : e.start_date ? 'started' : 'placed')) as EnrolmentStatus;
      const cause = report.type === 'withdrawal' ? ('withdrawal_voided' as const) : ('decline_voided' as const);
      if (!canMoveEnrolment(from, to, cause)) throw cannot(`A learner who is ${codeWords(from)} cannot go back to ${codeWords(to)}`);
      const app = await this.lifecycle.lock(manager, e.application_id);
      const expected = report.type === 'withdrawal' ? 'withdrawn' : 'accepted';
      if (app.status !== expected) {
        throw cannot(
          app.status === 'enrolled'
            ? 'The learner has been placed on a course again since; withdraw them from it first'
            : `The application is ${codeWords(app.status)} now, so this cannot be corrected`,
        );
      }
      // A learner who had not started gave up their place; take it back with the guard placing uses.
      if (to !== 'started' && !(await retakePlace(manager, enrolmentId))) {
        throw new TrainingError('cohort_full', 'The learner’s cohort is full now: raise its capacity first, or place the learner on another cohort', [{ field: 'cohortId', message: 'has no places left' }]);
      }
      if (report.type === 'withdrawal') {
        try {
          await this.budget.unrelease(manager, { applicationId: e.application_id, reason: `withdrawal corrected: ${text}`.slice(0, 1000), actor });
        } catch (err) {
          if (err instanceof BudgetError && err.code === 'would_go_negative') {
            throw cannot('The pot no longer has the money this withdrawal gave back available (it may have funded another offer), so the learner cannot be put back');
          }
          throw err;
        }
      }
      await moveEnrolments(manager, [{ enrolmentId, from, to, cause, voids: { reportId: String(report.id), reason: text } }], actor);
      await this.lifecycle.advance(manager, app, 'enrolled', 'staff', actor, { code: `${report.type}_corrected`, note: text });
      await this.audit.record(manager, actor, {
        action: 'enrolment.corrected',
        target: { type: 'enrolment', id: enrolmentId },
        before: { status: from },
        after: { status: to, reportId: String(report.id), reason: text },
      });
      return { enrolmentId, status: to };
    });
  }
}

/** A stage falling due: the start, a named milestone, or the pass (kind `completion`, as payments due name it). */
interface StageDue {
  kind: PaymentKind;
  milestone?: string;
  amountPence: number;
}

const stageKey = (st: { kind: PaymentKind; milestone?: string }) => (st.kind === 'milestone' ? `milestone:${st.milestone}` : st.kind);

/** The ledger's reference of a stage's payment: one per enrolment and stage, which the budget refuses twice. */
const paymentReference = (enrolmentId: string, st: { kind: PaymentKind; milestone?: string }) =>
  st.kind === 'milestone' ? `milestone payment (${st.milestone}), enrolment ${enrolmentId}` : `${st.kind} payment, enrolment ${enrolmentId}`;

function invalid(problems: RowProblem[]): TrainingError {
  return new TrainingError(
    'report_rows_invalid',
    `${new Set(problems.map((p) => p.row)).size} report(s) have problems; nothing was applied`,
    problems.map((p) => ({ field: `${p.row}.${p.column}`, message: p.message })),
    problems,
  );
}
