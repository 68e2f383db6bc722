import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { rowsOf } from '@app/database';
import { actorColumns, type Actor } from '@app/identity';
import { penceOf } from '../money';
import { availableOf, fold, type Balances, type Bucket, type EntryKind, type StoredEntry } from './effects';

/**
 * The SQL every movement of money goes through. Locks are always taken in
 * one order, so two movements can wait for each other but never deadlock:
 * the programme row, then applications (their reservation entry, by id),
 * then pots (by id).
 */

export interface NewEntry {
  potId: string;
  kind: EntryKind;
  bucket?: Bucket | null;
  amountPence: number;
  applicationId?: string | null;
  reversesEntryId?: string | null;
  transferId?: string | null;
  yearEndId?: string | null;
  reason?: string | null;
  reference?: string | null;
  actor: Actor | null | undefined;
}

export interface PotBalances extends Balances {
  id: string;
  availablePence: number;
  closed: boolean;
}

const actorId = (a: Actor | null | undefined) => actorColumns(a).actorId;
const actorRole = (a: Actor | null | undefined) => actorColumns(a).actorRole;

/** Money moves only inside a transaction the caller owns. */
export function requireTransaction(manager: EntityManager): void {
  if (!manager.queryRunner?.isTransactionActive) throw new Error('The budget moves money only inside the caller’s transaction: pass the EntityManager of dataSource.transaction()');
}

const ENTRY_COLUMNS = `id, pot_id, kind, bucket, amount_pence, application_id, reverses_entry_id, transfer_id, year_end_id, reason, reference, actor_id, actor_role`;

/** Appends entries (ids made here, so callers know them without RETURNING order). */
export async function insertEntries(manager: EntityManager, entries: NewEntry[]): Promise<string[]> {
  const ids = entries.map(() => randomUUID());
  for (let from = 0; from < entries.length; from += 5000) {
    const batch = entries.slice(from, from + 5000);
    const col = <T>(f: (e: NewEntry) => T) => batch.map(f);
    await manager.query(
      `INSERT INTO budget_ledger_entry (${ENTRY_COLUMNS})
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::bigint[], $6::uuid[], $7::uuid[], $8::uuid[], $9::uuid[], $10::text[], $11::text[], $12::uuid[], $13::text[])`,
      [
        ids.slice(from, from + 5000),
        col((e) => e.potId),
        col((e) => e.kind),
        col((e) => e.bucket ?? null),
        col((e) => e.amountPence),
        col((e) => e.applicationId ?? null),
        col((e) => e.reversesEntryId ?? null),
        col((e) => e.transferId ?? null),
        col((e) => e.yearEndId ?? null),
        col((e) => e.reason ?? null),
        col((e) => e.reference ?? null),
        col((e) => actorId(e.actor)),
        col((e) => actorRole(e.actor)),
      ],
    );
  }
  return ids;
}

const GUARDED_UPDATE = (open: boolean) => `
  UPDATE budget_pot SET funded_pence = funded_pence + $2::bigint, reserved_pence = reserved_pence + $3::bigint,
    committed_pence = committed_pence + $4::bigint, paid_pence = paid_pence + $5::bigint, available_pence = available_pence + $6::bigint
  WHERE id = $1 AND funded_pence + $2::bigint >= 0 AND reserved_pence + $3::bigint >= 0 AND committed_pence + $4::bigint >= 0
    AND paid_pence + $5::bigint >= 0 AND available_pence + $6::bigint >= 0${open ? ' AND closed_at IS NULL' : ''}
  RETURNING id`;

const deltaParams = (potId: string, d: Balances) => [potId, d.fundedPence, d.reservedPence, d.committedPence, d.paidPence, availableOf(d)];

/** Changes a pot by `d` unless a balance would go below zero; false when refused. The pot stays locked until commit. */
export async function applyToPot(manager: EntityManager, potId: string, d: Balances, options: { open?: boolean } = {}): Promise<boolean> {
  return rowsOf(await manager.query(GUARDED_UPDATE(!!options.open), deltaParams(potId, d))).length === 1;
}

/**
 * One movement in one statement: the guarded pot update and the entry that
 * explains it, so the pot row is locked for as little time as possible.
 * Returns the entry id, or null when a balance would have gone below zero.
 */
export async function move(manager: EntityManager, d: Balances, entry: NewEntry, options: { open?: boolean } = {}): Promise<string | null> {
  const id = randomUUID();
  const rows = rowsOf(
    await manager.query(
      `WITH pot AS (${GUARDED_UPDATE(!!options.open)})
       INSERT INTO budget_ledger_entry (${ENTRY_COLUMNS})
       SELECT $7::uuid, pot.id, $8::text, $9::text, $10::bigint, $11::uuid, $12::uuid, NULL::uuid, NULL::uuid, $13::text, $14::text, $15::uuid, $16::text FROM pot
       RETURNING id`,
      [
        ...deltaParams(entry.potId, d),
        id,
        entry.kind,
        entry.bucket ?? null,
        entry.amountPence,
        entry.applicationId ?? null,
        entry.reversesEntryId ?? null,
        entry.reason ?? null,
        entry.reference ?? null,
        actorId(entry.actor),
        actorRole(entry.actor),
      ],
    ),
  );
  return rows.length ? id : null;
}

/** The reservation of `applicationId`, reserved just now in one statement with its guarded pot update. */
export const RESERVE_SQL = `
  WITH pot AS (
    UPDATE budget_pot SET reserved_pence = reserved_pence + $1::bigint, available_pence = available_pence - $1::bigint
    WHERE id = $2 AND available_pence >= $1::bigint AND closed_at IS NULL
    RETURNING id)
  INSERT INTO budget_ledger_entry (id, pot_id, kind, amount_pence, application_id, actor_id, actor_role)
  SELECT $3::uuid, pot.id, 'reserve', $1::bigint, $4::uuid, $5::uuid, $6::text FROM pot
  RETURNING id`;

