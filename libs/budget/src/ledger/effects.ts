/**
 * What each kind of ledger entry does to its pot's balances: the one table
 * the service writes by and reconciliation recomputes by. Pure.
 *
 *   kind          bucket      funded  reserved  committed  paid   (available = funded - reserved - committed - paid)
 *   fund          -             +a
 *   transfer_in   available     +a
 *   transfer_in   reserved      +a       +a                        (a reservation carried in at year end)
 *   transfer_in   committed     +a                 +a              (a commitment carried in)
 *   transfer_out  (same three, negated)
 *   reserve       -                      +a
 *   release       reserved               -a
 *   release       committed                         -a
 *   commit        -                      -a        +a
 *   pay           -                                -a        +a
 *   reverse       the entry it points at, negated
 */

export const ENTRY_KINDS = ['fund', 'transfer_in', 'transfer_out', 'reserve', 'release', 'commit', 'pay', 'reverse'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
/** Every kind but a reversal, which takes its effect from the entry it corrects. */
export type MovementKind = Exclude<EntryKind, 'reverse'>;

export const BUCKETS = ['available', 'reserved', 'committed'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** A pot's stored balances, or a change to them, in pence. Available is derived (see availableOf). */
export interface Balances {
  fundedPence: number;
  reservedPence: number;
  committedPence: number;
  paidPence: number;
}

export const ZERO: Balances = Object.freeze({ fundedPence: 0, reservedPence: 0, committedPence: 0, paidPence: 0 });

const delta = (fundedPence: number, reservedPence: number, committedPence: number, paidPence: number): Balances => ({
  fundedPence,
  reservedPence,
  committedPence,
  paidPence,
});

/** Money in the pot that nobody holds: funded less reserved, committed and paid. */
export function availableOf(b: Balances): number {
  return b.fundedPence - b.reservedPence - b.committedPence - b.paidPence;
}

/** The change one entry of `kind` makes to its pot. */
export function effectOf(kind: MovementKind, bucket: Bucket | null, amountPence: number): Balances {
  const a = amountPence;
  switch (kind) {
    case 'fund':
      return delta(a, 0, 0, 0);
    case 'transfer_in':
      return moving(a, bucket);
    case 'transfer_out':
      return negate(moving(a, bucket));
    case 'reserve':
      return delta(0, a, 0, 0);
    case 'release':
      if (bucket === 'committed') return delta(0, 0, -a, 0);
      if (bucket === 'reserved') return delta(0, -a, 0, 0);
      throw new Error(`A release frees reserved or committed money, not ${bucket}`);
    case 'commit':
      return delta(0, -a, a, 0);
    case 'pay':
      return delta(0, 0, -a, a);
  }
}

function moving(a: number, bucket: Bucket | null): Balances {
  switch (bucket) {
    case 'available':
      return delta(a, 0, 0, 0);
    case 'reserved':
      return delta(a, a, 0, 0);
    case 'committed':
      return delta(a, 0, a, 0);
    default:
      throw new Error('A transfer names the balance it moves with');
  }
}

/** An entry as stored, with the kind and bucket of the entry a reversal corrects. */
export interface StoredEntry {
  kind: EntryKind;
  bucket: Bucket | null;
  amountPence: number;
  reversed?: { kind: EntryKind; bucket: Bucket | null } | null;
}

/** The change a stored entry made: a reversal undoes the entry it points at. */
export function effectOfEntry(entry: StoredEntry): Balances {
  if (entry.kind !== 'reverse') return effectOf(entry.kind, entry.bucket, entry.amountPence);
  if (!entry.reversed || entry.reversed.kind === 'reverse') throw new Error('A reversal must point at a movement');
  return negate(effectOf(entry.reversed.kind, entry.reversed.bucket, entry.amountPence));
}

export function plus(a: Balances, b: Balances): Balances {
  return delta(a.fundedPence + b.fundedPence, a.reservedPence + b.reservedPence, a.committedPence + b.committedPence, a.paidPence + b.paidPence);
}

export function negate(a: Balances): Balances {
  // `0 - x` rather than `-x`: no negative zeros in equality checks.
  return delta(0 - a.fundedPence, 0 - a.reservedPence, 0 - a.committedPence, 0 - a.paidPence);
}

/** Sums the effects of many entries (or grouped totals of entries). */
export function fold(entries: Iterable<StoredEntry>, from: Balances = ZERO): Balances {
  let total = from;
  for (const e of entries) total = plus(total, effectOfEntry(e));
  return total;
}

/** True when no balance, available included, is below zero. */
export function isSolvent(b: Balances): boolean {
  return b.fundedPence >= 0 && b.reservedPence >= 0 && b.committedPence >= 0 && b.paidPence >= 0 && availableOf(b) >= 0;
}

/** The names of the balances that differ between two sets. */
export function differences(a: Balances, b: Balances): (keyof Balances | 'availablePence')[] {
  const names: (keyof Balances | 'availablePence')[] = [];
  for (const k of ['fundedPence', 'reservedPence', 'committedPence', 'paidPence'] as const) if (a[k] !== b[k]) names.push(k);
  if (availableOf(a) !== availableOf(b)) names.push('availablePence');
  return names;
}
