import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Queue, QueueEvents } from 'bullmq';
import { DataSource } from 'typeorm';
import { loadConfig, projectRoot, runMain, type AppConfig } from '@app/config';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { dataSourceOptions, ensureDatabase, pendingMigrations, prepareDatabase, runMigrations } from '@app/database';
import { DomainError } from '@app/http';
import { formatPounds, ReconciliationService, YearEndService, type YearEndChoice } from '@app/budget';
import { AccountsService, SYSTEM_ACTOR, type Role } from '@app/identity';
import { ProvidersService } from '@app/training';
import { describeDemoSignIns, loadDemoData } from '@app/demo';
import { CliModule } from './cli.module';
import { checkRedis, JOB, QUEUE, type SystemProbeResult } from '@app/queue';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migration:run                 apply every pending migration
  migration:revert              undo the most recent migration
  migration:status              list pending migrations (exit 1 if any)
  migration:generate <Name>     write migrations/<timestamp>-<Name>.ts from the entities' difference
                                with the migrated database; review it and add it to migrations/index.ts
  queue:probe [--hold-ms N]     send a probe job and wait for a worker to answer (proves workers consume)
  create-user --role R --email E --password P [--full-name N] [--provider-id ID]
                                create a ready-to-use account (the first admin); R is admin, reviewer,
                                finance or provider (provider needs --provider-id)
  create-provider --name N --ukprn U
                                register a training provider organisation; prints its id
  demo-data                     load the demo data set into an empty database
  budget:reconcile              recompute every budget pot from its ledger entries and compare with the
                                stored balances; prints each pot, exit 1 on any difference (never fixes)
  budget:year-end --financial-year 2026-27 --reservations carry|release --commitments carry|release
                  [--to-pot ID] --reason R
                                close the year's pots and carry what they hold into the next year's pot
                                (--to-pot), or release it; see docs/budget.md
