import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { BudgetModule, BudgetService, formatPounds, PotsService, ReconciliationService } from '@app/budget';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { IdentityModule, type Actor } from '@app/identity';
import { QueueModule } from '@app/queue';
import { scratchDatabase } from './harness';
import { countQueries } from './servers/count-queries';

/**
 * Allocation under load: 12,000 reservations of £500 against one £6m pot from
 * 50 concurrent callers of the reserve operation approving runs (in process,
 * each in its own real transaction), then 1,000 more that must all be refused.
 * Baseline, same run, same pool size and callers: raw pg issuing the guarded
 * UPDATE and one ledger INSERT in one transaction.
 */
const CALLERS = Number(process.env.BENCH_CALLERS ?? 50);
const RESERVATIONS = 12_000;
const REFUSALS = 1_000;
const WARMUP = Number(process.env.BENCH_WARMUP_RESERVATIONS ?? 1_000);
const BURSARY = 50_000;
const POT = RESERVATIONS * BURSARY;
const ACTOR: Actor = { kind: 'session', role: 'finance' };

interface Phase {
  seconds: number;
  accepted: number;
  refused: number;
  queries: number;
}

interface Run {
  name: string;
  reserve: Phase;
  refuse: Phase;
  overspendPence: number;
}

@Module({})
class AllocationBenchModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: AllocationBenchModule, imports: [ConfigModule.forRoot(config), DatabaseModule, QueueModule, IdentityModule, BudgetModule] };
  }
}

const queries = countQueries();

/** `total` calls of `one` from `CALLERS` concurrent callers. */
async function drive(total: number, one: () => Promise<boolean>): Promise<Phase> {
  let started = 0;
  let accepted = 0;
  let refused = 0;
  const q0 = queries();
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (started < total) {
        started++;
        if (await one()) accepted++;
        else refused++;
      }
    }),
  );
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, accepted, refused, queries: queries() - q0 };
}

/** A funded pot written directly (the bench's extra pots sit outside the programme total). */
async function rawPot(pool: Pool, name: string, pence: number): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `INSERT INTO budget_pot (id, name, purpose, financial_year, funded_pence, available_pence) VALUES ($1, $2, 'bursaries', '2026-27', $3, $3)`,
    [id, name, pence],
  );
  await pool.query(`INSERT INTO budget_ledger_entry (pot_id, kind, amount_pence) VALUES ($1, 'fund', $2)`, [id, pence]);
  return id;
}

async function overspend(pool: Pool, potId: string): Promise<number> {
  const [row] = (
    await pool.query(
      `SELECT p.funded_pence::bigint AS funded, coalesce(sum(e.amount_pence), 0)::bigint AS reserved
       FROM budget_pot p LEFT JOIN budget_ledger_entry e ON e.pot_id = p.id AND e.kind = 'reserve' WHERE p.id = $1 GROUP BY p.funded_pence`,
      [potId],
    )
  ).rows;
  return Math.max(0, Number(row.reserved) - Number(row.funded));
}

/** The baseline: the two statements by hand, one transaction each. */
async function baseline(config: AppConfig): Promise<Run> {
  const pool = new Pool({ connectionString: config.database.url, max: CALLERS });
  try {
    const one = (potId: string) => async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const updated = await client.query(
          `UPDATE budget_pot SET reserved_pence = reserved_pence + $1, available_pence = available_pence - $1 WHERE id = $2 AND available_pence >= $1 RETURNING id`,
          [BURSARY, potId],
        );
        if (updated.rowCount === 0) {
          await client.query('ROLLBACK');
          return false;
        }
        await client.query(`INSERT INTO budget_ledger_entry (pot_id, kind, amount_pence, application_id) VALUES ($1, 'reserve', $2, $3)`, [potId, BURSARY, randomUUID()]);
        await client.query('COMMIT');
        return true;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    };
    await drive(WARMUP, one(await rawPot(pool, 'baseline warm-up', WARMUP * BURSARY)));
    const potId = await rawPot(pool, 'baseline', POT);
    const reserve = await drive(RESERVATIONS, one(potId));
    const refuse = await drive(REFUSALS, one(potId));
    return { name: 'baseline: raw pg, guarded UPDATE + INSERT', reserve, refuse, overspendPence: await overspend(pool, potId) };
  } finally {
    await pool.end();
  }
}

