import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DECISION_TRANSITION } from './durations';
import { ACCEPTED_STATUSES, ELIGIBLE_STATUSES, ENROLMENT_REPORT_FLAGS, ENROLMENT_STAGE, narrowedToPeople, OFFERED_STATUSES, outcomeBase, share, shownCount, yearStartDate } from './outcome-sql';

describe('outcome report helpers', () => {
  it('withholds 1 to 4 only when narrowed to a region, ICB or role', () => {
    expect([0, 1, 4, 5].map((n) => shownCount(n, true))).toEqual([0, null, null, 5]);
    expect([0, 1, 4, 5].map((n) => shownCount(n, false))).toEqual([0, 1, 4, 5]);
    expect(narrowedToPeople({ region: 'london' })).toBe(true);
    expect(narrowedToPeople({ icb: 'QMJ' })).toBe(true);
    expect(narrowedToPeople({ role: 'practice_manager' })).toBe(true);
    expect(narrowedToPeople({ roundId: 'x', financialYear: '2026-27', providerId: 'y', qualificationId: 'z' })).toBe(false);
  });

  it('makes shares to 3 places, none from a withheld figure or an empty whole', () => {
    expect(share(2, 3)).toBe(0.667);
    expect(share(0, 3)).toBe(0);
    expect(share(null, 3)).toBeNull();
    expect(share(2, null)).toBeNull();
    expect(share(0, 0)).toBeNull();
  });

  it('bounds a financial year by the programme’s year start', () => {
    expect(yearStartDate('2026-27', { month: 4, day: 1 }, 0)).toBe('2026-04-01');
    expect(yearStartDate('2026-27', { month: 4, day: 1 }, 1)).toBe('2027-04-01');
  });

  it('numbers each filter’s parameter from where the caller’s end', () => {
    const base = outcomeBase({ region: 'london', role: 'practice_manager', financialYear: '2026-27' }, { month: 4, day: 1 }, 3);
    expect(base.params).toEqual(['2026-04-01', '2027-04-01', 'london', 'practice_manager']);
    expect(base.where).toContain('$3::date');
    expect(base.where).toContain('$6');
    expect(base.where).not.toContain('$7');
  });

  it('keeps the partial index’s predicate word for word the decision condition', () => {
    const migration = readFileSync(join(__dirname, '../../../../migrations/1764451000000-OutcomeReportIndexes.ts'), 'utf8').replace(/\s+/g, ' ');
    // The stage summary's "reached eligible" covers every offered and accepted status.
    expect([...OFFERED_STATUSES, ...ACCEPTED_STATUSES].filter((s) => !ELIGIBLE_STATUSES.includes(s))).toEqual([]);
    expect(migration).toContain(`WHERE ${DECISION_TRANSITION.replace(/t\./g, '').slice(1, -1)}`);
  });

  it('keeps the stage summary’s lists word for word the reports’ statuses and decision', () => {
    const migration = readFileSync(join(__dirname, '../../../../migrations/1764460000000-ApplicationStageSummary.ts'), 'utf8').replace(/\s+/g, ' ');
    const list = (statuses: string[]) => `bool_or(t.to_status IN (${statuses.map((x) => `'${x}'`).join(', ')}))`;
    expect(migration).toContain(list(ELIGIBLE_STATUSES));
    expect(migration).toContain(list(OFFERED_STATUSES));
    expect(migration).toContain(list(ACCEPTED_STATUSES));
    expect(migration).toContain(`min(t.at) FILTER (WHERE ${DECISION_TRANSITION})`);
  });

  it('keeps the training summary’s conditions word for word the reports’ enrolment stages', () => {
    const squash = (x: string) => x.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')');
    const migration = squash(readFileSync(join(__dirname, '../../../../migrations/1764470000000-ApplicationTrainingSummary.ts'), 'utf8'));
    for (const [stage, condition] of Object.entries(ENROLMENT_STAGE)) expect(migration).toContain(`${squash(condition)} AS ${stage}`);
    // The report flags' aggregates, up to their FROM (the summary narrows the rows to the applications rebuilt).
    expect(migration).toContain(squash(ENROLMENT_REPORT_FLAGS).slice(1, squash(ENROLMENT_REPORT_FLAGS).indexOf(' FROM enrolment_report') + ' FROM enrolment_report'.length));
  });
});