export function reserveParams(potId: string, applicationId: string, amountPence: number, actor: Actor | null | undefined, id = randomUUID()) {
  return [amountPence, potId, id, applicationId, actorId(actor), actorRole(actor)];
}

/** Locks pots in id order and reads their balances. */
export async function lockPots(manager: EntityManager, ids: string[]): Promise<Map<string, PotBalances>> {
  const rows = await manager.query(
    `SELECT id, funded_pence, reserved_pence, committed_pence, paid_pence, available_pence, closed_at IS NOT NULL AS closed
     FROM budget_pot WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [[...new Set(ids)]],
  );
  return new Map(rows.map((r: Record<string, unknown>) => [r.id as string, potBalances(r)]));
}

export function potBalances(r: Record<string, unknown>): PotBalances {
  return {
    id: r.id as string,
    fundedPence: penceOf(r.funded_pence as string),
    reservedPence: penceOf(r.reserved_pence as string),
    committedPence: penceOf(r.committed_pence as string),
    paidPence: penceOf(r.paid_pence as string),
    availablePence: penceOf(r.available_pence as string),
    closed: r.closed as boolean,
  };
}

/**
 * Locks an application's money: its reservation entry is the row every
 * movement for that application locks first. False if it never had one.
 */
export async function lockApplication(manager: EntityManager, applicationId: string): Promise<boolean> {
  const rows = await manager.query(`SELECT id FROM budget_ledger_entry WHERE application_id = $1 AND kind = 'reserve' FOR UPDATE`, [applicationId]);
  return rows.length > 0;
}

/** Entries summed by pot (and application), kind and bucket, with what a reversal corrects. */
export const GROUPED_ENTRIES = (where: string) => `
  SELECT e.pot_id, e.application_id, e.kind, e.bucket, o.kind AS reversed_kind, o.bucket AS reversed_bucket,
         sum(e.amount_pence)::text AS total, max(e.seq)::text AS last_seq
  FROM budget_ledger_entry e LEFT JOIN budget_ledger_entry o ON o.id = e.reverses_entry_id
  ${where}
  GROUP BY e.pot_id, e.application_id, e.kind, e.bucket, o.kind, o.bucket`;

export interface GroupRow {
  pot_id: string;
  application_id: string | null;
  kind: EntryKind;
  bucket: Bucket | null;
  reversed_kind: EntryKind | null;
  reversed_bucket: Bucket | null;
  total: string;
  last_seq: string;
}

export const storedOf = (r: GroupRow): StoredEntry => ({
  kind: r.kind,
  bucket: r.bucket,
  amountPence: penceOf(r.total),
  reversed: r.reversed_kind ? { kind: r.reversed_kind, bucket: r.reversed_bucket } : null,
});

/** Folds grouped rows into balances per key. */
export function balancesBy(rows: GroupRow[], key: (r: GroupRow) => string): Map<string, { balances: Balances; lastSeq: number }> {
  const out = new Map<string, { balances: Balances; lastSeq: number }>();
  for (const r of rows) {
    const k = key(r);
    const was = out.get(k);
    out.set(k, { balances: fold([storedOf(r)], was?.balances), lastSeq: Math.max(was?.lastSeq ?? 0, Number(r.last_seq)) });
  }
  return out;
}

/** What an application holds, per pot, from its entries. */
export async function holdingsOf(manager: EntityManager, applicationId: string): Promise<Map<string, { balances: Balances; lastSeq: number }>> {
  const rows: GroupRow[] = await manager.query(GROUPED_ENTRIES('WHERE e.application_id = $1'), [applicationId]);
  return balancesBy(rows, (r) => r.pot_id);
}

/** SQL: the entry aliased `alias` has not been reversed (a reversal is its own entry pointing at it). */
export const notReversed = (alias: string) => `NOT EXISTS (SELECT 1 FROM budget_ledger_entry rev WHERE rev.reverses_entry_id = ${alias}.id)`;

/** True when the database refused a row because of the unique index `index`. */
export function isUniqueViolation(err: unknown, index: string): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.driverError?.code ?? e?.code;
  const constraint = e?.driverError?.constraint ?? e?.constraint;
  return code === '23505' && constraint === index;
}

/**
 * Locks the programme row (made on first use with the configured total) and
 * reads what pots hold of the programme. Creating a pot or reversing its
 * funding takes this lock, so two pots created at once cannot together pass the total.
 */
export async function lockProgramme(manager: EntityManager, configuredTotalPence: number): Promise<{ totalPence: number; allocatedPence: number }> {
  await manager.query(`INSERT INTO budget_programme (id, total_pence) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, [configuredTotalPence]);
  const [row] = await manager.query(`SELECT total_pence, allocated_pence FROM budget_programme WHERE id = 1 FOR UPDATE`);
  const allocatedPence = penceOf(row.allocated_pence);
  // The total follows config/programme.yaml, unless pots already hold more than a lowered total.
  if (penceOf(row.total_pence) !== configuredTotalPence && allocatedPence <= configuredTotalPence) {
    await manager.query(`UPDATE budget_programme SET total_pence = $1, updated_at = now() WHERE id = 1`, [configuredTotalPence]);
  }
  return { totalPence: configuredTotalPence, allocatedPence };
}

/** Adds `pence` (negative to return money) to what pots hold of the programme; the row must be locked. */
export async function allocate(manager: EntityManager, pence: number): Promise<void> {
  await manager.query(`UPDATE budget_programme SET allocated_pence = allocated_pence + $1::bigint, updated_at = now() WHERE id = 1`, [pence]);
}