/** The application: BudgetService.reserve in a real transaction, as approving an application calls it. */
async function application(config: AppConfig): Promise<Run & { reconciled: boolean }> {
  const app: INestApplicationContext = await NestFactory.createApplicationContext(AllocationBenchModule.forRoot(config), { logger: ['error', 'warn'] });
  const pool = new Pool({ connectionString: config.database.url, max: 2 });
  try {
    const ds = app.get(DataSource);
    const budget = app.get(BudgetService);
    const one = (potId: string) => async () => (await ds.transaction((m) => budget.reserve(m, { potId, applicationId: randomUUID(), amountPence: BURSARY, actor: ACTOR }))).reserved;
    await drive(WARMUP, one(await rawPot(pool, 'application warm-up', WARMUP * BURSARY)));
    // The pot under test is created the way finance creates one: within the £6m programme total.
    const pot = await app.get(PotsService).create({ name: 'Bursaries 2026-27', financialYear: '2026-27', amountPence: POT }, ACTOR);
    const reserve = await drive(RESERVATIONS, one(pot.id));
    const refuse = await drive(REFUSALS, one(pot.id));
    const reconciled = (await app.get(ReconciliationService).reconcile({ potIds: [pot.id] })).ok;
    return { name: 'app: BudgetService.reserve', reserve, refuse, overspendPence: await overspend(pool, pot.id), reconciled };
  } finally {
    await pool.end();
    await app.close();
  }
}

export async function run(): Promise<void> {
  const db = await scratchDatabase();
  const config = db.config.withOverrides({ database: { ...db.config.database, poolSize: CALLERS } });
  try {
    const base = await baseline(config);
    const app = await application(config);
    const rate = (p: Phase) => p.accepted / p.seconds;
    console.log(
      `\nbench/allocation: ${RESERVATIONS.toLocaleString('en-GB')} reservations of ${formatPounds(BURSARY)} against one ${formatPounds(POT)} pot, ` +
        `then ${REFUSALS.toLocaleString('en-GB')} that must be refused; ${CALLERS} concurrent callers, pool of ${CALLERS}, after ${WARMUP} warm-up reservations`,
    );
    console.log('name'.padEnd(44) + 'reserved/s'.padStart(11) + 'refused/s'.padStart(11) + 'reserved'.padStart(10) + 'refused'.padStart(9) + 'queries/op'.padStart(12) + 'overspend'.padStart(11) + '  ratio');
    for (const r of [base, app]) {
      console.log(
        r.name.padEnd(44) +
          rate(r.reserve).toFixed(0).padStart(11) +
          (r.refuse.refused / r.refuse.seconds).toFixed(0).padStart(11) +
          String(r.reserve.accepted + r.refuse.accepted).padStart(10) +
          String(r.reserve.refused + r.refuse.refused).padStart(9) +
          (r.reserve.queries / RESERVATIONS).toFixed(1).padStart(12) +
          formatPounds(r.overspendPence).padStart(11) +
          `  ${(rate(r.reserve) / rate(base.reserve)).toFixed(2)}`,
      );
    }
    const ok = app.reserve.accepted === RESERVATIONS && app.refuse.accepted === 0 && app.overspendPence === 0 && app.reconciled;
    console.log(
      `overspend ${formatPounds(app.overspendPence)}; the last ${REFUSALS} all refused: ${app.refuse.accepted === 0}; reconciliation clean: ${app.reconciled}; ` +
        `ratio ${(rate(app.reserve) / rate(base.reserve)).toFixed(2)} (target at least 0.5)`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await db.close();
  }
}
