import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { CERTIFICATE_REFERENCE_MAX, IdempotencyService, MAX_CSV_BYTES, MAX_REPORT_ROWS, OUTCOMES, PROGRESS_MILESTONES, REASONS, REPORT_COLUMNS, REPORT_NOTE_MAX, REPORT_TYPES, reportsCsvTemplate, ReportsService, shapedReceipt, TrainingError, type BatchResult, type RowProblem } from '@app/training';
import { field } from '../kit/form-fields';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type FormError, type PortalRequest } from '../kit/pages';
import { PROVIDER_AREA } from './provider-area';

const UPLOAD = '/portal/provider/reports/upload';
const KEY = /^[\x21-\x7e]{1,200}$/;

/** Bulk reports from a CSV file: the API's rules, all or nothing, applied once per form. */
@InPortalArea(PROVIDER_AREA)
@ApiExcludeController()
@Controller('portal/provider/reports')
@Roles(['provider'])
export class UploadPages {
  constructor(
    private readonly reports: ReportsService,
    private readonly keys: IdempotencyService,
    private readonly pages: PortalPages,
  ) {}

  @Get('upload')
  uploadForm(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query('applied') applied?: string) {
    const count = Number(applied);
    const banner = Number.isInteger(count) && count > 0 ? `${count} ${count === 1 ? 'report' : 'reports'} applied` : undefined;
    this.form(req, reply, 200, { banner });
  }

  /** A file to start from: the columns in the order the service defines them and one example row. */
  @Get('upload/template.csv')
  template(@Res() reply: FastifyReply) {
    reply.header('cache-control', 'no-store').header('content-disposition', 'attachment; filename="reports-template.csv"').type('text/csv; charset=utf-8').send(reportsCsvTemplate());
  }

  /**
   * The form's idempotency key (new on every render) makes a double submit
   * apply once: the second request waits for the first and shows its result.
   */
  @Post('upload')
  async upload(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const file = req.body?.csv;
    const key = field(req.body, 'idempotencyKey');
    if (!Buffer.isBuffer(file) || file.length === 0) return this.form(req, reply, 400, { errorList: [{ href: '#csv', text: 'Select a CSV file of reports' }] });
    if (!KEY.test(key)) return this.form(req, reply, 400, { errorList: [{ href: '#csv', text: 'The form has expired. Select the file again' }] });
    const providerId = actor.providerId!;
    const text = file.toString('utf8');
    const claim = await this.claim(providerId, key, IdempotencyService.hash('POST', UPLOAD, text));
    if (claim === 'reused') return this.form(req, reply, 422, { errorList: [{ href: '#csv', text: 'This form was used for another file. Select the file again' }] });
    if (claim.kind === 'replay') return this.pages.redirect(reply, `${UPLOAD}?applied=${(claim.body as { applied: number }).applied}`);
    const held = claim.receipt;
    held.keepAlive(this.keys.leaseSeconds);
    try {
      // The page replays only the count, so that is what the key keeps (in the upload's own transaction).
      const { applied } = await this.reports.submitCsv(providerId, text, actor, shapedReceipt(held, (r: BatchResult) => ({ applied: r.applied })));
      this.pages.redirect(reply, `${UPLOAD}?applied=${applied}`);
    } catch (err) {
      await this.keys.release(held);
      if (!(err instanceof TrainingError) || !(err.rowErrors || err.code === 'too_many_rows')) throw err;
      const problems: RowProblem[] = err.rowErrors ?? [];
      this.form(req, reply, 422, { problems, errorTitle: 'Nothing was applied', errorList: [{ href: '#csv', text: problems.length ? summary(problems) : err.message }] });
    } finally {
      held.stop();
    }
  }

  /** Claims the key; while another request holds it (a double submit), waits up to 10 seconds for its result. */
  private async claim(providerId: string, key: string, hash: Buffer) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.keys.claim(providerId, key, hash);
      } catch (err) {
        if (!(err instanceof TrainingError)) throw err;
        if (err.code === 'idempotency_key_reused') return 'reused' as const;
        if (err.code !== 'idempotency_key_in_flight' || attempt === 40) throw err;
        await sleep(250);
      }
    }
  }

  private form(req: PortalRequest, reply: FastifyReply, status: number, state: { banner?: string; errorList?: FormError[]; errorTitle?: string; problems?: RowProblem[] }) {
    const context = {
      title: 'Upload reports',
      idempotencyKey: randomUUID(),
      columns: REPORT_COLUMNS,
      columnsHelp: COLUMNS_HELP,
      maxRowsText: MAX_REPORT_ROWS.toLocaleString('en-GB'),
      maxMegabytes: MAX_CSV_BYTES / 1024 / 1024,
    };
    this.pages.send(req, reply, 'upload', { ...context, ...state, width: state.problems?.length ? 'full' : undefined }, status);
  }
}

type Column = (typeof REPORT_COLUMNS)[number];

/**
 * What each column takes, from the lists the service checks against, so the
 * page cannot drift from the rules; keyed by column so a new column must be described here.
 */
const COLUMN_HELP: Record<Column, { values?: readonly string[]; byType?: Record<string, readonly string[]>; text: string }> = {
  enrolmentId: { text: 'Always needed: the learner’s enrolment id, from your learners list.' },
  type: { values: REPORT_TYPES, text: 'Always needed.' },
  date: { text: 'Year, month and day, like 2027-01-18. Needed for every type except decline; not in the future.' },
  milestone: { values: PROGRESS_MILESTONES, text: 'For progress only.' },
  outcome: { values: OUTCOMES, text: 'For completion only.' },
  certificateReference: { text: `For completion, optional, at most ${CERTIFICATE_REFERENCE_MAX} characters.` },
  reasonCode: { byType: REASONS, text: 'For withdrawal, deferral and decline.' },
  note: { text: `For withdrawal, deferral and decline, optional, at most ${REPORT_NOTE_MAX.toLocaleString('en-GB')} characters.` },
  resitPlanned: { values: ['yes', 'no'], text: 'For a failed completion only: whether a resit is planned.' },
};

/** The columns in the file's order, each with what it takes. */
export const COLUMNS_HELP = REPORT_COLUMNS.map((column) => ({ column, ...COLUMN_HELP[column] }));

function summary(problems: RowProblem[]): string {
  const lines = new Set(problems.map((p) => p.row)).size;
  return `The file has ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} on ${lines} ${lines === 1 ? 'line' : 'lines'}. Correct the file and upload it again`;
}
