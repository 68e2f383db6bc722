import fc from 'fast-check';
import { canTransition, FINAL_STATUSES, STATUSES, TRANSITIONS, type ApplicationStatus, type Mover } from './status';

const MOVERS: Mover[] = ['applicant', 'staff', 'system', 'provider'];

describe('application transitions', () => {
  it('lists every status, and only known statuses as targets', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...STATUSES].sort());
    for (const targets of Object.values(TRANSITIONS)) {
      for (const to of Object.keys(targets)) expect(STATUSES).toContain(to);
    }
  });

  it('follows the programme’s path from draft to completed', () => {
    const path: [ApplicationStatus, ApplicationStatus, Mover][] = [
      ['draft', 'submitted', 'applicant'],
      ['submitted', 'under_review', 'system'],
      ['under_review', 'offered', 'staff'],
      ['offered', 'accepted', 'applicant'],
      ['accepted', 'enrolled', 'staff'],
      ['enrolled', 'completed', 'provider'],
    ];
    for (const [from, to, mover] of path) expect(canTransition(from, to, mover)).toBe(true);
  });

  it('reopens a completed application only by a provider or staff (a voided completion report)', () => {
    expect(canTransition('completed', 'enrolled', 'provider')).toBe(true);
    expect(canTransition('completed', 'enrolled', 'applicant')).toBe(false);
    expect(Object.keys(TRANSITIONS.completed)).toEqual(['enrolled']);
  });

  it('reopens a withdrawn application only by staff, onto a course (correcting a provider’s mistaken withdrawal)', () => {
    expect(Object.keys(TRANSITIONS.withdrawn)).toEqual(['enrolled']);
    for (const mover of MOVERS) expect(canTransition('withdrawn', 'enrolled', mover)).toBe(mover === 'staff');
  });

  it('never lets anyone leave a final status, or move into draft or submitted from elsewhere', () => {
    expect(FINAL_STATUSES).toEqual(['declined', 'expired']);
    fc.assert(
      fc.property(fc.constantFrom(...STATUSES), fc.constantFrom(...STATUSES), fc.constantFrom(...MOVERS), (from, to, mover) => {
        if (FINAL_STATUSES.includes(from)) expect(canTransition(from, to, mover)).toBe(false);
        if (to === 'draft') expect(canTransition(from, to, mover)).toBe(false);
        if (to === 'submitted') expect(canTransition(from, to, mover)).toBe(from === 'draft' && mover === 'applicant');
      }),
    );
  });

  it('lets only the applicant accept, decline or appeal, and only the system expire an offer', () => {
    for (const mover of MOVERS) {
      expect(canTransition('offered', 'accepted', mover)).toBe(mover === 'applicant');
      expect(canTransition('offered', 'declined', mover)).toBe(mover === 'applicant');
      expect(canTransition('rejected', 'appealed', mover)).toBe(mover === 'applicant');
      expect(canTransition('offered', 'expired', mover)).toBe(mover === 'system');
    }
  });
});
