import fc from 'fast-check';
import { availableOf, BUCKETS, effectOf, effectOfEntry, fold, isSolvent, negate, plus, ZERO, type Balances, type Bucket, type MovementKind } from './effects';

const a = 12_345;

describe('ledger effects', () => {
  it.each<[MovementKind, Bucket | null, Partial<Balances>, number]>([
    ['fund', null, { fundedPence: a }, a],
    ['transfer_in', 'available', { fundedPence: a }, a],
    ['transfer_out', 'available', { fundedPence: -a }, -a],
    ['transfer_in', 'reserved', { fundedPence: a, reservedPence: a }, 0],
    ['transfer_out', 'reserved', { fundedPence: -a, reservedPence: -a }, 0],
    ['transfer_in', 'committed', { fundedPence: a, committedPence: a }, 0],
    ['transfer_out', 'committed', { fundedPence: -a, committedPence: -a }, 0],
    ['reserve', null, { reservedPence: a }, -a],
    ['release', 'reserved', { reservedPence: -a }, a],
    ['release', 'committed', { committedPence: -a }, a],
    ['commit', null, { reservedPence: -a, committedPence: a }, 0],
    ['pay', null, { committedPence: -a, paidPence: a }, 0],
  ])('%s (%s) changes the pot as the table says', (kind, bucket, change, available) => {
    const effect = effectOf(kind, bucket, a);
    expect(effect).toEqual({ ...ZERO, ...change });
    expect(availableOf(effect)).toBe(available);
  });

  it('a reversal undoes the entry it points at', () => {
    for (const [kind, bucket] of [['reserve', null], ['pay', null], ['transfer_out', 'reserved'], ['release', 'committed']] as const) {
      const entry = effectOfEntry({ kind, bucket, amountPence: a });
      const reversal = effectOfEntry({ kind: 'reverse', bucket, amountPence: a, reversed: { kind, bucket } });
      expect(plus(entry, reversal)).toEqual(ZERO);
    }
    expect(() => effectOfEntry({ kind: 'reverse', bucket: null, amountPence: a, reversed: { kind: 'reverse', bucket: null } })).toThrow();
  });

  it('refuses buckets a kind cannot have', () => {
    expect(() => effectOf('release', 'available', a)).toThrow();
    expect(() => effectOf('transfer_in', null, a)).toThrow();
  });

  it('folding grouped totals equals folding single entries (what reconciliation relies on)', () => {
    const kinds: [MovementKind, Bucket | null][] = [['fund', null], ['reserve', null], ['commit', null], ['pay', null], ['release', 'reserved'], ['transfer_out', 'available']];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: kinds.length - 1 }), fc.integer({ min: 1, max: 1_000_000 })), { maxLength: 40 }), (picks) => {
        const entries = picks.map(([k, amountPence]) => ({ kind: kinds[k][0], bucket: kinds[k][1], amountPence }));
        const grouped = new Map<string, number>();
        for (const e of entries) grouped.set(`${e.kind}/${e.bucket}`, (grouped.get(`${e.kind}/${e.bucket}`) ?? 0) + e.amountPence);
        const totals = [...grouped].map(([key, amountPence]) => {
          const [kind, bucket] = key.split('/');
          return { kind: kind as MovementKind, bucket: bucket === 'null' ? null : (bucket as Bucket), amountPence };
        });
        expect(fold(totals)).toEqual(fold(entries));
      }),
    );
  });

  it('applying only solvent movements never leaves a negative balance (the guard the SQL applies)', () => {
    const movement = fc.tuple(
      fc.constantFrom<MovementKind>('fund', 'transfer_in', 'transfer_out', 'reserve', 'release', 'commit', 'pay'),
      fc.constantFrom(...BUCKETS),
      fc.integer({ min: 1, max: 100_000 }),
    );
    fc.assert(
      fc.property(fc.array(movement, { maxLength: 60 }), (moves) => {
        let pot: Balances = ZERO;
        for (const [kind, b, amount] of moves) {
          const bucket = kind === 'release' ? (b === 'available' ? 'reserved' : b) : kind.startsWith('transfer') ? b : null;
          const next = plus(pot, effectOf(kind, bucket, amount));
          if (isSolvent(next)) pot = next;
          expect(isSolvent(pot)).toBe(true);
          expect(availableOf(pot)).toBe(pot.fundedPence - pot.reservedPence - pot.committedPence - pot.paidPence);
        }
        expect(plus(pot, negate(pot))).toEqual(ZERO);
      }),
    );
  });
});
