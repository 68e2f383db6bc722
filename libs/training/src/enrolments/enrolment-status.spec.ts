import fc from 'fast-check';
import {
  canMoveEnrolment,
  ENROLMENT_CAUSES,
  ENROLMENT_STATUSES,
  ENROLMENT_TRANSITIONS,
  FINAL_ENROLMENT_STATUSES,
  REPORT_CAUSES,
  STAFF_CAUSES,
  statusAfterReport,
  targetsOf,
  type EnrolmentCause,
  type EnrolmentStatus,
} from './enrolment-status';

const status = fc.constantFrom(...ENROLMENT_STATUSES);
const cause = fc.constantFrom(...ENROLMENT_CAUSES);
const allowed = (from: EnrolmentStatus, to: EnrolmentStatus, c: EnrolmentCause) => (ENROLMENT_TRANSITIONS[from][to] ?? []).includes(c);

describe('enrolment transitions', () => {
  it('lists every status, and only known statuses and causes', () => {
    expect(Object.keys(ENROLMENT_TRANSITIONS).sort()).toEqual([...ENROLMENT_STATUSES].sort());
    for (const targets of Object.values(ENROLMENT_TRANSITIONS)) {
      for (const [to, causes] of Object.entries(targets)) {
        expect(ENROLMENT_STATUSES).toContain(to);
        for (const c of causes!) expect(ENROLMENT_CAUSES).toContain(c);
      }
    }
  });

  it('allows every move the table lists and refuses every move it does not', () => {
    fc.assert(
      fc.property(status, status, cause, (from, to, c) => {
        expect(canMoveEnrolment(from, to, c)).toBe(allowed(from, to, c));
        expect(targetsOf(from, c).includes(to)).toBe(allowed(from, to, c));
      }),
    );
  });

  it('follows a learner from placed to completed, and back by voids', () => {
    const path: [EnrolmentStatus, EnrolmentCause, EnrolmentStatus][] = [
      ['placed', 'deferral', 'deferred'],
      ['deferred', 'start', 'started'],
      ['started', 'progress', 'started'],
      ['started', 'completion', 'completed'],
      ['completed', 'completion', 'completed'],
    ];
    for (const [from, c, to] of path) expect(statusAfterReport(from, c)).toBe(to);
    expect(targetsOf('completed', 'completion_voided').sort()).toEqual(['completed', 'started']);
    expect(targetsOf('started', 'start_voided').sort()).toEqual(['deferred', 'placed']);
    expect(targetsOf('deferred', 'deferral_voided')).toEqual(['placed']);
  });

  it('takes a learner to exactly one status by any report the table allows', () => {
    fc.assert(
      fc.property(status, fc.constantFrom(...REPORT_CAUSES), (from, c) => {
        const targets = targetsOf(from, c);
        expect(targets.length).toBeLessThanOrEqual(1);
        expect(statusAfterReport(from, c)).toBe(targets[0]);
      }),
    );
  });

  it('leaves a withdrawn or declined learner only by the programme team correcting it, and never returns anyone to placed but a void', () => {
    expect([...FINAL_ENROLMENT_STATUSES].sort()).toEqual(['declined_by_provider', 'withdrawn']);
    fc.assert(
      fc.property(status, status, cause, (from, to, c) => {
        if (FINAL_ENROLMENT_STATUSES.includes(from) && canMoveEnrolment(from, to, c)) expect(STAFF_CAUSES).toContain(c);
        if (to === 'placed' && from !== 'placed' && canMoveEnrolment(from, to, c)) expect(c.endsWith('_voided')).toBe(true);
        // A void only moves a learner back from where its report took them; a report never moves into placed.
        if (REPORT_CAUSES.includes(c)) expect(canMoveEnrolment(from, 'placed', c)).toBe(false);
      }),
    );
  });

  it('starts only a placed or deferred learner, turns down only a placed one, completes only a started or completed one', () => {
    for (const from of ENROLMENT_STATUSES) {
      expect(statusAfterReport(from, 'start') !== undefined).toBe(['placed', 'deferred'].includes(from));
      expect(statusAfterReport(from, 'decline') !== undefined).toBe(from === 'placed');
      expect(statusAfterReport(from, 'completion') !== undefined).toBe(['started', 'completed'].includes(from));
      expect(statusAfterReport(from, 'withdrawal') !== undefined).toBe(['placed', 'started', 'deferred'].includes(from));
      expect(statusAfterReport(from, 'progress') !== undefined).toBe(from === 'started');
    }
  });

  it('a cancelled cohort ends only learners who have not started; a correction puts a learner back where the withdrawal or turning down found them', () => {
    for (const from of ENROLMENT_STATUSES) expect(statusAfterReport(from, 'cohort_cancelled') !== undefined).toBe(['placed', 'deferred'].includes(from));
    expect(statusAfterReport('placed', 'cohort_cancelled')).toBe('declined_by_provider');
    expect(targetsOf('withdrawn', 'withdrawal_voided').sort()).toEqual(['deferred', 'placed', 'started']);
    expect(targetsOf('declined_by_provider', 'decline_voided')).toEqual(['placed']);
    for (const from of ENROLMENT_STATUSES) {
      if (from !== 'withdrawn') expect(targetsOf(from, 'withdrawal_voided')).toEqual([]);
      if (from !== 'declined_by_provider') expect(targetsOf(from, 'decline_voided')).toEqual([]);
    }
  });
});
