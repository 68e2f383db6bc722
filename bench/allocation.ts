import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { BudgetModule, BudgetService, formatPounds, PotsService, ReconciliationService } from '@app/budget';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { IdentityModule, type Actor } from '@app/identity';
import { IntakeModule } from '@app/intake';
import { QueueModule } from '@app/queue';
import { scratchDatabase } from './harness';
import { countQueries } from './servers/count-queries';

/**
 * Allocation under load: 12,000 reservations of £500 against one £6m pot from
 * 50 concurrent callers of the reserve operation approving runs (in process,
 * each in its own real transaction), then 1,000 more that must all be refused.
 * Baseline, same run, same pool size and callers: raw pg issuing the guarded
 * UPDATE and one ledger INSERT in one transaction.
 *
 * Then "approve with promotion": PROMOTIONS offers holding reservations and
 * as many waitlisted applications behind them in one pot; the callers each
 * release one offer (BudgetService.release in a real transaction, which
 * offers the freed bursary to the waiting list through FreedMoney and
 * intake's WaitingList). Baseline, same run, callers and pool: raw pg doing
 * the same guarded updates (release entry and pot, the next waitlisted
 * locked FOR UPDATE SKIP LOCKED, guarded reserve and its entry, the status
 * and its transition row). Every release must promote exactly one applicant
 * and the pot must reconcile.
 */
const CALLERS = Number(process.env.BENCH_CALLERS ?? 50);
const RESERVATIONS = 12_000;
const REFUSALS = 1_000;
const WARMUP = Number(process.env.BENCH_WARMUP_RESERVATIONS ?? 1_000);
const BURSARY = 50_000;
const POT = RESERVATIONS * BURSARY;
const ACTOR: Actor = { kind: 'session', role: 'finance' };
const PROMOTIONS = Number(process.env.BENCH_PROMOTIONS ?? 3_000);
const PROMOTION_WARMUP = Number(process.env.BENCH_WARMUP_PROMOTIONS ?? 300);

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

// IntakeModule provides the WaitingListPort that FreedMoney offers released money through.
@Module({})
class AllocationBenchModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: AllocationBenchModule, imports: [ConfigModule.forRoot(config), DatabaseModule, QueueModule, IdentityModule, BudgetModule, IntakeModule] };
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

