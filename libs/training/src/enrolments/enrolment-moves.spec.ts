import fc from 'fast-check';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@app/identity';
import { TrainingError } from '../training.error';
import { moveEnrolments, type EnrolmentMove } from './enrolment-moves';
import { canMoveEnrolment, ENROLMENT_CAUSES, ENROLMENT_STATUSES, REPORT_CAUSES } from './enrolment-status';

const KEY: Actor = { kind: 'api_key', role: 'provider', providerId: 'p1', apiKeyId: '00000000-0000-4000-8000-000000000001' };

/** A manager that answers like PostgreSQL would for enrolments still in their `from` status, and keeps what was sent. */
function fakeManager() {
  const sent: { sql: string; params: unknown[] }[] = [];
  const manager = {
    query: async (sql: string, params: unknown[]) => {
      sent.push({ sql, params });
      const n = (params[0] as unknown[]).length;
      if (sql.includes('INSERT INTO enrolment_report')) return Array.from({ length: n }, (_, i) => ({ id: String(100 + i) }));
      if (sql.includes('UPDATE enrolment e')) return [Array.from({ length: n }, (_, i) => ({ id: i })), n];
      return [];
    },
  } as unknown as EntityManager;
  return { manager, sent };
}

const move = (from: EnrolmentMove['from'], to: EnrolmentMove['to'], cause: EnrolmentMove['cause']): EnrolmentMove =>
  REPORT_CAUSES.includes(cause) ? { enrolmentId: 'e1', from, to, cause, report: {} } : { enrolmentId: 'e1', from, to, cause, voids: { reportId: '7', reason: 'a mistake' } };

describe('moveEnrolments', () => {
  it('applies every move the table allows and refuses every other, before writing anything', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENROLMENT_STATUSES), fc.constantFrom(...ENROLMENT_STATUSES), fc.constantFrom(...ENROLMENT_CAUSES), async (from, to, cause) => {
        const { manager, sent } = fakeManager();
        const attempt = moveEnrolments(manager, [move(from, to, cause)], KEY);
        if (canMoveEnrolment(from, to, cause)) {
          await attempt;
          const update = sent.find((q) => q.sql.includes('UPDATE enrolment e'))!;
          expect(update.params.slice(0, 3)).toEqual([['e1'], [from], [to]]);
        } else {
          await expect(attempt).rejects.toBeInstanceOf(TrainingError);
          expect(sent).toEqual([]);
        }
      }),
    );
  });

  it('records who, when and why: a report with from, to and the actor; a void with who voided it and why', async () => {
    const { manager, sent } = fakeManager();
    expect(await moveEnrolments(manager, [move('placed', 'started', 'start')], KEY)).toEqual(['100']);
    const insert = sent.find((q) => q.sql.includes('INSERT INTO enrolment_report'))!;
    expect(insert.params.slice(8)).toEqual([['placed'], ['started'], KEY.apiKeyId, 'provider_api_key', [null]]);

    const voided = fakeManager();
    expect(await moveEnrolments(voided.manager, [move('started', 'placed', 'start_voided')], KEY)).toEqual(['7']);
    const mark = voided.sent.find((q) => q.sql.includes('UPDATE enrolment_report'))!;
    expect(mark.params).toEqual(['7', 'a mistake', KEY.apiKeyId, 'provider_api_key']);
  });

  it('refuses when an enrolment is no longer in the status the move starts from', async () => {
    const manager = { query: async (sql: string) => (sql.includes('UPDATE enrolment e') ? [[], 0] : []) } as unknown as EntityManager;
    await expect(moveEnrolments(manager, [move('placed', 'started', 'start')], KEY)).rejects.toBeInstanceOf(TrainingError);
  });
});
