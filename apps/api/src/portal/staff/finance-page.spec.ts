import type { PotView } from '@app/budget';
import { potsNearThresholds, yearEndForm } from './finance-page';

const pot = (id: string, funded: number, available: number, closed = false): PotView =>
  ({ id, name: id, purpose: 'bursaries', financialYear: '2026-27', region: null, fundedPence: funded, reservedPence: funded - available, committedPence: 0, duePence: 0, paidPence: 0, availablePence: available, closedAt: closed ? 'x' : null, createdAt: 'x' }) as PotView;

describe('finance pages', () => {
  it('lists open pots at or past 80% used, most used first, with the threshold passed', () => {
    const near = potsNearThresholds([pot('a', 1000, 300), pot('b', 1000, 199), pot('c', 1000, 0), pot('d', 1000, 0, true), pot('e', 0, 0), pot('f', 1000, 201)], [80, 90, 100]);
    expect(near.map((p) => [p.id, p.percentUsed, p.threshold])).toEqual([
      ['c', 100, 100],
      ['b', 80, 80],
    ]);
    // 79.9% is not 80%.
    expect(potsNearThresholds([pot('g', 1000, 201)], [80]).length).toBe(0);
  });

  it('checks the year end form: carrying needs a target pot, and every question is answered', () => {
    expect(Object.keys(yearEndForm({}).errors)).toEqual(['financialYear', 'reservations', 'commitments', 'unspent', 'reason']);
    const carry = yearEndForm({ financialYear: '2026-27', reservations: 'carry', commitments: 'release', unspent: 'keep', reason: 'board' });
    expect(carry.errors).toEqual({ toPotId: 'Choose next year’s pot to carry money into' });
    const release = yearEndForm({ financialYear: '2026-27', reservations: 'release', commitments: 'release', unspent: 'keep', toPotId: 'ignored', reason: 'board' });
    expect(release.input).toEqual({ financialYear: '2026-27', reservations: 'release', commitments: 'release', unspent: 'keep', toPotId: undefined, reason: 'board' });
  });
});