/** A pot's waiting list as approving leaves it: `n` offers holding their bursary (the pot has nothing else) and `n` waitlisted behind them. */
async function waitingList(pool: Pool, name: string, n: number): Promise<{ potId: string; offers: string[]; waiting: string[] }> {
  const potId = randomUUID();
  const tag = randomUUID().slice(0, 8);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO budget_pot (id, name, purpose, financial_year, funded_pence, reserved_pence, available_pence) VALUES ($1, $2, 'bursaries', '2026-27', $3, $3, 0)`,
      [potId, name, n * BURSARY],
    );
    await client.query(`INSERT INTO budget_ledger_entry (pot_id, kind, amount_pence) VALUES ($1, 'fund', $2)`, [potId, n * BURSARY]);
    const [{ id: qualificationId }] = (
      await client.query(`INSERT INTO qualification (title, awarding_body, level, bursary_pence, duration_months) VALUES ($1, 'Bench Awarding Body', 5, $2, 12) RETURNING id`, [`Bench ${tag}`, BURSARY])
    ).rows;
    const [{ id: roundId }] = (
      await client.query(`INSERT INTO funding_round (name, opens_at, closes_at, pot_id, rule_set_version) VALUES ($1, now() - interval '1 day', now() + interval '30 days', $2, '2026-1') RETURNING id`, [`Bench round ${tag}`, potId])
    ).rows;
    await client.query(`INSERT INTO round_qualification (round_id, qualification_id) VALUES ($1, $2)`, [roundId, qualificationId]);
    const apps: { id: string; status: string }[] = (
      await client.query(
        `WITH u AS (
           INSERT INTO user_account (email, full_name, role, email_verified_at)
           SELECT 'bench.' || $1 || '.' || i || '@example.org', 'Bench Applicant ' || i, 'applicant', now() FROM generate_series(1, $2 * 2) AS i RETURNING id, email
         ), n AS (SELECT id, row_number() OVER (ORDER BY email) AS i FROM u)
         INSERT INTO application (reference, applicant_id, round_id, qualification_id, status, submitted_at, priority_score)
         SELECT 'PMB-B-' || $1 || '-' || i, id, $3, $4, CASE WHEN i <= $2 THEN 'offered' ELSE 'waitlisted' END, now() - make_interval(secs => i), 50 FROM n
         RETURNING id, status`,
        [tag, n, roundId, qualificationId],
      )
    ).rows;
    const offers = apps.filter((a) => a.status === 'offered').map((a) => a.id);
    await client.query(`INSERT INTO budget_ledger_entry (pot_id, kind, amount_pence, application_id) SELECT $1, 'reserve', $2, unnest($3::uuid[])`, [potId, BURSARY, offers]);
    await client.query('COMMIT');
    return { potId, offers, waiting: apps.filter((a) => a.status === 'waitlisted').map((a) => a.id) };
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

/** `offers` released one per call from `CALLERS` callers. */
function releasing(offers: string[], one: (applicationId: string) => Promise<boolean>): Promise<Phase> {
  let next = 0;
  return drive(offers.length, () => one(offers[next++]));
}

interface PromotionRun {
  name: string;
  phase: Phase;
  /** Applications moved from the waiting list to an offer, each exactly once, and how many still wait. */
  promoted: number;
  promotedTwice: number;
  stillWaiting: number;
  /** The pot adds up: funded = available + reserved, no balance negative, the ledger's reservations net of releases equal what is reserved, and nothing left idle. */
  potBalanced: boolean;
  overspendPence: number;
}

async function promotionOutcome(pool: Pool, list: { potId: string; waiting: string[] }): Promise<Omit<PromotionRun, 'name' | 'phase'>> {
  const [moves] = (
    await pool.query(
      `SELECT count(*) FILTER (WHERE n >= 1)::int AS promoted, count(*) FILTER (WHERE n > 1)::int AS twice
       FROM (SELECT application_id, count(*) AS n FROM application_transition WHERE application_id = ANY($1::uuid[]) AND from_status = 'waitlisted' AND to_status = 'offered' GROUP BY application_id) t`,
      [list.waiting],
    )
  ).rows;
  const [{ waiting }] = (await pool.query(`SELECT count(*)::int AS waiting FROM application WHERE id = ANY($1::uuid[]) AND status = 'waitlisted'`, [list.waiting])).rows;
  const [pot] = (
    await pool.query(
      `SELECT p.funded_pence::bigint AS funded, p.available_pence::bigint AS available, p.reserved_pence::bigint AS reserved,
         (SELECT coalesce(sum(CASE kind WHEN 'reserve' THEN amount_pence WHEN 'release' THEN -amount_pence END), 0) FROM budget_ledger_entry WHERE pot_id = p.id)::bigint AS held,
         (SELECT coalesce(sum(amount_pence), 0) FROM budget_ledger_entry WHERE pot_id = p.id AND kind = 'fund')::bigint AS fund
       FROM budget_pot p WHERE p.id = $1`,
      [list.potId],
    )
  ).rows;
  const [funded, available, reserved, held, fund] = [pot.funded, pot.available, pot.reserved, pot.held, pot.fund].map(Number);
  return {
    promoted: moves.promoted,
    promotedTwice: moves.twice,
    stillWaiting: waiting,
    potBalanced: funded === fund && available >= 0 && reserved >= 0 && funded === available + reserved && held === reserved && available === 0,
    overspendPence: Math.max(0, held - funded),
  };
}

/** The baseline of "approve with promotion": the same guarded updates by hand, one transaction per release. */
async function promotionBaseline(config: AppConfig): Promise<PromotionRun> {
  const pool = new Pool({ connectionString: config.database.url, max: CALLERS });
  try {
    const one = (potId: string) => async (applicationId: string) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const released = await client.query(
          `UPDATE budget_pot SET reserved_pence = reserved_pence - $1, available_pence = available_pence + $1 WHERE id = $2 AND reserved_pence >= $1 RETURNING id`,
          [BURSARY, potId],
        );
        if (released.rowCount === 0) {
          await client.query('ROLLBACK');
          return false;
        }
        await client.query(`INSERT INTO budget_ledger_entry (pot_id, kind, bucket, amount_pence, application_id, reason) VALUES ($1, 'release', 'reserved', $2, $3, 'offer declined')`, [potId, BURSARY, applicationId]);
        const next = await client.query(
          `SELECT a.id FROM application a JOIN funding_round r ON r.id = a.round_id
           WHERE r.pot_id = $1 AND a.status = 'waitlisted' AND a.held_at IS NULL
           ORDER BY a.priority_score DESC NULLS LAST, a.submitted_at, a.id LIMIT 1 FOR UPDATE OF a SKIP LOCKED`,
          [potId],
        );
        const app = next.rows[0]?.id as string | undefined;
        if (app) {
          const reserved = await client.query(
            `UPDATE budget_pot SET reserved_pence = reserved_pence + $1, available_pence = available_pence - $1 WHERE id = $2 AND available_pence >= $1 AND closed_at IS NULL RETURNING id`,
            [BURSARY, potId],
          );
          if (reserved.rowCount === 1) {
            await client.query(`INSERT INTO budget_ledger_entry (pot_id, kind, amount_pence, application_id) VALUES ($1, 'reserve', $2, $3)`, [potId, BURSARY, app]);
            await client.query(`UPDATE application SET status = 'offered', updated_at = now() WHERE id = $1 AND status = 'waitlisted'`, [app]);
            await client.query(
              `INSERT INTO application_transition (application_id, from_status, to_status, actor_role, reason_code) VALUES ($1, 'waitlisted', 'offered', 'system', 'promoted_from_waiting_list')`,
              [app],
            );
          }
        }
        await client.query('COMMIT');
        return true;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    };
    const warm = await waitingList(pool, 'baseline promotion warm-up', PROMOTION_WARMUP);
    await releasing(warm.offers, one(warm.potId));
    const list = await waitingList(pool, 'baseline promotion', PROMOTIONS);
    const phase = await releasing(list.offers, one(list.potId));
    return { name: 'baseline: raw pg, release + promote', phase, ...(await promotionOutcome(pool, list)) };
  } finally {
    await pool.end();
  }
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

/** The application: BudgetService.reserve in a real transaction, as approving an application calls it; then release + promote. */
async function application(config: AppConfig): Promise<Run & { reconciled: boolean; promotion: PromotionRun & { reconciled: boolean } }> {
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
    const overspendPence = await overspend(pool, pot.id);

    // Approve with promotion: each release offers the freed bursary to the next waitlisted, in the same transaction.
    const release = (applicationId: string) => ds.transaction(async (m) => !!(await budget.release(m, { applicationId, reason: 'offer declined', actor: ACTOR })));
    const warm = await waitingList(pool, 'application promotion warm-up', PROMOTION_WARMUP);
    await releasing(warm.offers, release);
    const list = await waitingList(pool, 'application promotion', PROMOTIONS);
    const phase = await releasing(list.offers, release);
    const promotion = {
      name: 'app: release + promote (FreedMoney)',
      phase,
      ...(await promotionOutcome(pool, list)),
      reconciled: (await app.get(ReconciliationService).reconcile({ potIds: [list.potId] })).ok,
    };
    return { name: 'app: BudgetService.reserve', reserve, refuse, overspendPence, reconciled, promotion };
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
    const promotionBase = await promotionBaseline(config);
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

    console.log(
      `\napprove with promotion: ${PROMOTIONS.toLocaleString('en-GB')} offers released from ${CALLERS} concurrent callers, each freeing ${formatPounds(BURSARY)} ` +
        `for the next of ${PROMOTIONS.toLocaleString('en-GB')} waitlisted in the same pot; pool of ${CALLERS}, after ${PROMOTION_WARMUP} warm-up releases`,
    );
    console.log('name'.padEnd(44) + 'released/s'.padStart(11) + 'promoted'.padStart(10) + 'twice'.padStart(7) + 'waiting'.padStart(9) + 'queries/op'.padStart(12) + 'overspend'.padStart(11) + '  ratio');
    const promoted = (r: PromotionRun) => r.phase.accepted / r.phase.seconds;
    for (const r of [promotionBase, app.promotion]) {
      console.log(
        r.name.padEnd(44) +
          promoted(r).toFixed(0).padStart(11) +
          String(r.promoted).padStart(10) +
          String(r.promotedTwice).padStart(7) +
          String(r.stillWaiting).padStart(9) +
          (r.phase.queries / PROMOTIONS).toFixed(1).padStart(12) +
          formatPounds(r.overspendPence).padStart(11) +
          `  ${(promoted(r) / promoted(promotionBase)).toFixed(2)}`,
      );
    }
    const exactlyOne = (r: PromotionRun) => r.phase.accepted === PROMOTIONS && r.promoted === PROMOTIONS && r.promotedTwice === 0 && r.stillWaiting === 0;
    const p = app.promotion;
    console.log(
      `approve with promotion: every release promoted exactly one applicant: ${exactlyOne(p)} (baseline ${exactlyOne(promotionBase)}); ` +
        `pot balanced: ${p.potBalanced}; reconciliation clean: ${p.reconciled}; overspend ${formatPounds(p.overspendPence)}; ratio ${(promoted(p) / promoted(promotionBase)).toFixed(2)}`,
    );
    if (!ok || !exactlyOne(p) || !exactlyOne(promotionBase) || !p.potBalanced || !promotionBase.potBalanced || !p.reconciled || p.overspendPence !== 0) process.exitCode = 1;
  } finally {
    await db.close();
  }
}
