import { previewBulk, type BulkCandidate } from './bulk-preview';

const app = (id: string, over: Partial<BulkCandidate> = {}): BulkCandidate => ({
  id,
  reference: `PMB-${id}`,
  applicantName: null,
  status: 'under_review',
  held: false,
  priorityScore: 50,
  submittedAt: '2026-01-01T00:00:00.000Z',
  potId: 'pot',
  bursaryPence: 50_000,
  ...over,
});

describe('previewing a bulk decision', () => {
  it('offers in queue order while the pot lasts, then waitlists for want of money', () => {
    const p = previewBulk([app('c', { priorityScore: 10 }), app('a', { priorityScore: 90 }), app('b', { priorityScore: 50 })], 'approve', new Map([['pot', 120_000]]));
    expect(p.lines.map((l) => [l.id, l.outcome])).toEqual([
      ['a', 'offered'],
      ['b', 'offered'],
      ['c', 'waitlisted_insufficient_funds'],
    ]);
    expect(p.counts).toMatchObject({ offered: 2, waitlisted_insufficient_funds: 1 });
    expect(p.pots).toEqual([{ potId: 'pot', beforePence: 120_000, afterPence: 20_000 }]);
  });

  it('breaks ties by the oldest submission, and puts unscored applications last', () => {
    const p = previewBulk([app('new', { submittedAt: '2026-02-01T00:00:00.000Z' }), app('none', { priorityScore: null }), app('old')], 'approve', new Map([['pot', 1_000_000]]));
    expect(p.lines.map((l) => l.id)).toEqual(['old', 'new', 'none']);
  });

  it('a cheaper bursary later in the queue can still be offered after a dearer one waits', () => {
    const p = previewBulk([app('dear', { priorityScore: 90, bursaryPence: 80_000 }), app('cheap', { bursaryPence: 30_000 })], 'approve', new Map([['pot', 50_000]]));
    expect(p.lines.map((l) => l.outcome)).toEqual(['waitlisted_insufficient_funds', 'offered']);
  });

  it('refuses what is held or not waiting for a decision, and takes no money for rejections', () => {
    const p = previewBulk([app('held', { held: true }), app('offered', { status: 'offered' }), app('ref', { status: 'referred' }), app('r')], 'reject', new Map([['pot', 0]]));
    expect(Object.fromEntries(p.lines.map((l) => [l.id, l.outcome]))).toEqual({ held: 'refused', offered: 'refused', ref: 'ineligible', r: 'rejected' });
    expect(p.lines.find((l) => l.id === 'held')?.refusal).toBe('It is on hold');
    expect(p.pots).toEqual([{ potId: 'pot', beforePence: 0, afterPence: 0 }]);
  });

  it('waitlists as decided, except what is on the waiting list already', () => {
    const p = previewBulk([app('w', { status: 'waitlisted' }), app('u')], 'waitlist', new Map([['pot', 0]]));
    expect(Object.fromEntries(p.lines.map((l) => [l.id, l.outcome]))).toEqual({ w: 'refused', u: 'waitlisted' });
  });
});
