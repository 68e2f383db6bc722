import type { RoundView } from '@app/intake';
import { roundsPage } from './rounds-page';

const round = (id: string) => ({ id, name: `Round ${id}`, qualifications: [] }) as unknown as RoundView;

describe('the open rounds page state', () => {
  it('links a round to the applicant’s application in it, unless that one was withdrawn', () => {
    const page = roundsPage([round('r1'), round('r2'), round('r3')], [
      { id: 'a1', roundId: 'r1', status: 'submitted' },
      { id: 'a2', roundId: 'r2', status: 'withdrawn' },
    ], 'applicant', true);
    expect(page.rounds.map((r) => r.applicationId)).toEqual(['a1', undefined, undefined]);
    expect(page.canApply).toBe(true);
    expect(page.errorList).toEqual([]);
  });

  it('links a refusal to its round when the round is shown, otherwise to the list', () => {
    expect(roundsPage([round('r1')], [], 'applicant', true, { text: 'No', roundId: 'r1' }).errorList).toEqual([{ href: '#round-r1', text: 'No' }]);
    expect(roundsPage([round('r1')], [], 'applicant', true, { text: 'No', roundId: 'gone' }).errorList).toEqual([{ href: '#rounds', text: 'No' }]);
    expect(roundsPage([], [], undefined, false, { text: 'No' }).errorList).toEqual([{ href: '#rounds', text: 'No' }]);
  });
});