`;

async function withDataSource<T>(config: AppConfig, fn: (ds: DataSource) => Promise<T>): Promise<T> {
  await ensureDatabase(config.database.url, config.database.createIfMissing);
  const ds = await new DataSource(dataSourceOptions(config, { extra: { max: 2 } })).initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

const commands: Record<string, (config: AppConfig, args: string[]) => Promise<number>> = {
  'migration:run': async (config) => {
    const applied = await withDataSource(config, runMigrations);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply: the schema is up to date.');
    return 0;
  },
  'migration:revert': async (config) => {
    await withDataSource(config, (ds) => ds.undoLastMigration({ transaction: 'each' }));
    console.log('Reverted the most recent migration.');
    return 0;
  },
  'migration:status': async (config) => {
    const pending = await withDataSource(config, pendingMigrations);
    console.log(pending.length ? `Pending: ${pending.join(', ')}` : 'Up to date.');
    return pending.length ? 1 : 0;
  },
  'migration:generate': async (_config, args) => {
    const name = args[0];
    if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
      console.error('migration:generate needs a PascalCase name, for example: npm run migration:generate -- AddRounds');
      return 2;
    }
    const root = projectRoot();
    const result = spawnSync(
      process.execPath,
      [
        resolve(root, 'node_modules/typeorm/cli.js'),
        'migration:generate',
        '--pretty',
        '-d',
        resolve(root, 'dist/libs/database/src/cli-data-source.js'),
        resolve(root, 'migrations', name),
      ],
      { stdio: 'inherit' },
    );
    return result.status ?? 1;
  },
  'create-user': async (config, args) => {
    const { values } = parseArgs({
      args,
      options: { role: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' }, 'full-name': { type: 'string' }, 'provider-id': { type: 'string' } },
    });
    const role = values.role as Role | undefined;
    if (!role || !['admin', 'reviewer', 'finance', 'provider'].includes(role) || !values.email || !values.password) {
      console.error('create-user needs --role admin|reviewer|finance|provider, --email and --password (see --help)');
      return 2;
    }
    return withApp(config, async (app) => {
      try {
        const user = await app.get(AccountsService).createUser(
          { role, email: values.email!, password: values.password!, fullName: values['full-name'] ?? values.email!, providerId: values['provider-id'] },
          SYSTEM_ACTOR,
        );
        console.log(`Created ${user.role} ${user.email} (id ${user.id}).`);
        return 0;
      } catch (err) {
        return failWith(err);
      }
    });
  },
  'create-provider': async (config, args) => {
    const { values } = parseArgs({ args, options: { name: { type: 'string' }, ukprn: { type: 'string' } } });
    if (!values.name || !/^\d{8}$/.test(values.ukprn ?? '')) {
      console.error('create-provider needs --name and --ukprn (8 digits)');
      return 2;
    }
    return withApp(config, async (app) => {
      try {
        const provider = await app.get(ProvidersService).create({ name: values.name!, ukprn: values.ukprn! }, SYSTEM_ACTOR);
        console.log(`Created provider ${provider.name} (id ${provider.id}).`);
        return 0;
      } catch (err) {
        return failWith(err);
      }
    });
  },
  'budget:reconcile': async (config) =>
    withApp(config, async (app) => {
      const result = await app.get(ReconciliationService).reconcile();
      for (const pot of result.pots) {
        const line = `${pot.financialYear} ${pot.name} (${pot.id}): ledger ${formatPounds(pot.ledgerSumPence)}, balance ${formatPounds(pot.balancePence)} available`;
        console.log(pot.ok ? `ok    ${line}` : `DIFFERS ${line}; differs in ${pot.differences.join(', ')}`);
      }
      if (!result.programme.ok) {
        console.log(`DIFFERS programme: pots hold ${formatPounds(result.programme.allocatedPence)}, funding entries say ${formatPounds(result.programme.ledgerFundedPence)}`);
      }
      if (!result.applications.ok) console.log(`DIFFERS applications holding less than nothing: ${result.applications.overdrawn.join(', ')}`);
      const payments = result.payments;
      if (payments) {
        const line = `payments: ledger ${formatPounds(payments.ledgerPayablePence)} fallen due, payment lines ${formatPounds(payments.paymentLinesPence)}`;
        console.log(payments.ledgerPayablePence === payments.paymentLinesPence && payments.mismatchedLines === 0 ? `ok    ${line}` : `DIFFERS ${line}; ${payments.mismatchedLines} lines disagree with their entries`);
        for (const p of payments.runs.problems) console.log(`DIFFERS payment run ${p.reference}: ${p.problem}`);
        if (payments.runs.paidOutsideRuns) console.log(`DIFFERS ${payments.runs.paidOutsideRuns} payments marked paid outside any paid run`);
        if (payments.runs.awaitingPayment.length) console.log(`open  approved payment runs waiting to be paid: ${payments.runs.awaitingPayment.join(', ')}`);
      }
      console.log(result.ok ? `Reconciled: ${result.pots.length} pots agree with their ledger entries.` : 'Reconciliation found differences; nothing was changed.');
      return result.ok ? 0 : 1;
    }),
  'budget:year-end': async (config, args) => {
    const { values } = parseArgs({
      args,
      options: { 'financial-year': { type: 'string' }, reservations: { type: 'string' }, commitments: { type: 'string' }, 'to-pot': { type: 'string' }, reason: { type: 'string' } },
    });
    const choice = (v?: string) => (v === 'carry' || v === 'release' ? (v as YearEndChoice) : undefined);
    const reservations = choice(values.reservations);
    const commitments = choice(values.commitments);
    if (!values['financial-year'] || !reservations || !commitments || !values.reason) {
      console.error('budget:year-end needs --financial-year, --reservations carry|release, --commitments carry|release and --reason (and --to-pot to carry)');
      return 2;
    }
    return withApp(config, async (app) => {
      try {
        const result = await app.get(YearEndService).run(
          { financialYear: values['financial-year']!, reservations, commitments, toPotId: values['to-pot'], reason: values.reason! },
          SYSTEM_ACTOR,
        );
        for (const pot of result.pots) {
          console.log(
            `${pot.potId}: ${pot.applications} applications; carried ${formatPounds(pot.carriedReservedPence)} reserved and ${formatPounds(pot.carriedCommittedPence)} committed; released ${formatPounds(pot.releasedReservedPence)} reserved and ${formatPounds(pot.releasedCommittedPence)} committed`,
          );
        }
        console.log(`Year end ${result.financialYear} done (id ${result.id}): ${result.entries} ledger entries; ${result.closedPotIds.length} pots closed now.`);
        return 0;
      } catch (err) {
        return failWith(err);
      }
    });
  },
  'demo-data': async (config) =>
    withApp(config, async (app) => {
      const users = await loadDemoData(app);
      console.log(users ? describeDemoSignIns(users, config.http.publicBaseUrl) : 'Not loaded: the database already has accounts or demo data.');
      return 0;
    }),
  'queue:probe': async (config, args) => {
    const { values } = parseArgs({ args, options: { 'hold-ms': { type: 'string', default: '0' }, timeout: { type: 'string', default: '10000' } } });
    await checkRedis(config.redis.url);
    const connection = { url: config.redis.url };
    const queue = new Queue(QUEUE.system, { connection, prefix: config.redis.queuePrefix });
    const events = new QueueEvents(QUEUE.system, { connection, prefix: config.redis.queuePrefix });
    try {
      await events.waitUntilReady();
      const job = await queue.add(JOB.systemProbe, { requestedAt: new Date().toISOString(), holdMs: Number(values['hold-ms']) }, { removeOnComplete: 100, removeOnFail: 100 });
      const result = (await job.waitUntilFinished(events, Number(values.timeout))) as SystemProbeResult;
      console.log(`A worker answered: ${result.handledBy} (${result.startedAt} -> ${result.finishedAt})`);
      return 0;
    } catch (err) {
      console.error(`No worker answered: ${(err as Error).message}. Is a worker running (npm start or npm run start:worker)?`);
      return 1;
    } finally {
      await events.close();
      await queue.close();
    }
  },
};

async function withApp<T>(config: AppConfig, fn: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  await prepareDatabase(config);
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config.withOverrides({ log: { ...config.log, level: 'warn' } })), { logger: ['error', 'warn'] });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

function failWith(err: unknown): number {
  if (err instanceof DomainError) {
    console.error(`${err.message}${err.errors?.length ? ': ' + err.errors.map((e) => `${e.field} ${e.message}`).join('; ') : ''}`);
    return 1;
  }
  throw err;
}

runMain(async () => {
  const [command, ...args] = process.argv.slice(2);
  const run = command ? commands[command] : undefined;
  if (command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (!run) {
    process.stderr.write(command ? `Unknown command "${command}".\n\n${USAGE}` : USAGE);
    process.exit(command ? 2 : 0);
  }
  process.exitCode = await run(loadConfig(), args);
});
